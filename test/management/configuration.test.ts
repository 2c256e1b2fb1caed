import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { PRESETS } from '../../lib/config';
import { ANSIBLE_DOCUMENT, CONFIGURATION_TAG, ConfigurationManagement } from '../../lib/management/configuration';
import { unitTestApp } from '../support/app';
import { stackTemplate } from '../support/assembly';
import { resourcesOf } from '../support/fixtures';

describe('ConfigurationManagement (the successor of OpsWorks)', () => {
  describe.each(['sandbox', 'production'] as const)('%s stage', (stage) => {
    const template = stackTemplate(stage, 'Compute');
    const [association] = resourcesOf(template, 'AWS::SSM::Association');

    test(`State Manager applies the Ansible playbook to instances tagged ${CONFIGURATION_TAG}=${stage}, ${PRESETS[stage].configurationManagement.schedule}`, () => {
      expect(association.props).toMatchObject({
        Name: ANSIBLE_DOCUMENT,
        Targets: [{ Key: `tag:${CONFIGURATION_TAG}`, Values: [stage] }],
        ScheduleExpression: PRESETS[stage].configurationManagement.schedule,
        ComplianceSeverity: 'HIGH',
      });
      const parameters = association.props.Parameters as Record<string, string[]>;
      expect(parameters).toMatchObject({ SourceType: ['S3'], PlaybookFile: ['playbook.yml'], Check: ['False'] });
      expect(JSON.stringify(parameters.SourceInfo)).toMatch(/\.zip/);
    });

    test('command output goes to the output bucket under ansible/', () => {
      expect(association.props.OutputLocation).toMatchObject({ S3Location: { OutputS3KeyPrefix: 'ansible/' } });
    });

    test("the web tier's instances carry the tag and may read the playbook and write their output", () => {
      const [launchTemplate] = resourcesOf(template, 'AWS::EC2::LaunchTemplate');
      const specs = (launchTemplate.props.LaunchTemplateData as { TagSpecifications: { ResourceType: string; Tags: { Key: string; Value: string }[] }[] })
        .TagSpecifications;
      expect(specs.find((s) => s.ResourceType === 'instance')!.Tags).toContainEqual({ Key: CONFIGURATION_TAG, Value: stage });
      const policy = resourcesOf(template, 'AWS::IAM::Policy').find((p) => p.id.startsWith('WebTierInstanceRole'))!;
      const actions = (policy.props.PolicyDocument as { Statement: { Action: string | string[] }[] }).Statement.flatMap((s) => [s.Action].flat());
      expect(actions).toEqual(expect.arrayContaining(['s3:GetObject*', 's3:PutObject']));
    });
  });

  test.each(['every 30 minutes', 'rate(30 minute)', 'cron()'])('fails on the schedule %s', (schedule) => {
    const stack = new Stack(unitTestApp(), 'Test');
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
    expect(
      () =>
        new ConfigurationManagement(stack, 'Configuration', {
          targetTagValue: 'sandbox',
          schedule,
          instanceRoles: [role],
          removalPolicy: RemovalPolicy.DESTROY,
        }),
    ).toThrow(`ConfigurationManagement schedule must be a State Manager rate or cron expression such as 'rate(30 minutes)', got '${schedule}'`);
  });
});
