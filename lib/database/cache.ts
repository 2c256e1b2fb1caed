import { Duration, Fn, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { acknowledge, HIPAA, inPacks, NIST } from '../compliance/acknowledge';
import { addAlarm } from '../management/alarms';
import { Network } from '../networking/network';
import { EncryptedLogGroup } from '../shared/encrypted-log-group';
import { rotatingKey } from '../shared/rotating-key';
import { requireInteger, requirePattern, requireThat } from '../shared/validate';

/** Port of the cache (Valkey/Redis OSS), one of the data tier's ports. */
export const CACHE_PORT = 6379;

/** Properties of a `Cache`. */
export interface CacheProps {
  /** The network: the cache lives in the isolated subnets behind the data security group. */
  readonly network: Network;
  /** Topic for the cache's alarms. */
  readonly alarmTopic: sns.ITopic;
  /** Node type, e.g. `cache.t4g.micro`. */
  readonly nodeType: string;
  /** Nodes in the group: 1 to 6 (one primary, the rest replicas); at least 2 for Multi-AZ. */
  readonly nodes: number;
  /** Multi-AZ with automatic failover: needs at least 2 nodes in 2 AZs. */
  readonly multiAz: boolean;
  /** Days automatic snapshots are kept: 0 (none) to 35. */
  readonly snapshotRetentionDays: number;
  /** `SNAPSHOT` takes a final snapshot on delete (production); `DESTROY` tears down. */
  readonly removalPolicy: RemovalPolicy;
  /** Retention of the slow and engine logs. */
  readonly logRetention: logs.RetentionDays;
}

/**
 * The study's ElastiCache: an in-memory key-value store in front of the databases. A Valkey replication group
 * (L1 `CfnReplicationGroup`: aws-cdk-lib has no L2 for ElastiCache) in the isolated subnets behind the data security
 * group, encrypted at rest with a rotating customer key and in transit (TLS required), with an AUTH token generated
 * into Secrets Manager (never in the template: CloudFormation resolves it at deploy time). Multi-AZ with automatic
 * failover where configured, each node in its own AZ; automatic snapshots; slow and engine logs to encrypted log
 * groups; alarms on CPU, memory and evictions.
 */
export class Cache extends Construct {
  /** The replication group. */
  public readonly replicationGroup: elasticache.CfnReplicationGroup;
  /** The AUTH token clients present. */
  public readonly authToken: secretsmanager.ISecret;
  /** The cache's alarms. */
  public readonly alarms: readonly cloudwatch.IAlarm[];
  /** Engine CPU and memory of the busiest node (what the alarms watch), graphed next to the alarms. */
  public readonly metrics: readonly cloudwatch.IMetric[];

  constructor(scope: Construct, id: string, props: CacheProps) {
    super(scope, id);
    const owner = 'Cache';
    requirePattern(owner, 'nodeType', props.nodeType, /^cache\.[a-z0-9]+\.[a-z0-9]+$/, 'an ElastiCache node type such as cache.t4g.micro');
    requireInteger(owner, 'nodes', props.nodes, 1, 6, 'a replication group has one primary and up to 5 replicas');
    requireInteger(owner, 'snapshotRetentionDays', props.snapshotRetentionDays, 0, 35, 'ElastiCache keeps automatic snapshots up to 35 days');
    const azs = props.network.vpc.availabilityZones;
    requireThat(!props.multiAz || props.nodes >= 2, owner, `multiAz needs at least 2 nodes (a primary and a replica to fail over to), got ${props.nodes}`);
    requireThat(!props.multiAz || azs.length >= 2, owner, `multiAz needs at least 2 availability zones, got ${azs.length}`);

    // The secret and the log groups are kept or deleted; the group itself leaves a final snapshot where data is kept.
    const destroy = props.removalPolicy === RemovalPolicy.DESTROY;
    const keep = destroy ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;
    const key = rotatingKey(this, 'Key', 'Encrypts the cache, its AUTH token and snapshots', props.removalPolicy);
    this.authToken = new secretsmanager.Secret(this, 'AuthToken', {
      description: 'AUTH token of the cache',
      encryptionKey: key,
      // ElastiCache accepts 16-128 printable characters without @, " and /; alphanumerics are always safe.
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: keep,
    });
    acknowledge(this.authToken, {
      id: ['AwsSolutions-SMG4', ...inPacks('SecretsManagerRotationEnabled', NIST, HIPAA)],
      reason:
        'AWS offers no managed or hosted rotation for an ElastiCache AUTH token; the 64-character token is readable only by principals granted the secret and usable only from the application security group over TLS.',
    });
    const subnetGroup = new elasticache.CfnSubnetGroup(this, 'Subnets', {
      description: 'Isolated subnets of the cache',
      subnetIds: props.network.vpc.selectSubnets(props.network.isolatedSubnets).subnetIds,
    });
    const logGroup = (logId: string) => new EncryptedLogGroup(this, logId, { retention: props.logRetention, removalPolicy: keep }).logGroup;
    const delivery = (logType: string, group: logs.ILogGroup): elasticache.CfnReplicationGroup.LogDeliveryConfigurationRequestProperty => ({
      logType,
      logFormat: 'json',
      destinationType: 'cloudwatch-logs',
      destinationDetails: { cloudWatchLogsDetails: { logGroup: group.logGroupName } },
    });

    props.network.admitDataPort(CACHE_PORT, 'ElastiCache');
    this.replicationGroup = new elasticache.CfnReplicationGroup(this, 'Resource', {
      replicationGroupDescription: 'aws-service-atlas cache',
      engine: 'valkey',
      engineVersion: '8.0',
      cacheNodeType: props.nodeType,
      numCacheClusters: props.nodes,
      preferredCacheClusterAZs: Array.from({ length: props.nodes }, (_, i) => azs[i % azs.length]),
      multiAzEnabled: props.multiAz,
      automaticFailoverEnabled: props.multiAz,
      cacheSubnetGroupName: subnetGroup.ref,
      securityGroupIds: [props.network.dataSecurityGroup.securityGroupId],
      port: CACHE_PORT,
      atRestEncryptionEnabled: true,
      kmsKeyId: key.keyArn,
      transitEncryptionEnabled: true,
      authToken: this.authToken.secretValue.unsafeUnwrap(), // a {{resolve:secretsmanager:…}} reference, not the value
      snapshotRetentionLimit: props.snapshotRetentionDays,
      snapshotWindow: '17:00-18:00', // 02:00-03:00 in Seoul
      preferredMaintenanceWindow: 'sun:18:00-sun:19:00',
      autoMinorVersionUpgrade: true,
      logDeliveryConfigurations: [delivery('slow-log', logGroup('SlowLogs')), delivery('engine-log', logGroup('EngineLogs'))],
    });
    this.replicationGroup.applyRemovalPolicy(destroy ? RemovalPolicy.DESTROY : RemovalPolicy.SNAPSHOT);

    // ElastiCache publishes per node: `<group>-001`, `-002`, …; the alarms watch the busiest node.
    const nodeMetric = (idPrefix: string, metricName: string, statistic: string) => {
      const perNode = Object.fromEntries(
        Array.from({ length: props.nodes }, (_, i) => [
          `${idPrefix}${i + 1}`,
          new cloudwatch.Metric({
            namespace: 'AWS/ElastiCache',
            metricName,
            dimensionsMap: { CacheClusterId: Fn.join('-', [this.replicationGroup.ref, String(i + 1).padStart(3, '0')]) },
            statistic,
            period: Duration.minutes(5),
          }),
        ]),
      );
      return new cloudwatch.MathExpression({
        expression: `MAX([${Object.keys(perNode).join(',')}])`,
        usingMetrics: perNode,
        label: `${metricName} (busiest node)`,
        period: Duration.minutes(5),
      });
    };
    // Ids unique across the metrics, as a dashboard graph shows them together.
    const cpu = nodeMetric('cpu', 'EngineCPUUtilization', 'Average');
    const memory = nodeMetric('memory', 'DatabaseMemoryUsagePercentage', 'Average');
    const evictions = nodeMetric('evictions', 'Evictions', 'Sum');
    this.metrics = [cpu, memory];
    const topic = props.alarmTopic;
    this.alarms = [
      addAlarm(this, 'CpuAlarm', topic, {
        metric: cpu,
        threshold: 80,
        comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 3,
        treatMissingData: cloudwatch.TreatMissingData.BREACHING, // a running node always reports
        description: 'Cache engine CPU above 80 % for 15 minutes on the busiest node',
      }),
      addAlarm(this, 'MemoryAlarm', topic, {
        metric: memory,
        threshold: 85,
        comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 3,
        treatMissingData: cloudwatch.TreatMissingData.BREACHING,
        description: 'Cache memory above 85 % for 15 minutes: evictions follow',
      }),
      addAlarm(this, 'EvictionsAlarm', topic, {
        metric: evictions,
        threshold: 1,
        comparison: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        description: 'The cache evicted keys for lack of memory',
      }),
    ];
  }
}
