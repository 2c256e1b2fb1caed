import { Duration, RemovalPolicy, Size, Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { acknowledge, acknowledgeSingleton, guard, HIPAA, inPacks, NIST } from '../compliance/acknowledge';
import { CDK_PROVIDER_OUTSIDE_VPC, GRANT_POLICY } from '../compliance/common-exceptions';
import { addAlarm } from '../management/alarms';
import { Network } from '../networking/network';
import { DB_INSTANCE_CLASS, requireInteger, requirePattern, requireThat } from '../shared/validate';
import { rotatingKey } from '../shared/rotating-key';

/** PostgreSQL major version of the reference database. */
export const POSTGRES_VERSION = rds.PostgresEngineVersion.VER_18_3;

/** Port of the database (the PostgreSQL default), one of the data tier's ports. */
export const POSTGRES_PORT = 5432;

/** Properties of a `RelationalDatabase`. */
export interface RelationalDatabaseProps {
  /** The network: the database lives in the isolated subnets behind the data security group. */
  readonly network: Network;
  /** Topic for the database's alarms. */
  readonly alarmTopic: sns.ITopic;
  /** RDS instance class without the `db.` prefix, e.g. `t4g.micro`. */
  readonly instanceType: string;
  /** A standby in another AZ with automatic failover; needs at least two AZs. */
  readonly multiAz: boolean;
  /** Initial storage in GiB (gp3): 20 to 65536. */
  readonly allocatedStorageGiB: number;
  /** Ceiling of storage autoscaling in GiB: above `allocatedStorageGiB`, at most 65536. */
  readonly maxAllocatedStorageGiB: number;
  /** Automated backups kept this many days: 1 to 35, at least 7 where data is retained (production). */
  readonly backupRetentionDays: number;
  /** `SNAPSHOT` keeps a final snapshot and turns on deletion protection (production); `DESTROY` tears down. */
  readonly removalPolicy: RemovalPolicy;
  /** Retention of the exported PostgreSQL logs. */
  readonly logRetention: logs.RetentionDays;
  /**
   * Days between automatic password rotations.
   *
   * @default 30
   */
  readonly rotationDays?: number;
}

/**
 * The study's RDS: a managed relational database. PostgreSQL in the isolated subnets, never publicly
 * accessible; storage encrypted with a rotating customer-managed key; credentials generated into Secrets Manager
 * and rotated; IAM authentication; TLS forced by the parameter group; automated backups; Multi-AZ and deletion
 * protection in production; Performance Insights, enhanced monitoring and log exports. Where data is retained
 * (production) the instance is also in an AWS Backup plan (daily, kept 35 days) with an encrypted vault, so a
 * restore point survives even the deletion of the instance and its automated backups.
 */
export class RelationalDatabase extends Construct {
  /** The database instance. */
  public readonly instance: rds.IDatabaseInstance;
  /** The generated administrator credentials. */
  public readonly secret: secretsmanager.ISecret;
  /** The alarms of the database. */
  public readonly alarms: readonly cloudwatch.IAlarm[];
  /** The database's CPU utilisation and connections, graphed next to the alarms. */
  public readonly metrics: readonly cloudwatch.IMetric[];
  /**
   * The AWS Backup plan that covers the instance.
   *
   * @default - none where data is not retained (sandbox)
   */
  public readonly backupPlan?: backup.IBackupPlan;

  constructor(scope: Construct, id: string, props: RelationalDatabaseProps) {
    super(scope, id);
    const owner = 'RelationalDatabase';
    requirePattern(owner, 'instanceType', props.instanceType, DB_INSTANCE_CLASS, "an instance class without the 'db.' prefix, such as t4g.micro");
    requireInteger(owner, 'allocatedStorageGiB', props.allocatedStorageGiB, 20, 65536, 'gp3 storage for PostgreSQL');
    requireInteger(
      owner,
      'maxAllocatedStorageGiB',
      props.maxAllocatedStorageGiB,
      props.allocatedStorageGiB + 1,
      65536,
      'the storage autoscaling ceiling must be above allocatedStorageGiB',
    );
    requireInteger(owner, 'backupRetentionDays', props.backupRetentionDays, 1, 35, 'RDS keeps automated backups 1 to 35 days');
    requireInteger(owner, 'rotationDays', props.rotationDays ?? 30, 1, 365);
    const retain = props.removalPolicy !== RemovalPolicy.DESTROY;
    requireThat(
      !retain || props.backupRetentionDays >= 7,
      owner,
      `backupRetentionDays must be at least 7 when data is retained (production), got ${props.backupRetentionDays}`,
    );
    const azCount = props.network.vpc.availabilityZones.length;
    requireThat(!props.multiAz || azCount >= 2, owner, `multiAz needs at least 2 availability zones, got ${azCount}`);

    const engine = rds.DatabaseInstanceEngine.postgres({ version: POSTGRES_VERSION });
    const parameterGroup = new rds.ParameterGroup(this, 'Parameters', {
      engine,
      description: 'Forces TLS and logs connections',
      parameters: { 'rds.force_ssl': '1', log_connections: '1', log_disconnections: '1' },
    });
    const key = rotatingKey(this, 'Key', 'Encrypts the relational database storage, Performance Insights, credentials and backups', props.removalPolicy);

    props.network.admitDataPort(POSTGRES_PORT, 'PostgreSQL');
    const instance = new rds.DatabaseInstance(this, 'Resource', {
      engine,
      instanceType: new ec2.InstanceType(props.instanceType),
      vpc: props.network.vpc,
      vpcSubnets: props.network.isolatedSubnets,
      securityGroups: [props.network.dataSecurityGroup],
      publiclyAccessible: false,
      port: POSTGRES_PORT,
      credentials: rds.Credentials.fromGeneratedSecret('atlas_admin', { encryptionKey: key }),
      storageEncrypted: true,
      storageEncryptionKey: key,
      storageType: rds.StorageType.GP3,
      allocatedStorage: props.allocatedStorageGiB,
      maxAllocatedStorage: props.maxAllocatedStorageGiB,
      multiAz: props.multiAz,
      backupRetention: Duration.days(props.backupRetentionDays),
      deleteAutomatedBackups: !retain,
      deletionProtection: retain,
      removalPolicy: retain ? RemovalPolicy.SNAPSHOT : RemovalPolicy.DESTROY,
      iamAuthentication: true,
      parameterGroup,
      enablePerformanceInsights: true,
      performanceInsightEncryptionKey: key,
      monitoringInterval: Duration.seconds(60),
      cloudwatchLogsExports: ['postgresql', 'upgrade'],
      cloudwatchLogsRetention: props.logRetention,
      autoMinorVersionUpgrade: true,
      copyTagsToSnapshot: true,
      caCertificate: rds.CaCertificate.RDS_CA_RSA2048_G1,
    });
    this.instance = instance;
    this.secret = instance.secret!;
    // The final snapshot keeps the password it was taken with: where data is retained, so are the credentials.
    // (`instance.secret` is the attachment; the generated secret itself is the instance's child.)
    (instance.node.findChild('Secret') as secretsmanager.Secret).applyRemovalPolicy(retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY);
    // Hosted rotation: Secrets Manager builds the rotation function itself. It runs with the application security
    // group, which the data tier already admits on 5432, so no new network path is opened.
    this.secret.addRotationSchedule('Rotation', {
      hostedRotation: secretsmanager.HostedRotation.postgreSqlSingleUser({
        vpc: props.network.vpc,
        vpcSubnets: props.network.applicationSubnets,
        securityGroups: [props.network.applicationSecurityGroup],
      }),
      automaticallyAfter: Duration.days(props.rotationDays ?? 30),
    });
    if (retain) {
      const vault = new backup.BackupVault(this, 'BackupVault', { encryptionKey: key, removalPolicy: RemovalPolicy.RETAIN });
      const plan = backup.BackupPlan.daily35DayRetention(this, 'BackupPlan', vault);
      const selection = plan.addSelection('Selection', { resources: [backup.BackupResource.fromRdsDatabaseInstance(this.instance)] });
      acknowledge(selection, {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
        reason:
          'AWS Backup documents this AWS-managed service-role policy as the permissions its backup jobs need; the role can only be assumed by AWS Backup.',
      });
      this.backupPlan = plan;
    } else {
      acknowledge(this.instance, {
        id: inPacks('RDSInBackupPlan', NIST, HIPAA),
        reason:
          'The sandbox relies on automated backups only: a Backup vault with recovery points cannot be deleted by cdk destroy; production adds the instance to a daily AWS Backup plan.',
      });
    }
    if (!props.multiAz) {
      acknowledge(this.instance, {
        id: ['AwsSolutions-RDS3', ...inPacks('RDSMultiAZSupport', NIST, HIPAA), guard('rds_instance_multi_az_support_check')],
        reason: 'Single-AZ is the sandbox trade-off: a disposable stage does not pay for a standby; production sets multiAz and tests it.',
      });
    }
    if (!retain) {
      acknowledge(this.instance, {
        id: ['AwsSolutions-RDS10', ...inPacks('RDSInstanceDeletionProtectionEnabled', NIST, HIPAA), guard('rds_instance_deletion_protection_enabled_check')],
        reason: 'The sandbox must tear down with cdk destroy, so deletion protection is off there only; production turns it on and tests it.',
      });
    }
    acknowledge(this.instance, {
      id: ['AwsSolutions-RDS11', guard('rds_instance_no_default_ports_check')],
      reason: 'A non-default port is obscurity, not security: the database is in isolated subnets and admits 5432 only from the application security group.',
    });
    acknowledgeSingleton(
      Stack.of(this),
      'LogRetention',
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: 'The CDK-managed log-retention function that sets the retention of the RDS log groups only writes its own logs with this policy.',
      },
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'The CDK-managed log-retention function sets retention on log groups that RDS creates by name at run time, so it cannot name them in advance.',
      },
      GRANT_POLICY,
      CDK_PROVIDER_OUTSIDE_VPC,
    );
    const monitoringRole = this.instance.node.tryFindChild('MonitoringRole');
    if (monitoringRole) {
      acknowledge(monitoringRole, {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole]',
        reason: 'Enhanced monitoring requires this AWS-managed service-role policy; it only lets RDS write OS metrics to its own RDSOSMetrics log group.',
      });
    }

    const topic = props.alarmTopic;
    const allocatedBytes = Size.gibibytes(props.allocatedStorageGiB).toBytes();
    this.alarms = [
      addAlarm(this, 'CpuAlarm', topic, {
        metric: instance.metricCPUUtilization({ period: Duration.minutes(5) }),
        threshold: 80,
        comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 3,
        treatMissingData: cloudwatch.TreatMissingData.BREACHING, // a running database always reports CPU
        description: 'Database CPU above 80 % for 15 minutes',
      }),
      addAlarm(this, 'FreeStorageAlarm', topic, {
        metric: instance.metricFreeStorageSpace({ period: Duration.minutes(5) }),
        threshold: allocatedBytes * 0.1,
        comparison: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.BREACHING,
        description: 'Less than 10 % of the allocated storage is free (autoscaling should have grown it)',
      }),
      addAlarm(this, 'FreeableMemoryAlarm', topic, {
        metric: instance.metricFreeableMemory({ period: Duration.minutes(5) }),
        threshold: Size.mebibytes(64).toBytes(),
        comparison: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        evaluationPeriods: 3,
        treatMissingData: cloudwatch.TreatMissingData.BREACHING,
        description: 'Less than 64 MiB of freeable memory for 15 minutes',
      }),
      addAlarm(this, 'ConnectionsAlarm', topic, {
        metric: instance.metricDatabaseConnections({ period: Duration.minutes(5) }),
        threshold: 80,
        comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 3,
        treatMissingData: cloudwatch.TreatMissingData.MISSING,
        description: 'More than 80 database connections for 15 minutes',
      }),
    ];
    this.metrics = [instance.metricCPUUtilization(), instance.metricDatabaseConnections()];
  }
}
