import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { PRODUCTION } from '../../lib/config';
import { CloudTrailLake } from '../../lib/security/cloudtrail-lake';
import { unitTestApp } from '../support/app';
import { stackTemplate } from '../support/assembly';
import { resourcesOf } from '../support/fixtures';

describe('CloudTrailLake', () => {
  test('sandbox: switched off, no event data store', () => {
    stackTemplate('sandbox', 'Audit').resourceCountIs('AWS::CloudTrail::EventDataStore', 0);
  });

  test('production: management events of every region, kept as configured, encrypted, termination-protected and retained', () => {
    const [store] = resourcesOf(stackTemplate('production', 'Audit'), 'AWS::CloudTrail::EventDataStore');
    expect(store.props).toMatchObject({
      RetentionPeriod: PRODUCTION.cloudTrailLake!.retentionDays,
      MultiRegionEnabled: true,
      TerminationProtectionEnabled: true,
      AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] }],
    });
    expect(store.props.KmsKeyId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^LakeKey/), 'Arn'] });
    expect(store.resource.DeletionPolicy).toBe('Retain');
  });

  test('fails on a retention outside 7 days to 7 years', () => {
    expect(() => new CloudTrailLake(new Stack(unitTestApp(), 'Test'), 'Lake', { retentionDays: 3, removalPolicy: RemovalPolicy.DESTROY })).toThrow(
      /CloudTrailLake retentionDays must be a whole number from 7 to 2557.*got 3/,
    );
  });
});
