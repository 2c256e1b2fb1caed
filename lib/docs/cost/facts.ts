import { CfnResource, StackTemplate, StageTemplates } from './templates';

/**
 * What a stage's synthesized templates hold that costs money by the hour or the month: resource counts, instance
 * classes, sizes and schedules, read from the CloudFormation (never from the stage config, so that any change that
 * reaches the templates reaches the estimate). Values the estimate needs but cannot read (an unresolved token, a
 * shape it does not know) fail with the resource named, rather than being guessed.
 */

/** An EC2 Auto Scaling group and the instances it keeps running. */
export interface AutoScalingGroupFacts {
  readonly stackName: string;
  readonly logicalId: string;
  readonly instanceType: string;
  readonly minSize: number;
  readonly maxSize: number;
  /** Instances at deploy time: the desired capacity, or the minimum when none is set. */
  readonly baseCapacity: number;
  /** Instances on average over a week, with scheduled minimums applied (idle load: no load-driven scale-out). */
  readonly averageInstances: number;
  /** Hours a week the schedule holds the group above its base capacity, and the capacity it holds. */
  readonly scheduledPeak?: { readonly instances: number; readonly hoursPerWeek: number };
  /** EBS volumes of each instance, from the launch template. */
  readonly volumes: readonly { readonly type: string; readonly sizeGiB: number }[];
  /** Whether the launch template turns on EC2 detailed monitoring (1-minute metrics, billed as custom metrics). */
  readonly detailedMonitoring: boolean;
}

/** An ECS service on Fargate. */
export interface FargateServiceFacts {
  readonly stackName: string;
  readonly logicalId: string;
  readonly tasks: number;
  /** CPU units (1024 = 1 vCPU) and memory of one task. */
  readonly cpu: number;
  readonly memoryMiB: number;
  readonly architecture: 'ARM64' | 'X86_64';
}

/** An RDS DB instance. */
export interface RdsInstanceFacts {
  readonly stackName: string;
  readonly logicalId: string;
  readonly engine: string;
  readonly instanceClass: string;
  readonly multiAz: boolean;
  readonly storageGiB: number;
  readonly storageType: string;
}

/** An ElastiCache replication group. */
export interface CacheGroupFacts {
  readonly stackName: string;
  readonly logicalId: string;
  readonly engine: string;
  readonly nodeType: string;
  readonly nodes: number;
  readonly multiAz: boolean;
}

/** A DocumentDB instance. */
export interface DocumentInstanceFacts {
  readonly stackName: string;
  readonly logicalId: string;
  readonly instanceClass: string;
}

/** An Elastic Beanstalk environment: Beanstalk itself is free, its instances and load balancer are not. */
export interface BeanstalkEnvironmentFacts {
  readonly stackName: string;
  readonly logicalId: string;
  readonly instanceType: string;
  readonly minInstances: number;
  readonly maxInstances: number;
  /** Root volume of each instance; `assumedSize` when the option settings leave it to the platform. */
  readonly rootVolume: { readonly type: string; readonly sizeGiB: number; readonly assumedSize: boolean };
  /** `application` for a load-balanced environment with an ALB, undefined for a single instance. */
  readonly loadBalancer?: { readonly type: 'application'; readonly internetFacing: boolean; readonly subnets: number };
}

/** An Elastic Load Balancing v2 load balancer. */
export interface LoadBalancerFacts {
  readonly stackName: string;
  readonly logicalId: string;
  readonly type: 'application';
  readonly internetFacing: boolean;
  /** Subnets, one load balancer node (and, internet-facing, one public IPv4 address) each. */
  readonly subnets: number;
}

/** A Route 53 health check and the optional features it is billed for. */
export interface HealthCheckFacts {
  readonly type: string;
  readonly features: readonly string[];
}

/** A CloudWatch metric alarm: the metrics it is billed for and their resolution. */
export interface AlarmFacts {
  readonly metrics: number;
  readonly highResolution: boolean;
}

/** Everything of a stage's stacks in one region that the estimate prices (a stage with a standby has two). */
export interface StageFacts {
  readonly stage: string;
  /** The region these stacks deploy to. */
  readonly region: string;
  readonly natGateways: number;
  readonly elasticIps: number;
  readonly loadBalancers: readonly LoadBalancerFacts[];
  readonly autoScalingGroups: readonly AutoScalingGroupFacts[];
  readonly fargateServices: readonly FargateServiceFacts[];
  readonly rdsInstances: readonly RdsInstanceFacts[];
  readonly cacheGroups: readonly CacheGroupFacts[];
  readonly documentInstances: readonly DocumentInstanceFacts[];
  readonly beanstalkEnvironments: readonly BeanstalkEnvironmentFacts[];
  readonly kmsKeys: number;
  /** Secrets in the templates, plus those a service creates and manages (DocumentDB's master password). */
  readonly secrets: number;
  readonly serviceManagedSecrets: number;
  readonly webAcls: readonly { readonly rules: number }[];
  readonly hostedZones: number;
  readonly healthChecks: readonly HealthCheckFacts[];
  readonly alarms: readonly AlarmFacts[];
  readonly dashboards: number;
  /** Interface VPC endpoints and the subnets (availability zones) each is in. */
  readonly interfaceEndpoints: readonly { readonly subnets: number }[];
  readonly vpnConnections: number;
  readonly directConnectConnections: readonly { readonly bandwidth: string }[];
  readonly cloudTrailEventDataStores: number;
  readonly containerInsightsClusters: number;
  /** Tables with a replica in another region: their writes are replicated, billed by use. */
  readonly replicatedTables: number;
  /** Buckets that replicate to another region: replication requests and inter-region transfer, billed by use. */
  readonly replicatedBuckets: number;
  /** Resources billed only by use, counted by a plural label (`Lambda functions` → 9). */
  readonly usageBilled: Readonly<Record<string, number>>;
  /** Resource types the estimate does not know: listed in docs/cost.md so that a review sees them. */
  readonly unclassified: Readonly<Record<string, number>>;
}

/** Resource types billed only by use (requests, GB stored or transferred), with the label the estimate lists them by. */
const USAGE_BILLED: Readonly<Record<string, string>> = {
  'AWS::Lambda::Function': 'Lambda functions',
  'AWS::S3::Bucket': 'S3 buckets',
  'AWS::CloudFront::Distribution': 'CloudFront distributions',
  'AWS::DynamoDB::GlobalTable': 'DynamoDB tables',
  'AWS::DynamoDB::Table': 'DynamoDB tables',
  'AWS::Logs::LogGroup': 'CloudWatch Logs groups',
  'AWS::EC2::FlowLog': 'VPC flow logs',
  'AWS::SNS::Topic': 'SNS topics',
  'AWS::SQS::Queue': 'SQS queues',
  'AWS::CloudTrail::Trail': 'CloudTrail trails',
  'AWS::DLM::LifecyclePolicy': 'EBS snapshot policies',
  'AWS::Backup::BackupPlan': 'AWS Backup plans',
  'AWS::WAFv2::LoggingConfiguration': 'WAF log deliveries',
};

/** Resource types with no charge of their own (what they create is priced through another resource, or free). */
const NO_CHARGE = new Set([
  'AWS::CDK::Metadata',
  'AWS::IAM::Role', 'AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::InstanceProfile',
  'AWS::EC2::VPC', 'AWS::EC2::Subnet', 'AWS::EC2::RouteTable', 'AWS::EC2::SubnetRouteTableAssociation', 'AWS::EC2::Route',
  'AWS::EC2::InternetGateway', 'AWS::EC2::VPCGatewayAttachment', 'AWS::EC2::SecurityGroup', 'AWS::EC2::SecurityGroupIngress',
  'AWS::EC2::SecurityGroupEgress', 'AWS::EC2::NetworkAcl', 'AWS::EC2::NetworkAclEntry', 'AWS::EC2::SubnetNetworkAclAssociation',
  'AWS::EC2::VPNGateway', 'AWS::EC2::VPNGatewayRoutePropagation', 'AWS::EC2::CustomerGateway', 'AWS::EC2::LaunchTemplate',
  'AWS::DirectConnect::DirectConnectGateway', 'AWS::DirectConnect::DirectConnectGatewayAssociation',
  'AWS::DirectConnect::PrivateVirtualInterface',
  'AWS::AutoScaling::ScalingPolicy', 'AWS::AutoScaling::ScheduledAction',
  'AWS::ElasticLoadBalancingV2::Listener', 'AWS::ElasticLoadBalancingV2::TargetGroup', 'AWS::ElasticLoadBalancingV2::ListenerRule',
  'AWS::ElasticLoadBalancingV2::ListenerCertificate', 'AWS::WAFv2::WebACLAssociation',
  'AWS::ECS::TaskDefinition', 'AWS::ApplicationAutoScaling::ScalableTarget', 'AWS::ApplicationAutoScaling::ScalingPolicy',
  'AWS::SNS::TopicPolicy', 'AWS::SNS::Subscription', 'AWS::SQS::QueuePolicy', 'AWS::S3::BucketPolicy',
  'AWS::Lambda::Permission', 'AWS::Lambda::EventInvokeConfig', 'AWS::Lambda::LayerVersion', 'AWS::Events::Rule', 'AWS::SSM::Association',
  'AWS::RDS::DBParameterGroup', 'AWS::RDS::DBSubnetGroup', 'AWS::SecretsManager::SecretTargetAttachment',
  'AWS::SecretsManager::RotationSchedule', 'AWS::SecretsManager::ResourcePolicy', 'AWS::ElastiCache::SubnetGroup',
  'AWS::DocDB::DBClusterParameterGroup', 'AWS::DocDB::DBSubnetGroup', 'AWS::ElasticBeanstalk::Application',
  'AWS::ElasticBeanstalk::ApplicationVersion', 'AWS::Route53::RecordSet', 'AWS::CloudFront::OriginAccessControl',
  'AWS::Backup::BackupVault', 'AWS::Backup::BackupSelection', 'AWS::KMS::Alias',
  // Public ACM certificates are free (ACM pricing page: "Public SSL/TLS certificates provisioned through AWS
  // Certificate Manager are free").
  'AWS::CertificateManager::Certificate',
]);

/** Resource types read by {@link readStageFacts} itself. */
const PRICED = new Set([
  'AWS::EC2::NatGateway', 'AWS::EC2::EIP', 'AWS::ElasticLoadBalancingV2::LoadBalancer', 'AWS::AutoScaling::AutoScalingGroup',
  'AWS::ECS::Service', 'AWS::ECS::Cluster', 'AWS::RDS::DBInstance', 'AWS::ElastiCache::ReplicationGroup', 'AWS::DocDB::DBInstance',
  'AWS::DocDB::DBCluster', 'AWS::ElasticBeanstalk::Environment', 'AWS::KMS::Key', 'AWS::SecretsManager::Secret',
  'AWS::WAFv2::WebACL', 'AWS::Route53::HostedZone', 'AWS::Route53::HealthCheck', 'AWS::CloudWatch::Alarm',
  'AWS::CloudWatch::Dashboard', 'AWS::EC2::VPCEndpoint', 'AWS::EC2::VPNConnection', 'AWS::DirectConnect::Connection',
  'AWS::CloudTrail::EventDataStore',
]);

/** A resource where it was found, for messages. */
interface Located {
  readonly stack: StackTemplate;
  readonly logicalId: string;
  readonly resource: CfnResource;
}

const where = (at: Located) => `${at.stack.stackName}/${at.logicalId} (${at.resource.Type})`;

function prop(at: Located, name: string): unknown {
  return at.resource.Properties?.[name];
}

/** A number written as a number or a numeric string; anything else (a token) fails, naming the resource. */
function num(at: Located, name: string, value: unknown = prop(at, name)): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (!Number.isFinite(n)) throw new Error(`cost estimate: ${where(at)} ${name} must be a literal number, got ${JSON.stringify(value)}`);
  return n;
}

function str(at: Located, name: string, value: unknown = prop(at, name)): string {
  if (typeof value !== 'string') throw new Error(`cost estimate: ${where(at)} ${name} must be a literal string, got ${JSON.stringify(value)}`);
  return value;
}

function bool(value: unknown): boolean {
  return value === true || value === 'true';
}

/** How many items a list property holds: an array, a comma-separated string, or an `Fn::Join` of either. */
function listLength(at: Located, name: string, value: unknown): number {
  if (Array.isArray(value)) return value.length;
  if (typeof value === 'string') return value.split(',').filter((s) => s.trim() !== '').length;
  const join = (value as { 'Fn::Join'?: unknown } | undefined)?.['Fn::Join'];
  if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) {
    const [delimiter, parts] = join as [string, unknown[]];
    if (delimiter === ',') return parts.length;
    if (delimiter === '') return parts.filter((part) => part === ',').length + 1;
  }
  throw new Error(`cost estimate: cannot count the items of ${where(at)} ${name}: ${JSON.stringify(value)}`);
}

/** The resource a `{ Ref: id }` points to in the same stack. */
function follow(at: Located, name: string, ref: unknown): Located {
  const id = (ref as { Ref?: unknown } | undefined)?.Ref;
  const resource = typeof id === 'string' ? at.stack.resources[id] : undefined;
  if (!resource) throw new Error(`cost estimate: ${where(at)} ${name} must reference a resource of the same stack, got ${JSON.stringify(ref)}`);
  return { stack: at.stack, logicalId: id as string, resource };
}

const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const MINUTES_PER_WEEK = 7 * 24 * 60;

/** The minutes of the week (Sunday 00:00 = 0) at which a `m h * * dow` recurrence fires. */
function recurrenceMinutes(at: Located, recurrence: string): number[] {
  const fields = recurrence.trim().split(/\s+/);
  const [minute, hour, dom, month, dow] = fields;
  if (fields.length !== 5 || !/^\d+$/.test(minute) || !/^\d+$/.test(hour) || dom !== '*' || month !== '*') {
    throw new Error(`cost estimate: ${where(at)} Recurrence '${recurrence}' is not of the form 'm h * * days' the estimate reads`);
  }
  const day = (token: string): number => {
    const index = /^\d$/.test(token) ? Number(token) % 7 : DAYS.indexOf(token.toUpperCase());
    if (index < 0) throw new Error(`cost estimate: ${where(at)} Recurrence '${recurrence}' has an unknown day '${token}'`);
    return index;
  };
  const days = new Set<number>();
  for (const part of dow === '*' ? ['SUN-SAT'] : dow.split(',')) {
    const [from, to] = part.split('-');
    for (let d = day(from); ; d = (d + 1) % 7) {
      days.add(d);
      if (to === undefined || d === day(to)) break;
    }
  }
  return [...days].map((d) => d * 24 * 60 + Number(hour) * 60 + Number(minute));
}

/**
 * Instances on average over a week: the base capacity, raised to each scheduled minimum from the moment the action
 * fires until the next one (the schedule repeats weekly, so the week wraps around).
 */
function weeklyCapacity(base: number, events: readonly { minute: number; min: number }[]) {
  if (events.length === 0) return { average: base, peak: undefined };
  const sorted = [...events].sort((a, b) => a.minute - b.minute);
  let weighted = 0;
  let peakMinutes = 0;
  let peakInstances = base;
  sorted.forEach((event, i) => {
    const next = i + 1 < sorted.length ? sorted[i + 1].minute : sorted[0].minute + MINUTES_PER_WEEK;
    const capacity = Math.max(base, event.min);
    weighted += capacity * (next - event.minute);
    if (capacity > base) {
      peakMinutes += next - event.minute;
      peakInstances = Math.max(peakInstances, capacity);
    }
  });
  return {
    average: weighted / MINUTES_PER_WEEK,
    peak: peakMinutes > 0 ? { instances: peakInstances, hoursPerWeek: peakMinutes / 60 } : undefined,
  };
}

function autoScalingGroup(at: Located, all: readonly Located[]): AutoScalingGroupFacts {
  if (prop(at, 'MixedInstancesPolicy') !== undefined || prop(at, 'LaunchConfigurationName') !== undefined) {
    throw new Error(`cost estimate: ${where(at)} uses a mixed-instances policy or launch configuration; the estimate reads a launch template`);
  }
  const template = follow(at, 'LaunchTemplate.LaunchTemplateId', (prop(at, 'LaunchTemplate') as { LaunchTemplateId?: unknown } | undefined)?.LaunchTemplateId);
  const data = (prop(template, 'LaunchTemplateData') ?? {}) as Record<string, unknown>;
  const minSize = num(at, 'MinSize');
  const maxSize = num(at, 'MaxSize');
  const baseCapacity = prop(at, 'DesiredCapacity') === undefined ? minSize : num(at, 'DesiredCapacity');
  const events = all
    .filter((other) => other.stack === at.stack && other.resource.Type === 'AWS::AutoScaling::ScheduledAction'
      && (prop(other, 'AutoScalingGroupName') as { Ref?: unknown } | undefined)?.Ref === at.logicalId)
    .flatMap((action) => {
      const min = prop(action, 'MinSize') ?? prop(action, 'DesiredCapacity');
      const capacity = min === undefined ? 0 : num(action, 'MinSize', min);
      return recurrenceMinutes(action, str(action, 'Recurrence')).map((minute) => ({ minute, min: capacity }));
    });
  const { average, peak } = weeklyCapacity(baseCapacity, events);
  const volumes = ((data.BlockDeviceMappings ?? []) as { Ebs?: { VolumeType?: unknown; VolumeSize?: unknown } }[])
    .filter((mapping) => mapping.Ebs !== undefined)
    .map((mapping) => ({
      type: mapping.Ebs!.VolumeType === undefined ? 'gp2' : str(template, 'BlockDeviceMappings.Ebs.VolumeType', mapping.Ebs!.VolumeType),
      sizeGiB: num(template, 'BlockDeviceMappings.Ebs.VolumeSize', mapping.Ebs!.VolumeSize),
    }));
  return {
    stackName: at.stack.stackName,
    logicalId: at.logicalId,
    instanceType: str(template, 'LaunchTemplateData.InstanceType', data.InstanceType),
    minSize,
    maxSize,
    baseCapacity,
    averageInstances: average,
    scheduledPeak: peak,
    volumes,
    detailedMonitoring: bool((data.Monitoring as { Enabled?: unknown } | undefined)?.Enabled),
  };
}

function fargateService(at: Located): FargateServiceFacts {
  const launchType = prop(at, 'LaunchType');
  const strategy = prop(at, 'CapacityProviderStrategy');
  if (launchType !== 'FARGATE' && !(launchType === undefined && Array.isArray(strategy))) {
    throw new Error(`cost estimate: ${where(at)} does not run on Fargate (LaunchType ${JSON.stringify(launchType)}); the estimate prices Fargate tasks only`);
  }
  const task = follow(at, 'TaskDefinition', prop(at, 'TaskDefinition'));
  const architecture = (prop(task, 'RuntimePlatform') as { CpuArchitecture?: unknown } | undefined)?.CpuArchitecture ?? 'X86_64';
  if (architecture !== 'ARM64' && architecture !== 'X86_64') throw new Error(`cost estimate: ${where(task)} has an unknown CpuArchitecture ${JSON.stringify(architecture)}`);
  return {
    stackName: at.stack.stackName,
    logicalId: at.logicalId,
    tasks: num(at, 'DesiredCount'),
    cpu: num(task, 'Cpu'),
    memoryMiB: num(task, 'Memory'),
    architecture,
  };
}

function beanstalkEnvironment(at: Located): BeanstalkEnvironmentFacts {
  const settings = (prop(at, 'OptionSettings') ?? []) as { Namespace?: unknown; OptionName?: unknown; Value?: unknown }[];
  const option = (namespace: string, name: string) => settings.find((s) => s.Namespace === namespace && s.OptionName === name)?.Value;
  const instanceTypes = option('aws:ec2:instances', 'InstanceTypes') ?? option('aws:autoscaling:launchconfiguration', 'InstanceType');
  const instanceType = str(at, 'aws:ec2:instances InstanceTypes', instanceTypes).split(',')[0].trim();
  const environmentType = option('aws:elasticbeanstalk:environment', 'EnvironmentType') ?? 'LoadBalanced';
  const rootSize = option('aws:autoscaling:launchconfiguration', 'RootVolumeSize');
  const rootType = option('aws:autoscaling:launchconfiguration', 'RootVolumeType');
  let loadBalancer: BeanstalkEnvironmentFacts['loadBalancer'];
  if (environmentType === 'LoadBalanced') {
    const type = option('aws:elasticbeanstalk:environment', 'LoadBalancerType');
    if (type !== 'application') {
      throw new Error(`cost estimate: ${where(at)} LoadBalancerType is ${JSON.stringify(type)}; the estimate prices an explicit 'application' load balancer`);
    }
    const subnets = option('aws:ec2:vpc', 'ELBSubnets');
    loadBalancer = {
      type,
      internetFacing: option('aws:ec2:vpc', 'ELBScheme') !== 'internal',
      subnets: subnets === undefined ? 2 : listLength(at, 'aws:ec2:vpc ELBSubnets', subnets),
    };
  } else if (environmentType !== 'SingleInstance') {
    throw new Error(`cost estimate: ${where(at)} has an unknown EnvironmentType ${JSON.stringify(environmentType)}`);
  }
  return {
    stackName: at.stack.stackName,
    logicalId: at.logicalId,
    instanceType,
    minInstances: environmentType === 'SingleInstance' ? 1 : num(at, 'aws:autoscaling:asg MinSize', option('aws:autoscaling:asg', 'MinSize') ?? 1),
    maxInstances: environmentType === 'SingleInstance' ? 1 : num(at, 'aws:autoscaling:asg MaxSize', option('aws:autoscaling:asg', 'MaxSize') ?? 4),
    // Amazon Linux 2023 platforms boot from an 8 GiB volume unless RootVolumeSize says otherwise.
    rootVolume: {
      type: rootType === undefined ? 'gp3' : str(at, 'RootVolumeType', rootType),
      sizeGiB: rootSize === undefined ? 8 : num(at, 'RootVolumeSize', rootSize),
      assumedSize: rootSize === undefined,
    },
    loadBalancer,
  };
}

/** Route 53 bills HTTPS, string matching, the 10-second interval and latency measurement as optional features. */
function healthCheck(at: Located): HealthCheckFacts {
  const config = (prop(at, 'HealthCheckConfig') ?? {}) as Record<string, unknown>;
  const type = str(at, 'HealthCheckConfig.Type', config.Type);
  const features: string[] = [];
  if (type.startsWith('HTTPS')) features.push('HTTPS');
  if (type.endsWith('_STR_MATCH')) features.push('string matching');
  if (config.RequestInterval !== undefined && num(at, 'HealthCheckConfig.RequestInterval', config.RequestInterval) < 30) features.push('fast interval');
  if (bool(config.MeasureLatency)) features.push('latency measurement');
  return { type, features };
}

/** An alarm is billed per metric it evaluates (each metric of a metric-math alarm), at the high-resolution rate below 60 s. */
function alarm(at: Located): AlarmFacts {
  const metrics = prop(at, 'Metrics') as { MetricStat?: { Period?: unknown } }[] | undefined;
  if (metrics === undefined) {
    return { metrics: 1, highResolution: prop(at, 'Period') !== undefined && num(at, 'Period') < 60 };
  }
  const stats = metrics.filter((m) => m.MetricStat !== undefined);
  return {
    metrics: stats.length,
    highResolution: stats.some((m) => m.MetricStat!.Period !== undefined && num(at, 'Metrics.MetricStat.Period', m.MetricStat!.Period) < 60),
  };
}

/**
 * Reads the facts of one stage from its templates: one entry per region its stacks deploy to, the primary region
 * (`templates.region`) first.
 */
export function readStageFacts(templates: StageTemplates): StageFacts[] {
  const regions = [...new Set([templates.region, ...templates.stacks.map((s) => s.region)])].filter((region) => templates.stacks.some((s) => s.region === region));
  return regions.map((region) => readRegionFacts(templates.stage, region, templates.stacks.filter((s) => s.region === region)));
}

function readRegionFacts(stage: string, region: string, stacks: readonly StackTemplate[]): StageFacts {
  const all: Located[] = stacks.flatMap((stack) =>
    Object.keys(stack.resources).sort().map((logicalId) => ({ stack, logicalId, resource: stack.resources[logicalId] })));
  const ofType = (type: string) => all.filter((at) => at.resource.Type === type);

  const usageBilled: Record<string, number> = {};
  const unclassified: Record<string, number> = {};
  for (const at of all) {
    const type = at.resource.Type;
    if (USAGE_BILLED[type] !== undefined) usageBilled[USAGE_BILLED[type]] = (usageBilled[USAGE_BILLED[type]] ?? 0) + 1;
    else if (!PRICED.has(type) && !NO_CHARGE.has(type) && !type.startsWith('Custom::')) unclassified[type] = (unclassified[type] ?? 0) + 1;
  }

  const loadBalancers = ofType('AWS::ElasticLoadBalancingV2::LoadBalancer').map((at): LoadBalancerFacts => {
    const type = prop(at, 'Type') ?? 'application';
    if (type !== 'application') throw new Error(`cost estimate: ${where(at)} is a ${JSON.stringify(type)} load balancer; the price table has Application Load Balancers only`);
    const subnets = prop(at, 'Subnets') ?? prop(at, 'SubnetMappings');
    return {
      stackName: at.stack.stackName,
      logicalId: at.logicalId,
      type,
      internetFacing: (prop(at, 'Scheme') ?? 'internet-facing') === 'internet-facing',
      subnets: listLength(at, 'Subnets', subnets),
    };
  });

  for (const at of ofType('AWS::ElastiCache::ServerlessCache')) throw new Error(`cost estimate: ${where(at)} is billed by data stored and ECPUs, which the estimate does not price`);
  for (const at of ofType('AWS::EC2::VPCEndpoint')) {
    const type = prop(at, 'VpcEndpointType') ?? 'Gateway';
    if (type !== 'Gateway' && type !== 'Interface') throw new Error(`cost estimate: ${where(at)} is a ${JSON.stringify(type)} endpoint; the estimate prices Gateway and Interface endpoints`);
  }
  for (const at of ofType('AWS::DocDB::DBCluster')) {
    if (prop(at, 'StorageType') === 'iopt1') throw new Error(`cost estimate: ${where(at)} uses I/O-Optimized storage, whose instance prices are not in the table`);
  }

  return {
    stage,
    region,
    natGateways: ofType('AWS::EC2::NatGateway').length,
    elasticIps: ofType('AWS::EC2::EIP').length,
    loadBalancers,
    autoScalingGroups: ofType('AWS::AutoScaling::AutoScalingGroup').map((at) => autoScalingGroup(at, all)),
    fargateServices: ofType('AWS::ECS::Service').map(fargateService),
    rdsInstances: ofType('AWS::RDS::DBInstance').map((at): RdsInstanceFacts => {
      if (prop(at, 'DBClusterIdentifier') !== undefined) throw new Error(`cost estimate: ${where(at)} belongs to an Aurora cluster, which the estimate does not price`);
      return {
        stackName: at.stack.stackName,
        logicalId: at.logicalId,
        engine: str(at, 'Engine'),
        instanceClass: str(at, 'DBInstanceClass'),
        multiAz: bool(prop(at, 'MultiAZ')),
        storageGiB: num(at, 'AllocatedStorage'),
        storageType: prop(at, 'StorageType') === undefined ? 'gp2' : str(at, 'StorageType'),
      };
    }),
    cacheGroups: ofType('AWS::ElastiCache::ReplicationGroup').map((at): CacheGroupFacts => {
      const groups = prop(at, 'NumNodeGroups');
      const nodes = groups === undefined
        ? num(at, 'NumCacheClusters', prop(at, 'NumCacheClusters') ?? 1)
        : num(at, 'NumNodeGroups') * (num(at, 'ReplicasPerNodeGroup', prop(at, 'ReplicasPerNodeGroup') ?? 0) + 1);
      return {
        stackName: at.stack.stackName,
        logicalId: at.logicalId,
        engine: str(at, 'Engine', prop(at, 'Engine') ?? 'redis'),
        nodeType: str(at, 'CacheNodeType'),
        nodes,
        multiAz: bool(prop(at, 'MultiAZEnabled')),
      };
    }),
    documentInstances: ofType('AWS::DocDB::DBInstance').map((at) => ({
      stackName: at.stack.stackName,
      logicalId: at.logicalId,
      instanceClass: str(at, 'DBInstanceClass'),
    })),
    beanstalkEnvironments: ofType('AWS::ElasticBeanstalk::Environment').map(beanstalkEnvironment),
    kmsKeys: ofType('AWS::KMS::Key').length,
    secrets: ofType('AWS::SecretsManager::Secret').length,
    serviceManagedSecrets: ofType('AWS::DocDB::DBCluster').filter((at) => bool(prop(at, 'ManageMasterUserPassword'))).length
      + ofType('AWS::RDS::DBInstance').filter((at) => bool(prop(at, 'ManageMasterUserPassword'))).length,
    webAcls: ofType('AWS::WAFv2::WebACL').map((at) => ({ rules: ((prop(at, 'Rules') ?? []) as unknown[]).length })),
    hostedZones: ofType('AWS::Route53::HostedZone').length,
    healthChecks: ofType('AWS::Route53::HealthCheck').map(healthCheck),
    alarms: ofType('AWS::CloudWatch::Alarm').map(alarm),
    dashboards: ofType('AWS::CloudWatch::Dashboard').length,
    interfaceEndpoints: ofType('AWS::EC2::VPCEndpoint')
      .filter((at) => prop(at, 'VpcEndpointType') === 'Interface')
      .map((at) => ({ subnets: listLength(at, 'SubnetIds', prop(at, 'SubnetIds')) })),
    vpnConnections: ofType('AWS::EC2::VPNConnection').length,
    directConnectConnections: ofType('AWS::DirectConnect::Connection').map((at) => ({ bandwidth: str(at, 'Bandwidth') })),
    cloudTrailEventDataStores: ofType('AWS::CloudTrail::EventDataStore').length,
    containerInsightsClusters: ofType('AWS::ECS::Cluster').filter((at) =>
      ((prop(at, 'ClusterSettings') ?? []) as { Name?: unknown; Value?: unknown }[])
        .some((s) => s.Name === 'containerInsights' && s.Value !== 'disabled')).length,
    replicatedTables: ofType('AWS::DynamoDB::GlobalTable').filter((at) => ((prop(at, 'Replicas') ?? []) as unknown[]).length > 1).length,
    replicatedBuckets: ofType('AWS::S3::Bucket').filter((at) => prop(at, 'ReplicationConfiguration') !== undefined).length,
    usageBilled,
    unclassified,
  };
}
