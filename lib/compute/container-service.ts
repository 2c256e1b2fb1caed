import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { addAlarm } from '../management/alarms';
import { Network } from '../networking/network';
import { acknowledge } from '../compliance/acknowledge';
import { GRANT_POLICY } from '../compliance/common-exceptions';
import { EncryptedLogGroup } from '../shared/encrypted-log-group';
import { requireInteger, requireThat } from '../shared/validate';

/**
 * The public image the service runs, by registry URI and pinned tag (no image build, no Docker): Caddy answering
 * every request with a fixed body. Multi-architecture, so it runs on ARM64.
 */
export const CONTAINER_IMAGE = 'public.ecr.aws/docker/library/caddy:2.10-alpine';

/** Path prefix the load balancer forwards to the containers. */
/** What the container answers every request with (the smoke and integration tests look for it). */
export const CONTAINER_RESPONSE = 'aws-service-atlas: served by an ECS Fargate task';
export const CONTAINER_PATH = '/containers';

/** Task sizes (CPU units → allowed memory in MiB) that Fargate offers for the small tasks this project runs. */
const FARGATE_SIZES: Readonly<Record<number, readonly number[]>> = {
  256: [512, 1024, 2048],
  512: [1024, 2048, 3072, 4096],
  1024: [2048, 3072, 4096, 5120, 6144, 7168, 8192],
  2048: Array.from({ length: 13 }, (_, i) => 4096 + i * 1024),
  4096: Array.from({ length: 23 }, (_, i) => 8192 + i * 1024),
};

/** Properties of a `ContainerService`. */
export interface ContainerServiceProps {
  /** The network: tasks run in the application subnets with the application security group. */
  readonly network: Network;
  /** The load balancer listener that forwards `/containers*` to the service. */
  readonly listener: elbv2.IApplicationListener;
  /** Topic for the service's alarms. */
  readonly alarmTopic: sns.ITopic;
  /** Task CPU units (256 = 0.25 vCPU): 256, 512, 1024, 2048 or 4096. */
  readonly cpu: number;
  /** Task memory in MiB: a size Fargate offers for the CPU. */
  readonly memoryMiB: number;
  /** Tasks kept running: at least 1. */
  readonly desiredCount: number;
  /** Ceiling for service auto scaling: at least desiredCount, at most 100. */
  readonly maxCount: number;
  /** Retention of the container logs. */
  readonly logRetention: logs.RetentionDays;
  /** Removal policy of the log group. */
  readonly removalPolicy: RemovalPolicy;
  /**
   * Priority of the listener rule (lower wins; unique per listener).
   *
   * @default 10
   */
  readonly listenerPriority?: number;
}

/**
 * The study's "EC2 Container Service", as ECS runs it today: a cluster with Container Insights and a Fargate
 * service on ARM64 (Graviton) in the application subnets, reached through the web tier's load balancer by a
 * path-based listener rule (`/containers*`).
 *
 * The task runs a public image by registry URI with a read-only root file system as an unprivileged user; its task
 * role has no permissions at all (the container calls no AWS API), the execution role only pulls and logs. The
 * service rolls back a deployment whose tasks do not become healthy (circuit breaker), scales on CPU between the
 * desired and maximum count, logs to an encrypted log group, and admits traffic only through the application
 * security group, which admits only the load balancer.
 */
export class ContainerService extends Construct {
  /** The cluster. */
  public readonly cluster: ecs.ICluster;
  /** The service. */
  public readonly service: ecs.IFargateService;
  /** The service's alarms. */
  public readonly alarms: readonly cloudwatch.IAlarm[];
  /** The service's CPU and memory utilisation, graphed next to the alarms. */
  public readonly metrics: readonly cloudwatch.IMetric[];

  constructor(scope: Construct, id: string, props: ContainerServiceProps) {
    super(scope, id);
    const owner = 'ContainerService';
    const memories = FARGATE_SIZES[props.cpu];
    requireThat(memories !== undefined, owner, `cpu must be one of ${Object.keys(FARGATE_SIZES).join(', ')} (Fargate task sizes), got ${props.cpu}`);
    requireThat(
      memories.includes(props.memoryMiB),
      owner,
      `memoryMiB must be one of ${memories.join(', ')} for ${props.cpu} CPU units (Fargate task sizes), got ${props.memoryMiB}`,
    );
    requireInteger(owner, 'desiredCount', props.desiredCount, 1, 100);
    requireInteger(owner, 'maxCount', props.maxCount, props.desiredCount, 100, 'at least desiredCount');
    const { network } = props;

    const cluster = new ecs.Cluster(this, 'Cluster', { vpc: network.vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });
    this.cluster = cluster;
    const taskDefinition = new ecs.FargateTaskDefinition(this, 'Task', {
      cpu: props.cpu,
      memoryLimitMiB: props.memoryMiB,
      runtimePlatform: { cpuArchitecture: ecs.CpuArchitecture.ARM64, operatingSystemFamily: ecs.OperatingSystemFamily.LINUX },
    });
    const logGroup = new EncryptedLogGroup(this, 'Logs', { retention: props.logRetention, removalPolicy: props.removalPolicy });
    taskDefinition.addContainer('Web', {
      image: ecs.ContainerImage.fromRegistry(CONTAINER_IMAGE),
      command: ['caddy', 'respond', '--listen', `:${network.appPort}`, '--body', CONTAINER_RESPONSE],
      portMappings: [{ containerPort: network.appPort, protocol: ecs.Protocol.TCP }],
      memoryLimitMiB: props.memoryMiB, // a hard limit per container, not only per task
      readonlyRootFilesystem: true,
      user: '65534', // nobody
      privileged: false,
      logging: ecs.LogDrivers.awsLogs({ logGroup: logGroup.logGroup, streamPrefix: 'web' }),
    });

    if (taskDefinition.executionRole) acknowledge(taskDefinition.executionRole, GRANT_POLICY);
    const service = new ecs.FargateService(this, 'Service', {
      cluster,
      taskDefinition,
      desiredCount: props.desiredCount,
      vpcSubnets: network.applicationSubnets,
      securityGroups: [network.applicationSecurityGroup],
      assignPublicIp: false,
      circuitBreaker: { enable: true, rollback: true },
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
    });
    props.listener.addTargets('Containers', {
      priority: props.listenerPriority ?? 10,
      conditions: [elbv2.ListenerCondition.pathPatterns([CONTAINER_PATH, `${CONTAINER_PATH}/*`])],
      port: network.appPort,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targets: [service],
      healthCheck: { path: '/', healthyHttpCodes: '200', interval: Duration.seconds(15), healthyThresholdCount: 2 },
      deregistrationDelay: Duration.seconds(30),
    });
    this.service = service;
    const scaling = service.autoScaleTaskCount({ minCapacity: props.desiredCount, maxCapacity: props.maxCount });
    scaling.scaleOnCpuUtilization('CpuTargetTracking', { targetUtilizationPercent: 60 });

    const topic = props.alarmTopic;
    this.alarms = [
      addAlarm(this, 'CpuAlarm', topic, {
        metric: service.metricCpuUtilization({ period: Duration.minutes(5) }),
        threshold: 85,
        comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 3,
        treatMissingData: cloudwatch.TreatMissingData.MISSING,
        description: 'Container service CPU above 85 % for 15 minutes although scaling should keep it near 60 %',
      }),
      addAlarm(this, 'MemoryAlarm', topic, {
        metric: service.metricMemoryUtilization({ period: Duration.minutes(5) }),
        threshold: 85,
        comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 3,
        treatMissingData: cloudwatch.TreatMissingData.MISSING,
        description: 'Container service memory above 85 % for 15 minutes',
      }),
    ];
    this.metrics = [service.metricCpuUtilization(), service.metricMemoryUtilization()];
  }
}
