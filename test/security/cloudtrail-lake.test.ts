import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { addAtlasStages } from '../../lib/atlas-app';
import { PRODUCTION, withEveryOptionalPart } from '../../lib/config';
import { CloudTrailLake } from '../../lib/security/cloudtrail-lake';
import { unitTestApp } from '../support/app';
import { stackTemplate } from '../support/assembly';
import { refTarget, resourcesOfType } from '../support/select';

describe('CloudTrailLake', () => {
  test.each(['sandbox', 'production'] as const)('%s preset: switched off (CloudTrail Lake is closed to new customers since 31 May 2026)', (stage) => {
    stackTemplate(stage, 'Audit').resourceCountIs('AWS::CloudTrail::EventDataStore', 0);
    expect(PRODUCTION.cloudTrailLake).toBeUndefined();
  });

  test('production with Lake on: management events of every region, kept as configured, encrypted, termination-protected and retained', () => {
    const [stage] = addAtlasStages(unitTestApp(), { stage: 'production', compliance: false, configure: withEveryOptionalPart });
    const template = Template.fromStack(stage.auditStack);
    template.resourceCountIs('AWS::CloudTrail::EventDataStore', 1);
    const lake = stage.config.cloudTrailLake!;
    const [store] = resourcesOfType(template, 'AWS::CloudTrail::EventDataStore');
    expect(store.Properties).toMatchObject({
      RetentionPeriod: lake.retentionDays,
      MultiRegionEnabled: true,
      TerminationProtectionEnabled: true,
      AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] }],
    });
    expect(store.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^LakeKey/), 'Arn'] });
    refTarget(template, store.Properties.KmsKeyId, 'AWS::KMS::Key');
    expect(store.DeletionPolicy).toBe('Retain');
  });

  test('fails on a retention outside 7 days to 7 years', () => {
    expect(() => new CloudTrailLake(new Stack(unitTestApp(), 'Test'), 'Lake', { retentionDays: 3, removalPolicy: RemovalPolicy.DESTROY })).toThrow(
      /CloudTrailLake retentionDays must be a whole number from 7 to 2557.*got 3/,
    );
  });
});
