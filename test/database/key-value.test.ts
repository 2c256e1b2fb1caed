import { Match } from 'aws-cdk-lib/assertions';
import { TTL_ATTRIBUTE } from '../../lib/database/key-value';
import { stackTemplate } from '../support/assembly';
import { resourcesOf } from '../support/fixtures';

describe('KeyValueTable', () => {
  describe.each(['sandbox', 'production'] as const)('%s stage', (stage) => {
    const template = stackTemplate(stage, 'Data');
    const production = stage === 'production';
    const [table] = resourcesOf(template, 'AWS::DynamoDB::GlobalTable');

    test('on-demand, partition key pk and sort key sk, items expire by their expiresAt attribute', () => {
      expect(table.props).toMatchObject({
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
        TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
      });
    });

    test('encrypted with its own rotating customer-managed key, point-in-time recovery on every replica', () => {
      expect(table.props.SSESpecification).toEqual({ SSEEnabled: true, SSEType: 'KMS' });
      const replicas = table.props.Replicas as Record<string, unknown>[];
      expect(replicas).toHaveLength(1);
      expect(replicas[0]).toMatchObject({
        Region: 'ap-northeast-2',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { KMSMasterKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^KeyValueKey/), 'Arn'] } },
      });
      template.hasResourceProperties('AWS::KMS::Key', { Description: 'Encrypts the key-value table', EnableKeyRotation: true });
    });

    test(`durability: deletion protection ${production}, ${production ? 'RETAIN' : 'DESTROY'} on delete`, () => {
      const replicas = table.props.Replicas as Record<string, unknown>[];
      expect(replicas[0].DeletionProtectionEnabled).toBe(production);
      expect(table.resource.DeletionPolicy).toBe(production ? 'Retain' : 'Delete');
    });

    test('the stateful logical id is pinned (a change would replace the table)', () => {
      expect(table.id).toBe('KeyValue11B1D4B3');
    });

    test('alarms on throttled requests and system errors', () => {
      const alarms = resourcesOf(template, 'AWS::CloudWatch::Alarm').filter((a) => JSON.stringify(a.props).includes('AWS/DynamoDB'));
      expect(alarms.map((a) => a.props.AlarmDescription).sort()).toEqual([
        'DynamoDB returned internal server errors for the key-value table',
        'DynamoDB throttled requests to the key-value table (on-demand should absorb them: look for a hot partition)',
      ]);
    });

    test('the function reads and writes the table through a grant, and knows its name', () => {
      const compute = stackTemplate(stage, 'Compute');
      compute.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: { TABLE_NAME: Match.anyValue() } } });
      const policies = resourcesOf(compute, 'AWS::IAM::Policy').filter((p) => p.id.startsWith('FunctionsProcessorServiceRole'));
      const statements = policies.flatMap((p) => (p.props.PolicyDocument as { Statement: { Action: string | string[] }[] }).Statement);
      const actions = statements.flatMap((st) => [st.Action].flat());
      expect(actions).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:GetItem']));
      expect(actions).not.toContain('dynamodb:*');
    });
  });
});
