import { Match } from 'aws-cdk-lib/assertions';
import { PRESETS } from '../../lib/config';
import { TTL_ATTRIBUTE } from '../../lib/database/key-value';
import { tableReplicaKeyAlias } from '../../lib/stacks/standby-data-stack';
import { stackArtifacts, stackTemplate } from '../support/assembly';
import { at, expectProperties, joinedText, referrersOf, refTarget, resourceAt, stackOutputTarget } from '../support/select';

describe('KeyValueTable', () => {
  describe('production: a global table with a replica in the standby region', () => {
    const standby = PRESETS.production.standby!;
    const table = resourceAt('production', 'Data', 'KeyValue/Resource', 'AWS::DynamoDB::GlobalTable');
    const replica = () =>
      (table.Properties.Replicas as { Region: string; SSESpecification: { KMSMasterKeyId: unknown } }[]).find((r) => r.Region === standby.region)!;

    test("the replica is encrypted with the standby region's own rotating key, named by its alias (the Data stack is transformed: no cross-region reference there)", () => {
      const aliasArn = joinedText(replica().SSESpecification.KMSMasterKeyId, (part) =>
        JSON.stringify(part) === '{"Ref":"AWS::AccountId"}' ? '<account>' : JSON.stringify(part),
      );
      const data = stackTemplate('production', 'StandbyData');
      const key = resourceAt('production', 'StandbyData', 'TableReplicaKey', 'AWS::KMS::Key');
      const [alias] = referrersOf(data, key, 'AWS::KMS::Alias', 'TargetKeyId');
      expect(aliasArn).toBe(`arn:aws:kms:${standby.region}:<account>:${String(alias.Properties.AliasName)}`);
      expect(alias.Properties.AliasName).toBe(tableReplicaKeyAlias('production'));
      expectProperties(key, { EnableKeyRotation: true });
      expect(key.DeletionPolicy).toBe('Retain');
    });

    test('the key exists before the replica: Data deploys after StandbyData', () => {
      const data = stackArtifacts('production').find((a) => a.displayName === 'production/Data')!;
      const standbyData = stackArtifacts('production').find((a) => a.displayName === 'production/StandbyData')!;
      expect(data.dependencies).toContain(standbyData.id);
      expect(standbyData.environment).toBe(`aws://unknown-account/${standby.region}`);
    });

    test('replicated writes need a stream: new and old images', () => {
      expect(table.Properties.StreamSpecification).toEqual({ StreamViewType: 'NEW_AND_OLD_IMAGES' });
    });
  });

  describe.each(['sandbox', 'production'] as const)('%s stage', (stage) => {
    const template = stackTemplate(stage, 'Data');
    const production = stage === 'production';
    const table = resourceAt(stage, 'Data', 'KeyValue/Resource', 'AWS::DynamoDB::GlobalTable');

    test('on-demand, partition key pk and sort key sk, items expire by their expiresAt attribute', () => {
      expect(table.Properties).toMatchObject({
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
      });
    });

    test('encrypted with its own rotating customer-managed key, point-in-time recovery on every replica', () => {
      expect(table.Properties.SSESpecification).toEqual({ SSEEnabled: true, SSEType: 'KMS' });
      const replicas = table.Properties.Replicas as { Region: string; SSESpecification: { KMSMasterKeyId: unknown } }[];
      const standby = PRESETS[stage].standby;
      expect(replicas.map((r) => r.Region).sort()).toEqual([PRESETS[stage].region, ...(standby ? [standby.region] : [])].sort());
      for (const replica of replicas) expect(replica).toMatchObject({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } });
      const home = replicas.find((r) => r.Region === PRESETS[stage].region)!;
      expect(home.SSESpecification).toEqual({ KMSMasterKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^KeyValueKey/), 'Arn'] } });
      const key = refTarget(template, home.SSESpecification.KMSMasterKeyId, 'AWS::KMS::Key');
      expectProperties(key, { Description: 'Encrypts the key-value table', EnableKeyRotation: true });
    });

    test(`durability: deletion protection ${production}, ${production ? 'RETAIN' : 'DESTROY'} on delete`, () => {
      const replicas = table.Properties.Replicas as Record<string, unknown>[];
      for (const replica of replicas) expect(replica.DeletionProtectionEnabled).toBe(production);
      expect(table.DeletionPolicy).toBe(production ? 'Retain' : 'Delete');
    });

    test('the stateful logical id is pinned (a change would replace the table)', () => {
      expect(table.id).toBe('KeyValue11B1D4B3');
    });

    test('alarms on throttled requests and system errors', () => {
      // The alarms on this table's metrics.
      const alarms = referrersOf(template, table, 'AWS::CloudWatch::Alarm').filter((a) => JSON.stringify(a.Properties).includes('AWS/DynamoDB'));
      expect(alarms.map((a) => a.Properties.AlarmDescription).sort()).toEqual([
        'DynamoDB returned internal server errors for the key-value table',
        'DynamoDB throttled requests to the key-value table (on-demand should absorb them: look for a hot partition)',
      ]);
    });

    test('the function reads and writes the table through a grant, and knows its name', () => {
      const compute = stackTemplate(stage, 'Compute');
      const fn = resourceAt(stage, 'Compute', 'Functions/Processor', 'AWS::Lambda::Function');
      expectProperties(fn, { Environment: { Variables: { TABLE_NAME: Match.anyValue() } } });
      // TABLE_NAME is a cross-stack reference to this table.
      const named = stackOutputTarget(stage, at(fn.Properties, 'Environment', 'Variables', 'TABLE_NAME'), 'AWS::DynamoDB::GlobalTable');
      expect([named.stackId, named.resource.id]).toEqual(['Data', table.id]);
      // The policies attached to the function's own role.
      const role = refTarget(compute, fn.Properties.Role, 'AWS::IAM::Role');
      const policies = referrersOf(compute, role, 'AWS::IAM::Policy', 'Roles');
      const statements = policies.flatMap((p) => (p.Properties.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown }[] }).Statement);
      const actions = statements.flatMap((st) => [st.Action].flat());
      expect(actions).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:GetItem']));
      expect(actions).not.toContain('dynamodb:*');
      // Every DynamoDB statement is scoped to this table.
      const tableStatements = statements.filter((st) => [st.Action].flat().some((a) => a.startsWith('dynamodb:')));
      const resources = tableStatements.flatMap((st) => [st.Resource].flat()).map((r) => stackOutputTarget(stage, r).resource.id);
      expect(resources.length).toBeGreaterThan(0);
      expect(new Set(resources)).toEqual(new Set([table.id]));
    });
  });
});
