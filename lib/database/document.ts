import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as docdb from 'aws-cdk-lib/aws-docdb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { acknowledge } from '../compliance/acknowledge';
import { addAlarm } from '../management/alarms';
import { Network } from '../networking/network';
import { rotatingKey } from '../shared/rotating-key';
import { DB_INSTANCE_CLASS, requireInteger, requirePattern, requireThat } from '../shared/validate';

/** Port of DocumentDB (MongoDB wire protocol), one of the data tier's ports. */
export const DOCUMENT_PORT = 27017;

/** Properties of a `DocumentDatabase`. */
export interface DocumentDatabaseProps {
  /** The network: the cluster lives in the isolated subnets behind the data security group. */
  readonly network: Network;
  /** Topic for the cluster's alarms. */
  readonly alarmTopic: sns.ITopic;
  /** Instance class without the `db.` prefix, e.g. `t4g.medium`. */
  readonly instanceType: string;
  /** Instances: 1 to 16, spread across the AZs. */
  readonly instances: number;
  /** Days automated backups are kept: 1 to 35 (at least 7 where data is retained). */
  readonly backupRetentionDays: number;
  /** `SNAPSHOT` keeps a final snapshot and turns on deletion protection (production); `DESTROY` tears down. */
  readonly removalPolicy: RemovalPolicy;
  /** Retention of the exported audit and profiler logs. */
  readonly logRetention: logs.RetentionDays;
}

/**
 * The study's document database: DocumentDB, MongoDB-compatible. A cluster in the isolated subnets behind the data
 * security group; storage, the master password and backups encrypted with a rotating customer key; the password
 * managed in Secrets Manager by DocumentDB itself (rotated without a Lambda function); TLS enforced and audit and
 * profiler logging switched on by the cluster parameter group and exported to CloudWatch Logs; instances placed in
 * different AZs; deletion protection and a final snapshot where data is retained.
 */
export class DocumentDatabase extends Construct {
  /** The cluster. */
  public readonly cluster: docdb.IDatabaseCluster;
  /** The cluster's alarms. */
  public readonly alarms: readonly cloudwatch.IAlarm[];
  /** The cluster's CPU and freeable memory (what the alarms watch), graphed next to the alarms. */
  public readonly metrics: readonly cloudwatch.IMetric[];

  constructor(scope: Construct, id: string, props: DocumentDatabaseProps) {
    super(scope, id);
    const owner = 'DocumentDatabase';
    requirePattern(owner, 'instanceType', props.instanceType, DB_INSTANCE_CLASS, "an instance class without the 'db.' prefix, such as t4g.medium");
    requireInteger(owner, 'instances', props.instances, 1, 16, 'a DocumentDB cluster has 1 to 16 instances');
    requireInteger(owner, 'backupRetentionDays', props.backupRetentionDays, 1, 35, 'DocumentDB keeps automated backups 1 to 35 days');
    const retain = props.removalPolicy !== RemovalPolicy.DESTROY;
    requireThat(
      !retain || props.backupRetentionDays >= 7,
      owner,
      `backupRetentionDays must be at least 7 when data is retained (production), got ${props.backupRetentionDays}`,
    );

    const key = rotatingKey(this, 'Key', 'Encrypts the document database storage, password and backups', props.removalPolicy);
    const parameterGroup = new docdb.ClusterParameterGroup(this, 'Parameters', {
      family: 'docdb5.0',
      description: 'Forces TLS, turns on audit and profiler logs',
      parameters: { tls: 'enabled', audit_logs: 'enabled', profiler: 'enabled', profiler_threshold_ms: '100' },
    });
    props.network.admitDataPort(DOCUMENT_PORT, 'DocumentDB');
    this.cluster = new docdb.DatabaseCluster(this, 'Resource', {
      engineVersion: '5.0.0',
      masterUser: { username: 'atlas_admin' },
      manageMasterUserPassword: true,
      masterUserSecretKmsKey: key,
      instanceType: new ec2.InstanceType(props.instanceType),
      instances: props.instances,
      vpc: props.network.vpc,
      vpcSubnets: props.network.isolatedSubnets,
      securityGroup: props.network.dataSecurityGroup,
      port: DOCUMENT_PORT,
      storageEncrypted: true,
      kmsKey: key,
      parameterGroup,
      backup: { retention: Duration.days(props.backupRetentionDays), preferredWindow: '17:00-18:00' },
      preferredMaintenanceWindow: 'sun:18:00-sun:19:00',
      exportAuditLogsToCloudWatch: true,
      exportProfilerLogsToCloudWatch: true,
      cloudWatchLogsRetention: props.logRetention,
      deletionProtection: retain,
      removalPolicy: retain ? RemovalPolicy.SNAPSHOT : RemovalPolicy.DESTROY,
      copyTagsToSnapshot: true,
    });
    acknowledge(
      this.cluster,
      {
        id: 'AwsSolutions-DOC2',
        reason:
          'The standard MongoDB port keeps drivers and tools working unchanged; the cluster sits in isolated subnets and admits 27017 from the application security group only.',
      },
      {
        id: 'AwsSolutions-DOC3',
        reason:
          'DocumentDB manages the master password in Secrets Manager itself (ManageMasterUserPassword) and rotates it without a rotation function, which the rule does not recognise.',
      },
      {
        id: ['AwsSolutions-DOC5[LogExport::authenticate]', 'AwsSolutions-DOC5[LogExport::createIndex]', 'AwsSolutions-DOC5[LogExport::dropCollection]'],
        reason:
          'DocumentDB exports only the audit and profiler logs; authentication, index and collection events are audit events, and the audit log is exported.',
      },
    );
    // Spread the instances over the AZs (the L2 leaves placement to DocumentDB, which may stack them in one AZ).
    const azs = props.network.vpc.availabilityZones;
    this.cluster.node.children
      .filter((c): c is docdb.CfnDBInstance => c instanceof docdb.CfnDBInstance)
      .forEach((instance, i) => {
        instance.availabilityZone = azs[i % azs.length];
      });

    const metric = (metricName: string, statistic: string) =>
      new cloudwatch.Metric({
        namespace: 'AWS/DocDB',
        metricName,
        dimensionsMap: { DBClusterIdentifier: this.cluster.clusterIdentifier },
        statistic,
        period: Duration.minutes(5),
      });
    const cpu = metric('CPUUtilization', 'Maximum');
    const memory = metric('FreeableMemory', 'Minimum');
    this.metrics = [cpu, memory];
    const topic = props.alarmTopic;
    this.alarms = [
      addAlarm(this, 'CpuAlarm', topic, {
        metric: cpu,
        threshold: 80,
        comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 3,
        treatMissingData: cloudwatch.TreatMissingData.BREACHING,
        description: 'Document database CPU above 80 % for 15 minutes',
      }),
      addAlarm(this, 'FreeableMemoryAlarm', topic, {
        metric: memory,
        threshold: 256 * 1024 * 1024,
        comparison: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        evaluationPeriods: 3,
        treatMissingData: cloudwatch.TreatMissingData.BREACHING,
        description: 'Less than 256 MiB of freeable memory on a document database instance for 15 minutes',
      }),
    ];
  }
}
