import { RemovalPolicy } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { PRESETS } from '../../lib/config';
import { RelationalDatabase, RelationalDatabaseProps } from '../../lib/database/relational';
import { stackTemplate } from '../support/assembly';
import { networkFixture, resourcesOf } from '../support/fixtures';
import { at, expectProperties, expectResource, referrersOf, refTarget, resourceAt } from '../support/select';

describe('RelationalDatabase', () => {
  describe.each(['sandbox', 'production'] as const)('%s stage', (stage) => {
    const template = stackTemplate(stage, 'Data');
    const config = PRESETS[stage].relational;
    const production = stage === 'production';
    // The database instance, and what it references: its key, secret, subnet and parameter groups.
    const database = () => resourceAt(stage, 'Data', 'Relational/Resource', 'AWS::RDS::DBInstance');
    const databaseKey = () => refTarget(template, database().Properties.KmsKeyId, 'AWS::KMS::Key');
    const databaseSecret = () => {
      // MasterUserPassword is a dynamic reference {{resolve:secretsmanager:<secret>:SecretString:password::}}.
      const [prefix, secretRef, suffix] = (database().Properties.MasterUserPassword as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
      expect([prefix, suffix]).toEqual(['{{resolve:secretsmanager:', ':SecretString:password::}}']);
      return refTarget(template, secretRef, 'AWS::SecretsManager::Secret');
    };

    test('PostgreSQL, encrypted with a customer key, IAM auth, backups, Performance Insights, monitoring and log exports', () => {
      const db = database();
      expectProperties(db, {
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
      refTarget(template, db.Properties.KmsKeyId, 'AWS::KMS::Key');
    });

    test('RDS is not reachable from the internet: not public, isolated subnets, data security group only', () => {
      const db = database();
      expectProperties(db, { PubliclyAccessible: false, VPCSecurityGroups: [Match.anyValue()] });
      const group = refTarget(template, db.Properties.DBSubnetGroupName, 'AWS::RDS::DBSubnetGroup');
      expect(JSON.stringify(group.Properties.SubnetIds)).toMatch(/IsolatedSubnet/);
      expect(JSON.stringify(group.Properties.SubnetIds)).not.toMatch(/PublicSubnet|ApplicationSubnet/);
      expect(JSON.stringify(db.Properties.VPCSecurityGroups)).toMatch(/NetworkDataSecurityGroup/);
    });

    test('credentials are generated in Secrets Manager (never in the template) and rotated every 30 days', () => {
      const secret = databaseSecret();
      expectProperties(secret, { GenerateSecretString: Match.objectLike({ GenerateStringKey: 'password' }) });
      // The rotation of this secret: on the secret itself or on its attachment to this database.
      const attachments = referrersOf(template, secret, 'AWS::SecretsManager::SecretTargetAttachment', 'SecretId').filter(
        (a) => refTarget(template, a.Properties.TargetId).id === database().id,
      );
      const rotations = referrersOf(template, [secret, ...attachments], 'AWS::SecretsManager::RotationSchedule', 'SecretId');
      expect(rotations).toHaveLength(1);
      expectProperties(rotations[0], {
        HostedRotationLambda: Match.objectLike({ RotationType: 'PostgreSQLSingleUser' }),
        RotationRules: { ScheduleExpression: 'rate(30 days)' },
      });
      expect(JSON.stringify(template.toJSON())).not.toMatch(/MasterUserPassword":"[^{]/);
    });

    test('the credentials are encrypted with the database key, not the AWS-managed Secrets Manager key', () => {
      expect(databaseSecret().Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [databaseKey().id, 'Arn'] });
    });

    test(
      production
        ? 'a daily AWS Backup plan keeps restore points 35 days in a vault encrypted with the database key'
        : 'no AWS Backup plan: a vault with restore points would block cdk destroy',
      () => {
        template.resourceCountIs('AWS::Backup::BackupPlan', production ? 1 : 0);
        template.resourceCountIs('AWS::Backup::BackupSelection', production ? 1 : 0);
        if (!production) return;
        // The selection that names this database, its plan, and the plan's vault.
        const selections = referrersOf(template, database(), 'AWS::Backup::BackupSelection');
        expect(selections).toHaveLength(1);
        const [selection] = selections;
        expect(JSON.stringify(selection.Properties)).toMatch(/:db:/);
        const plan = refTarget(template, selection.Properties.BackupPlanId, 'AWS::Backup::BackupPlan');
        expectProperties(plan, {
          BackupPlan: { BackupPlanRule: Match.arrayWith([Match.objectLike({ ScheduleExpression: 'cron(0 5 * * ? *)', Lifecycle: { DeleteAfterDays: 35 } })]) },
        });
        const rule = (at(plan.Properties, 'BackupPlan', 'BackupPlanRule') as { ScheduleExpression: string; TargetBackupVault: unknown }[]).find(
          (r) => r.ScheduleExpression === 'cron(0 5 * * ? *)',
        )!;
        const vault = refTarget(template, rule.TargetBackupVault, 'AWS::Backup::BackupVault');
        expectResource(vault, { Properties: { EncryptionKeyArn: Match.anyValue() }, DeletionPolicy: 'Retain' });
        expect(refTarget(template, vault.Properties.EncryptionKeyArn).id).toBe(databaseKey().id);
      },
    );

    test('the parameter group forces TLS', () => {
      const parameters = refTarget(template, database().Properties.DBParameterGroupName, 'AWS::RDS::DBParameterGroup');
      expectProperties(parameters, { Parameters: Match.objectLike({ 'rds.force_ssl': '1' }) });
    });

    test(`durability: Multi-AZ ${config.multiAz}, deletion protection ${production}, ${production ? 'SNAPSHOT' : 'DESTROY'} on delete`, () => {
      expectResource(database(), {
        Properties: Match.objectLike({ MultiAZ: config.multiAz, DeletionProtection: production }),
        DeletionPolicy: production ? 'Snapshot' : 'Delete',
        UpdateReplacePolicy: production ? 'Snapshot' : 'Delete',
      });
    });

    test('the stateful logical id is pinned (a change would replace the database)', () => {
      expect(resourcesOf(template, 'AWS::RDS::DBInstance').map((r) => r.id)).toEqual(['Relational31E15196']);
    });

    test('alarms: CPU, free storage, freeable memory, connections', () => {
      // The alarms on this database.
      const metrics = referrersOf(template, database(), 'AWS::CloudWatch::Alarm')
        .filter((a) => a.Properties.Namespace === 'AWS/RDS')
        .map((a) => a.Properties.MetricName)
        .sort();
      expect(metrics).toEqual(['CPUUtilization', 'DatabaseConnections', 'FreeStorageSpace', 'FreeableMemory']);
    });
  });

  test('production keeps backups at least 7 days', () => {
    expect(PRESETS.production.relational.backupRetentionDays).toBeGreaterThanOrEqual(7);
  });

  describe('props', () => {
    const base: Omit<RelationalDatabaseProps, 'network' | 'alarmTopic'> = {
      instanceType: 't4g.micro',
      multiAz: false,
      allocatedStorageGiB: 20,
      maxAllocatedStorageGiB: 50,
      backupRetentionDays: 1,
      removalPolicy: RemovalPolicy.DESTROY,
      logRetention: RetentionDays.ONE_WEEK,
    };
    const build = (props: Partial<RelationalDatabaseProps>) => {
      const { stack, network, topic } = networkFixture();
      new RelationalDatabase(stack, 'Relational', { network, alarmTopic: topic, ...base, ...props });
    };
    test.each<[string, Partial<RelationalDatabaseProps>, RegExp]>([
      [
        'backups under 7 days when data is retained',
        { removalPolicy: RemovalPolicy.SNAPSHOT, backupRetentionDays: 3 },
        /RelationalDatabase backupRetentionDays must be at least 7 when data is retained \(production\), got 3/,
      ],
      ['backups over 35 days', { backupRetentionDays: 36 }, /backupRetentionDays must be a whole number from 1 to 35.*got 36/],
      ['storage under 20 GiB', { allocatedStorageGiB: 10 }, /allocatedStorageGiB must be a whole number from 20 to 65536.*got 10/],
      [
        'an autoscaling ceiling not above the storage',
        { maxAllocatedStorageGiB: 20 },
        /maxAllocatedStorageGiB must be a whole number from 21 to 65536 \(the storage autoscaling ceiling must be above allocatedStorageGiB\), got 20/,
      ],
      [
        'a db.-prefixed instance type',
        { instanceType: 'db.t4g.micro' },
        /instanceType must be an instance class without the 'db\.' prefix.*got 'db\.t4g\.micro'/,
      ],
    ])('fails on %s', (_name, props, message) => {
      expect(() => build(props)).toThrow(message);
    });
  });
});
