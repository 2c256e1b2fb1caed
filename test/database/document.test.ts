import { RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { PRODUCTION } from '../../lib/config';
import { DocumentDatabase, DocumentDatabaseProps } from '../../lib/database/document';
import { stackTemplate } from '../support/assembly';
import { networkFixture } from '../support/fixtures';
import { expectProperties, referrersOf, refTarget, resourceAt } from '../support/select';

describe('DocumentDatabase', () => {
  test('sandbox: switched off, so there is no DocumentDB resource at all', () => {
    const template = stackTemplate('sandbox', 'Data');
    for (const type of ['AWS::DocDB::DBCluster', 'AWS::DocDB::DBInstance', 'AWS::DocDB::DBClusterParameterGroup']) template.resourceCountIs(type, 0);
  });

  describe('production', () => {
    const template = stackTemplate('production', 'Data');
    const cluster = resourceAt('production', 'Data', 'Document/Resource', 'AWS::DocDB::DBCluster');

    test('storage and password encrypted with a customer key; the password managed (and rotated) by DocumentDB in Secrets Manager', () => {
      expect(cluster.Properties).toMatchObject({ StorageEncrypted: true, ManageMasterUserPassword: true, MasterUsername: 'atlas_admin' });
      expect(cluster.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^DocumentKey/), 'Arn'] });
      const key = refTarget(template, cluster.Properties.KmsKeyId, 'AWS::KMS::Key');
      // The managed password's secret is encrypted with the same customer key.
      expect(refTarget(template, cluster.Properties.MasterUserSecretKmsKeyId).id).toBe(key.id);
      expect(cluster.Properties.MasterUserPassword).toBeUndefined();
    });

    test('TLS enforced, audit and profiler logs on and exported', () => {
      const parameters = refTarget(template, cluster.Properties.DBClusterParameterGroupName, 'AWS::DocDB::DBClusterParameterGroup');
      expectProperties(parameters, { Parameters: { tls: 'enabled', audit_logs: 'enabled', profiler: 'enabled', profiler_threshold_ms: '100' } });
      expect(cluster.Properties.EnableCloudwatchLogsExports).toEqual(['audit', 'profiler']);
    });

    test(`backups kept ${PRODUCTION.document!.backupRetentionDays} days, deletion protection, a final snapshot on delete`, () => {
      expect(cluster.Properties).toMatchObject({ BackupRetentionPeriod: PRODUCTION.document!.backupRetentionDays, DeletionProtection: true });
      expect(cluster.DeletionPolicy).toBe('Snapshot');
    });

    test('in the isolated subnets behind the data security group, instances in different availability zones', () => {
      const subnets = refTarget(template, cluster.Properties.DBSubnetGroupName, 'AWS::DocDB::DBSubnetGroup');
      expect(JSON.stringify(subnets.Properties.SubnetIds)).toMatch(/IsolatedSubnet/);
      expect(JSON.stringify(cluster.Properties.VpcSecurityGroupIds)).toMatch(/NetworkDataSecurityGroup/);
      // The instances of this cluster.
      const azs = referrersOf(template, cluster, 'AWS::DocDB::DBInstance', 'DBClusterIdentifier').map((i) => i.Properties.AvailabilityZone);
      expect(azs).toHaveLength(PRODUCTION.document!.instances);
      expect(new Set(azs).size).toBe(azs.length);
    });
  });

  describe('props', () => {
    const build = (props: Partial<DocumentDatabaseProps>) => {
      const { stack, network, topic } = networkFixture();
      return new DocumentDatabase(stack, 'Document', {
        network,
        alarmTopic: topic,
        instanceType: 't4g.medium',
        instances: 1,
        backupRetentionDays: 1,
        removalPolicy: RemovalPolicy.DESTROY,
        logRetention: RetentionDays.ONE_WEEK,
        ...props,
      });
    };

    test.each<[string, Partial<DocumentDatabaseProps>, RegExp]>([
      ['no instances', { instances: 0 }, /DocumentDatabase instances must be a whole number from 1 to 16.*got 0/],
      [
        'an instance class with the db. prefix',
        { instanceType: 'db.t4g.medium' },
        /DocumentDatabase instanceType must be an instance class without the 'db\.' prefix.*got 'db\.t4g\.medium'/,
      ],
      [
        'retained data with backups kept less than a week',
        { removalPolicy: RemovalPolicy.RETAIN, backupRetentionDays: 3 },
        /DocumentDatabase backupRetentionDays must be at least 7 when data is retained \(production\), got 3/,
      ],
    ])('fails on %s', (_what, props, message) => {
      expect(() => build(props)).toThrow(message);
    });
  });
});
