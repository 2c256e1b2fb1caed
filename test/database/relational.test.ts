import { RemovalPolicy } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { PRESETS } from '../../lib/config';
import { RelationalDatabase, RelationalDatabaseProps } from '../../lib/database/relational';
import { stackTemplate } from '../support/assembly';
import { networkFixture, resourcesOf } from '../support/fixtures';

describe('RelationalDatabase', () => {
  describe.each(['sandbox', 'production'] as const)('%s stage', (stage) => {
    const template = stackTemplate(stage, 'Data');
    const config = PRESETS[stage].relational;
    const production = stage === 'production';

    test('PostgreSQL, encrypted with a customer key, IAM auth, backups, Performance Insights, monitoring and log exports', () => {
      template.hasResourceProperties('AWS::RDS::DBInstance', {
        Engine: 'postgres',
        EngineVersion: Match.stringLikeRegexp('^18\\.'),
        DBInstanceClass: `db.${config.instanceType}`,
        StorageEncrypted: true,
        KmsKeyId: Match.anyValue(),
        StorageType: 'gp3',
        AllocatedStorage: String(config.allocatedStorageGiB),
        MaxAllocatedStorage: config.maxAllocatedStorageGiB,
        EnableIAMDatabaseAuthentication: true,
        BackupRetentionPeriod: config.backupRetentionDays,
        EnablePerformanceInsights: true,
        MonitoringInterval: 60,
        EnableCloudwatchLogsExports: ['postgresql', 'upgrade'],
        AutoMinorVersionUpgrade: true,
        CACertificateIdentifier: 'rds-ca-rsa2048-g1',
      });
    });

    test('RDS is not reachable from the internet: not public, isolated subnets, data security group only', () => {
      template.hasResourceProperties('AWS::RDS::DBInstance', { PubliclyAccessible: false, VPCSecurityGroups: [Match.anyValue()] });
      const [group] = resourcesOf(template, 'AWS::RDS::DBSubnetGroup');
      expect(JSON.stringify(group.props.SubnetIds)).toMatch(/IsolatedSubnet/);
      expect(JSON.stringify(group.props.SubnetIds)).not.toMatch(/PublicSubnet|ApplicationSubnet/);
      const [db] = resourcesOf(template, 'AWS::RDS::DBInstance');
      expect(JSON.stringify(db.props.VPCSecurityGroups)).toMatch(/NetworkDataSecurityGroup/);
    });

    test('credentials are generated in Secrets Manager (never in the template) and rotated every 30 days', () => {
      template.hasResourceProperties('AWS::SecretsManager::Secret', { GenerateSecretString: Match.objectLike({ GenerateStringKey: 'password' }) });
      template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
        HostedRotationLambda: Match.objectLike({ RotationType: 'PostgreSQLSingleUser' }),
        RotationRules: { ScheduleExpression: 'rate(30 days)' },
      });
      expect(JSON.stringify(template.toJSON())).not.toMatch(/MasterUserPassword":"[^{]/);
    });

    test('the credentials are encrypted with the database key, not the AWS-managed Secrets Manager key', () => {
      const [secret] = resourcesOf(template, 'AWS::SecretsManager::Secret');
      const [key] = resourcesOf(template, 'AWS::KMS::Key');
      expect(secret.props.KmsKeyId).toEqual({ 'Fn::GetAtt': [key.id, 'Arn'] });
    });

    test(production ? 'a daily AWS Backup plan keeps restore points 35 days in a vault encrypted with the database key' : 'no AWS Backup plan: a vault with restore points would block cdk destroy', () => {
      template.resourceCountIs('AWS::Backup::BackupPlan', production ? 1 : 0);
      template.resourceCountIs('AWS::Backup::BackupSelection', production ? 1 : 0);
      if (!production) return;
      template.hasResourceProperties('AWS::Backup::BackupPlan', {
        BackupPlan: { BackupPlanRule: Match.arrayWith([Match.objectLike({ ScheduleExpression: 'cron(0 5 * * ? *)', Lifecycle: { DeleteAfterDays: 35 } })]) },
      });
      template.hasResource('AWS::Backup::BackupVault', { Properties: { EncryptionKeyArn: Match.anyValue() }, DeletionPolicy: 'Retain' });
      const [selection] = resourcesOf(template, 'AWS::Backup::BackupSelection');
      expect(JSON.stringify(selection.props)).toMatch(/:db:/);
    });

    test('the parameter group forces TLS', () => {
      template.hasResourceProperties('AWS::RDS::DBParameterGroup', { Parameters: Match.objectLike({ 'rds.force_ssl': '1' }) });
    });

    test(`durability: Multi-AZ ${production}, deletion protection ${production}, ${production ? 'SNAPSHOT' : 'DESTROY'} on delete`, () => {
      template.hasResource('AWS::RDS::DBInstance', {
        Properties: Match.objectLike({ MultiAZ: production, DeletionProtection: production }),
        DeletionPolicy: production ? 'Snapshot' : 'Delete',
        UpdateReplacePolicy: production ? 'Snapshot' : 'Delete',
      });
    });

    test('the stateful logical id is pinned (a change would replace the database)', () => {
      expect(resourcesOf(template, 'AWS::RDS::DBInstance').map((r) => r.id)).toEqual(['Relational31E15196']);
    });

    test('alarms: CPU, free storage, freeable memory, connections', () => {
      const metrics = resourcesOf(template, 'AWS::CloudWatch::Alarm')
        .filter((a) => a.props.Namespace === 'AWS/RDS')
        .map((a) => a.props.MetricName)
        .sort();
      expect(metrics).toEqual(['CPUUtilization', 'DatabaseConnections', 'FreeStorageSpace', 'FreeableMemory']);
    });
  });

  test('production keeps backups at least 7 days', () => {
    expect(PRESETS.production.relational.backupRetentionDays).toBeGreaterThanOrEqual(7);
  });

  describe('props', () => {
    const base: Omit<RelationalDatabaseProps, 'network' | 'alarmTopic'> = {
      instanceType: 't4g.micro', multiAz: false, allocatedStorageGiB: 20, maxAllocatedStorageGiB: 50, backupRetentionDays: 1,
      removalPolicy: RemovalPolicy.DESTROY, logRetention: RetentionDays.ONE_WEEK,
    };
    const build = (props: Partial<RelationalDatabaseProps>) => {
      const { stack, network, topic } = networkFixture();
      new RelationalDatabase(stack, 'Relational', { network, alarmTopic: topic, ...base, ...props });
    };
    test.each<[string, Partial<RelationalDatabaseProps>, RegExp]>([
      ['backups under 7 days when data is retained', { removalPolicy: RemovalPolicy.SNAPSHOT, backupRetentionDays: 3 }, /RelationalDatabase backupRetentionDays must be at least 7 when data is retained \(production\), got 3/],
      ['backups over 35 days', { backupRetentionDays: 36 }, /backupRetentionDays must be a whole number from 1 to 35.*got 36/],
      ['storage under 20 GiB', { allocatedStorageGiB: 10 }, /allocatedStorageGiB must be a whole number from 20 to 65536.*got 10/],
      ['an autoscaling ceiling not above the storage', { maxAllocatedStorageGiB: 20 }, /maxAllocatedStorageGiB must be a whole number from 21 to 65536 \(the storage autoscaling ceiling must be above allocatedStorageGiB\), got 20/],
      ['a db.-prefixed instance type', { instanceType: 'db.t4g.micro' }, /instanceType must be an instance class without the 'db\.' prefix.*got 'db\.t4g\.micro'/],
    ])('fails on %s', (_name, props, message) => {
      expect(() => build(props)).toThrow(message);
    });
  });
});
