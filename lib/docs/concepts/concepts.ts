import { RemovalPolicy } from 'aws-cdk-lib';
import { LAMBDA_MAX_TIMEOUT_SECONDS } from '../../compute/functions';
import { CONTAINER_PATH } from '../../compute/container-service';
import { HEALTH_CHECK_PATH } from '../../compute/web-tier';
import { PRESETS, REGION_AVAILABILITY_ZONES, StageConfig } from '../../config';
import { CONFIGURATION_TAG } from '../../management/configuration';
import { EPHEMERAL_PORTS } from '../../networking/network';
import { TRAIL_LOCK_RETENTION } from '../../security/audit-trail';
import { MINIMUM_STORAGE_DAYS } from '../../storage/archive';
import { EBS_BACKUP_TAG } from '../../storage/block-storage';
import { Chapter, Concept, ConstructRef, STACK_IDS, StageDifference, TestRef } from './model';

/*
 * The concept map's data: every concept of the study, global infrastructure first, then the six chapters in the
 * study's order. `npm run concepts` renders it to docs/concepts.md; test/docs/concepts.test.ts checks it against the
 * code (every construct is here, every resource type is in the named stage's templates, every cited test exists).
 * Stage differences are computed from the presets, so a config change shows up here when the doc is regenerated.
 */

const { sandbox: SANDBOX, production: PRODUCTION } = PRESETS;

// ---------------------------------------------------------------------------------------------------------------
// Constructs, by class and file
// ---------------------------------------------------------------------------------------------------------------

const construct = (name: string, file: string): ConstructRef => ({ name, file });
const NETWORK = construct('Network', 'lib/networking/network.ts');
const DNS = construct('Dns', 'lib/networking/dns.ts');
const HYBRID = construct('HybridConnectivity', 'lib/networking/hybrid.ts');
const WEB_TIER = construct('WebTier', 'lib/compute/web-tier.ts');
const CONTAINERS = construct('ContainerService', 'lib/compute/container-service.ts');
const FUNCTIONS = construct('Functions', 'lib/compute/functions.ts');
const CONTENT_DELIVERY = construct('ContentDelivery', 'lib/storage/content-delivery.ts');
const ARCHIVE = construct('ArchiveBucket', 'lib/storage/archive.ts');
const BLOCK_STORAGE = construct('BlockStorageBackups', 'lib/storage/block-storage.ts');
const LOG_BUCKET = construct('LogBucket', 'lib/shared/log-bucket.ts');
const ACCESS = construct('Access', 'lib/security/access.ts');
const SERVICE_LINKED_ROLES = construct('ServiceLinkedRoles', 'lib/security/service-linked-roles.ts');
const AUDIT_TRAIL = construct('AuditTrail', 'lib/security/audit-trail.ts');
const LAKE = construct('CloudTrailLake', 'lib/security/cloudtrail-lake.ts');
const WEB_FIREWALL = construct('WebFirewall', 'lib/security/web-firewall.ts');
const RELATIONAL = construct('RelationalDatabase', 'lib/database/relational.ts');
const KEY_VALUE = construct('KeyValueTable', 'lib/database/key-value.ts');
const CACHE = construct('Cache', 'lib/database/cache.ts');
const DOCUMENT = construct('DocumentDatabase', 'lib/database/document.ts');
const ALARM_TOPIC = construct('AlarmTopic', 'lib/management/alarm-topic.ts');
const DASHBOARD = construct('OperationsDashboard', 'lib/management/dashboard.ts');
const LOG_GROUP = construct('EncryptedLogGroup', 'lib/shared/encrypted-log-group.ts');
const BEANSTALK = construct('BeanstalkApp', 'lib/management/beanstalk.ts');
const CONFIGURATION = construct('ConfigurationManagement', 'lib/management/configuration.ts');
const DELIVERY_PIPELINE = construct('DeliveryPipeline', 'lib/management/delivery-pipeline.ts');
const STAGE = construct('AtlasStage', 'lib/atlas-stage.ts');
const STACK = construct('AtlasStack', 'lib/stacks/atlas-stack.ts');

// ---------------------------------------------------------------------------------------------------------------
// Test files
// ---------------------------------------------------------------------------------------------------------------

const testsIn = (file: string) => (...names: string[]): TestRef[] => names.map((name) => ({ file, name }));
const networkTests = testsIn('test/networking/network.test.ts');
const dnsTests = testsIn('test/networking/dns.test.ts');
const hybridTests = testsIn('test/networking/hybrid.test.ts');
const webTierTests = testsIn('test/compute/web-tier.test.ts');
const containerTests = testsIn('test/compute/container-service.test.ts');
const functionTests = testsIn('test/compute/functions.test.ts');
const contentTests = testsIn('test/storage/content-delivery.test.ts');
const archiveTests = testsIn('test/storage/archive.test.ts');
const blockStorageTests = testsIn('test/storage/block-storage.test.ts');
const accessTests = testsIn('test/security/access.test.ts');
const trailTests = testsIn('test/security/audit-trail.test.ts');
const lakeTests = testsIn('test/security/cloudtrail-lake.test.ts');
const relationalTests = testsIn('test/database/relational.test.ts');
const keyValueTests = testsIn('test/database/key-value.test.ts');
const cacheTests = testsIn('test/database/cache.test.ts');
const documentTests = testsIn('test/database/document.test.ts');
const monitoringTests = testsIn('test/management/monitoring.test.ts');
const beanstalkTests = testsIn('test/management/beanstalk.test.ts');
const configurationTests = testsIn('test/management/configuration.test.ts');
const pipelineTests = testsIn('test/pipeline/pipeline.test.ts');
const stageTests = testsIn('test/stacks/stage.test.ts');
const snapshotTests = testsIn('test/snapshots.test.ts');
const validateTests = testsIn('test/config/validate.test.ts');
const badInputTests = testsIn('test/config/bad-input.test.ts');

// ---------------------------------------------------------------------------------------------------------------
// Stage differences, computed from the presets
// ---------------------------------------------------------------------------------------------------------------

/** The same text for both stages, computed from each preset. */
const perStage = (describe: (config: StageConfig) => string): StageDifference => ({ sandbox: describe(SANDBOX), production: describe(PRODUCTION) });
const retains = (c: StageConfig) => c.durability.removalPolicy === RemovalPolicy.RETAIN;
const days = (n: number) => `${n} ${n === 1 ? 'day' : 'days'}`;
const azLetters = (c: StageConfig) => c.availabilityZones.map((az) => az.slice(c.region.length)).join(', ');
const azs = (c: StageConfig) => `${c.availabilityZones.length} AZs (${azLetters(c)})`;
const switchedOff = (part: string) => `off (no \`${part}\` in the preset)`;
const PRICE_CLASSES: Readonly<Record<string, string>> = {
  PriceClass_100: 'edge locations in North America, Europe and Israel only',
  PriceClass_200: 'edge locations in North America, Europe, Asia (Korea included), the Middle East and Africa; none in South America or Oceania',
  PriceClass_All: 'every edge location',
};
const SEOUL_AZS = REGION_AVAILABILITY_ZONES[SANDBOX.region] ?? [];

// ---------------------------------------------------------------------------------------------------------------
// The chapters
// ---------------------------------------------------------------------------------------------------------------

const globalInfrastructure: Concept[] = [
  {
    id: 'data-centre',
    korean: '데이터센터',
    english: 'Data centre',
    summary: 'The buildings that hold the servers; one or more of them make up an availability zone, and AWS never lets a customer pick one.',
    constructs: [NETWORK],
    stacks: ['Network'],
    resourceTypes: [{ type: 'AWS::EC2::Subnet', in: 'both' }],
    stages: perStage(() => 'no data centre to choose: placement goes no finer than the AZ of a subnet'),
    tests: networkTests('every subnet tier has one subnet in every configured availability zone'),
    notProvisioned: {
      why: 'AWS does not expose its data centres: no API or template property names one, and the AZ is the finest placement a customer chooses.',
      instead: 'Subnets pinned to availability zones (`Network`), the finest placement there is.',
    },
  },
  {
    id: 'availability-zone',
    korean: '가용 영역 (가용영역, AZ)',
    english: 'Availability zone',
    summary: 'One or more data centres with their own power and network, close enough to their neighbours for synchronous replication; every tier here spans at least two.',
    constructs: [NETWORK, WEB_TIER],
    config: ['availabilityZones'],
    stacks: ['Network', 'Compute'],
    resourceTypes: [
      { type: 'AWS::EC2::Subnet', in: 'both' },
      { type: 'AWS::AutoScaling::AutoScalingGroup', in: 'both' },
    ],
    stages: {
      sandbox: `${azs(SANDBOX)}; single-AZ database`,
      production: `${azs(PRODUCTION)}; Multi-AZ database and cache`,
    },
    tests: [
      ...networkTests('every subnet tier has one subnet in every configured availability zone'),
      ...webTierTests(
        'the ASG spreads across every AZ (its application subnets) with the configured bounds and ELB health checks',
        'the load balancer sits in the public subnet of every AZ',
      ),
      ...validateTests('the presets differ where the study says they should: sandbox 2 AZs and 1 NAT, production 3 AZs and a NAT per AZ'),
      ...badInputTests('sandbox: fails on one availability zone'),
    ],
  },
  {
    id: 'region',
    korean: '리전',
    english: 'Region',
    summary: 'A geographic area with several isolated AZs; a VPC and most resources live in exactly one, and each stage names its region in the config.',
    constructs: [NETWORK, AUDIT_TRAIL, DNS],
    config: ['region'],
    stacks: ['Network', 'Audit', 'Dns'],
    resourceTypes: [
      { type: 'AWS::EC2::VPC', in: 'both' },
      { type: 'AWS::CloudTrail::Trail', in: 'both' },
      { type: 'AWS::Route53::RecordSet', in: 'both' },
    ],
    stages: perStage((c) => `${c.region} (Seoul); the trail records every region`),
    tests: [
      ...networkTests('one VPC with the stage CIDR and DNS support'),
      ...trailTests('one trail for all regions with log file validation, KMS encryption and CloudWatch Logs delivery'),
      ...dnsTests("latency: the region's record, health-checked"),
      ...badInputTests('sandbox: fails on an unknown region'),
    ],
  },
  {
    id: 'seoul-availability-zones',
    korean: '서울 리전의 가용 영역',
    english: `Seoul availability zones (${SEOUL_AZS[0]}–${(SEOUL_AZS[SEOUL_AZS.length - 1] ?? '').slice(SANDBOX.region.length)})`,
    summary: `Seoul (${SANDBOX.region}) has ${SEOUL_AZS.length} AZs; the stages pin theirs in the config instead of looking them up, so a synth needs no AWS credentials.`,
    constructs: [NETWORK],
    config: ['region', 'availabilityZones'],
    stacks: ['Network'],
    resourceTypes: [{ type: 'AWS::EC2::Subnet', in: 'both' }],
    stages: perStage((c) => c.availabilityZones.join(', ')),
    tests: [
      ...networkTests('every subnet tier has one subnet in every configured availability zone'),
      ...validateTests('fails on an AZ of another region', 'fails on an AZ that does not exist'),
      ...badInputTests('fails on -c region, naming where a stage region and its zones are chosen'),
    ],
  },
];

const compute: Concept[] = [
  {
    id: 'ec2',
    korean: 'EC2 (가상 서버, 인스턴스)',
    english: 'Amazon EC2',
    summary: 'Virtual servers you size and run yourself; here Graviton instances from a launch template, with no SSH key, reached only through Session Manager.',
    constructs: [WEB_TIER],
    config: ['webTier.instanceType', 'webTier.rootVolumeGiB'],
    stacks: ['Compute'],
    resourceTypes: [
      { type: 'AWS::EC2::LaunchTemplate', in: 'both' },
      { type: 'AWS::IAM::InstanceProfile', in: 'both' },
    ],
    stages: perStage((c) => `${c.webTier.instanceType}, ${c.webTier.rootVolumeGiB} GiB encrypted gp3 root volume`),
    tests: [
      ...webTierTests(
        'instances: AL2023 ARM from the public SSM parameter, IMDSv2 only, encrypted gp3 root volume, no key pair',
        'the instance role has only the Session Manager policy',
      ),
      ...badInputTests('sandbox: fails on an x86 instance type for the ARM image'),
    ],
  },
  {
    id: 'ecs',
    korean: 'ECS (EC2 컨테이너 서비스)',
    english: 'Amazon ECS (EC2 Container Service)',
    summary: `Runs containers for you; here a Fargate service, so there are no container hosts to manage, behind the web tier's load balancer at ${CONTAINER_PATH}.`,
    constructs: [CONTAINERS],
    config: ['containers'],
    stacks: ['Compute'],
    resourceTypes: [
      { type: 'AWS::ECS::Cluster', in: 'both' },
      { type: 'AWS::ECS::TaskDefinition', in: 'both' },
      { type: 'AWS::ECS::Service', in: 'both' },
      { type: 'AWS::ApplicationAutoScaling::ScalableTarget', in: 'both' },
    ],
    stages: perStage((c) => `${c.containers.cpu / 1024} vCPU / ${c.containers.memoryMiB} MiB per task, ${c.containers.desiredCount}–${c.containers.maxCount} tasks`),
    tests: containerTests(
      'a cluster with Container Insights',
      `a Fargate task on ARM64 (${SANDBOX.containers.cpu} CPU units, ${SANDBOX.containers.memoryMiB} MiB) running the public image by URI`,
      'the service: application subnets, application security group, no public IP, circuit breaker with rollback',
      'reached through the load balancer by a path-based listener rule',
      'the task role has no permissions (the container calls no AWS API)',
    ),
  },
  {
    id: 'elb',
    korean: 'ELB (로드 밸런서)',
    english: 'Elastic Load Balancing',
    summary: 'Spreads requests over the healthy targets in several AZs; here an internet-facing Application Load Balancer with health checks, access logs and, in production, sticky sessions (고정 세션).',
    constructs: [WEB_TIER],
    config: ['webTier.stickySessionSeconds', 'webTier.certificateArn'],
    stacks: ['Compute'],
    resourceTypes: [
      { type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', in: 'both' },
      { type: 'AWS::ElasticLoadBalancingV2::Listener', in: 'both' },
      { type: 'AWS::ElasticLoadBalancingV2::TargetGroup', in: 'both' },
      { type: 'AWS::ElasticLoadBalancingV2::ListenerRule', in: 'both' },
    ],
    stages: perStage((c) =>
      [
        retains(c) ? 'deletion protection' : 'no deletion protection',
        c.webTier.stickySessionSeconds === undefined ? 'no sticky sessions' : `sticky sessions ${c.webTier.stickySessionSeconds / 3600} h`,
        c.webTier.certificateArn === undefined ? 'HTTP only (no certificate)' : 'HTTPS, HTTP redirected',
      ].join(', '),
    ),
    tests: webTierTests(
      'an internet-facing ALB that drops invalid headers, logs access, and is deletion-protected only in production',
      'the load balancer sits in the public subnet of every AZ',
      `the target group health-checks ${HEALTH_CHECK_PATH} on the app port`,
      'production sticks sessions for an hour; sandbox does not',
      'with a certificate: HTTPS listener with a modern TLS policy, and HTTP redirects to it',
    ),
  },
  {
    id: 'lambda',
    korean: 'Lambda (서버리스)',
    english: 'AWS Lambda',
    summary: 'Runs code on events without servers, billed per request and duration; here one function started by a schedule and by new objects in the content bucket.',
    constructs: [FUNCTIONS],
    config: ['functions'],
    stacks: ['Compute'],
    resourceTypes: [
      { type: 'AWS::Lambda::Function', in: 'both' },
      { type: 'AWS::Events::Rule', in: 'both' },
      { type: 'AWS::SQS::Queue', in: 'both' },
    ],
    stages: perStage((c) => `${c.functions.memoryMiB} MB, ${c.functions.timeoutSeconds} s timeout, ${c.functions.reservedConcurrency === undefined ? 'no reserved concurrency' : `${c.functions.reservedConcurrency} reserved`}`),
    tests: functionTests(
      'an ARM64 function on the current Node.js runtime with X-Ray, sized from config, in the application subnets',
      'triggers: an EventBridge schedule and S3 object-created events of the content bucket',
      'least privilege: the function gets no S3 permissions (it only reacts to the event)',
    ),
  },
  {
    id: 'lambda-limits',
    korean: 'Lambda의 제한 (최대 15분, 메모리 128–10240 MB)',
    english: "Lambda's limits",
    summary: `An invocation runs at most ${LAMBDA_MAX_TIMEOUT_SECONDS / 60} minutes with 128 to 10,240 MB of memory; the construct refuses anything outside, and an alarm fires when a run nears its timeout.`,
    constructs: [FUNCTIONS],
    config: ['functions.timeoutSeconds', 'functions.memoryMiB'],
    stacks: ['Compute'],
    resourceTypes: [
      { type: 'AWS::Lambda::Function', in: 'both' },
      { type: 'AWS::CloudWatch::Alarm', in: 'both' },
    ],
    stages: perStage((c) => `timeout ${c.functions.timeoutSeconds} s of the ${LAMBDA_MAX_TIMEOUT_SECONDS} s limit, ${c.functions.memoryMiB} MB`),
    tests: [
      ...functionTests(
        `Lambda runs at most 15 minutes: fails on a timeout above ${LAMBDA_MAX_TIMEOUT_SECONDS} s`,
        'fails on a zero timeout',
        'fails on 64 MB of memory',
        'alarms: errors, throttles, duration near the timeout and dead-letter depth',
      ),
      ...badInputTests('sandbox: fails on a timeout beyond the Lambda limit'),
    ],
  },
  {
    id: 'auto-scaling',
    korean: '오토 스케일링',
    english: 'Auto Scaling',
    summary: 'Keeps the number of instances between a minimum and a maximum, adding and removing them on metrics, schedules and alarms and replacing unhealthy ones.',
    constructs: [WEB_TIER, CONTAINERS],
    config: ['webTier.minCapacity', 'webTier.maxCapacity', 'webTier.peakMinCapacity', 'containers.maxCount'],
    stacks: ['Compute'],
    resourceTypes: [
      { type: 'AWS::AutoScaling::AutoScalingGroup', in: 'both' },
      { type: 'AWS::AutoScaling::ScalingPolicy', in: 'both' },
      { type: 'AWS::AutoScaling::ScheduledAction', in: 'both' },
      { type: 'AWS::ApplicationAutoScaling::ScalingPolicy', in: 'both' },
    ],
    stages: perStage((c) => `${c.webTier.minCapacity}–${c.webTier.maxCapacity} instances (at least ${c.webTier.peakMinCapacity} in the weekday peak), ${c.containers.desiredCount}–${c.containers.maxCount} tasks`),
    tests: [
      ...webTierTests(
        'the ASG spreads across every AZ (its application subnets) with the configured bounds and ELB health checks',
        'target tracking on CPU and on requests per target, plus a step policy driven by a response-time alarm',
        'a scheduled scale-out for the daily peak and scale-in afterwards, in Asia/Seoul',
        'Auto Scaling notifications go to the alarm topic',
      ),
      ...containerTests(`service auto scaling on CPU between ${SANDBOX.containers.desiredCount} and ${SANDBOX.containers.maxCount} tasks`),
    ],
  },
  {
    id: 'scale-up-out-in',
    korean: '수직 확장(스케일 업)과 수평 확장(스케일 아웃/인)',
    english: 'Scale up, scale out and scale in',
    summary: 'Scaling up means a bigger machine (a config change that replaces it); scaling out and in mean more or fewer machines of the same size, which Auto Scaling does while running.',
    constructs: [WEB_TIER, RELATIONAL],
    config: ['webTier.instanceType', 'relational.instanceType', 'webTier.minCapacity', 'webTier.maxCapacity'],
    stacks: ['Compute', 'Data'],
    resourceTypes: [
      { type: 'AWS::EC2::LaunchTemplate', in: 'both' },
      { type: 'AWS::RDS::DBInstance', in: 'both' },
      { type: 'AWS::AutoScaling::ScalingPolicy', in: 'both' },
      { type: 'AWS::AutoScaling::ScheduledAction', in: 'both' },
    ],
    stages: perStage((c) => `up: ${c.webTier.instanceType} instances, db.${c.relational.instanceType} database; out and in: ${c.webTier.minCapacity}–${c.webTier.maxCapacity} instances`),
    tests: [
      ...webTierTests(
        'instances: AL2023 ARM from the public SSM parameter, IMDSv2 only, encrypted gp3 root volume, no key pair',
        'target tracking on CPU and on requests per target, plus a step policy driven by a response-time alarm',
        'a scheduled scale-out for the daily peak and scale-in afterwards, in Asia/Seoul',
      ),
      ...relationalTests('PostgreSQL, encrypted with a customer key, IAM auth, backups, Performance Insights, monitoring and log exports'),
    ],
  },
];

const networking: Concept[] = [
  {
    id: 'vpc',
    korean: 'VPC (가상 사설 클라우드)',
    english: 'Amazon VPC',
    summary: 'A private, isolated network in one region, addressed from RFC 1918 space; here three subnet tiers in every AZ, NAT for egress, gateway endpoints and flow logs.',
    constructs: [NETWORK],
    config: ['network'],
    stacks: ['Network'],
    resourceTypes: [
      { type: 'AWS::EC2::VPC', in: 'both' },
      { type: 'AWS::EC2::Subnet', in: 'both' },
      { type: 'AWS::EC2::RouteTable', in: 'both' },
      { type: 'AWS::EC2::InternetGateway', in: 'both' },
      { type: 'AWS::EC2::NatGateway', in: 'both' },
      { type: 'AWS::EC2::VPCEndpoint', in: 'both' },
      { type: 'AWS::EC2::FlowLog', in: 'both' },
    ],
    stages: perStage((c) =>
      `${c.network.vpcCidr}, ${c.network.natGateways} NAT gateway${c.network.natGateways === 1 ? '' : 's'}, Systems Manager endpoints ${c.network.systemsManagerEndpoints ? 'on' : 'off'}, flow logs kept ${days(c.network.flowLogRetention)}`),
    tests: networkTests(
      'one VPC with the stage CIDR and DNS support',
      'only public subnets route to the internet gateway; application subnets go out through NAT; isolated subnets have no default route',
      `NAT gateways: ${SANDBOX.network.natGateways}, in public subnets only`,
      'gateway endpoints for S3 and DynamoDB serve the application and isolated tiers',
      'flow logs of all traffic go to an encrypted log group with the stage retention',
      'production has ssm, ssmmessages and ec2messages interface endpoints with private DNS in the application tier',
    ),
  },
  {
    id: 'route-53-gslb',
    korean: 'Route 53과 GSLB (글로벌 서버 로드 밸런싱)',
    english: 'Amazon Route 53 and global server load balancing (GSLB)',
    summary: "DNS that answers by policy and health: one record per routing policy (simple, failover, geolocation, latency, weighted) in the stage's hosted zone, with health checks.",
    constructs: [DNS],
    config: ['dns.domainName', 'edge.certificateArn'],
    stacks: ['Dns'],
    resourceTypes: [
      { type: 'AWS::Route53::HostedZone', in: 'both' },
      { type: 'AWS::Route53::RecordSet', in: 'both' },
      { type: 'AWS::Route53::HealthCheck', in: 'both' },
    ],
    stages: perStage((c) =>
      `zone ${c.dns.domainName}; ${c.edge.certificateArn === undefined ? 'every record answers from the load balancer (no CloudFront certificate)' : 'failover, geolocation and weighted records also send traffic to CloudFront'}`),
    tests: dnsTests(
      'simple: one alias to the load balancer',
      'failover: the load balancer while healthy, else the CloudFront site; both sides health-checked',
      'geolocation: Korea to the load balancer, everyone else to CloudFront',
      "latency: the region's record, health-checked",
      'weighted: 90 to the load balancer, 10 to CloudFront',
      'no record points at CloudFront, which would answer 403 for a name it does not carry',
    ),
  },
  {
    id: 'direct-connect',
    korean: 'Direct Connect (전용선)',
    english: 'AWS Direct Connect',
    summary: 'A private line from your own network to AWS at a Direct Connect location instead of the internet; here its AWS side, with a Site-to-Site VPN as the backup path.',
    constructs: [HYBRID],
    config: ['hybrid.amazonSideAsn', 'hybrid.directConnect', 'hybrid.vpn'],
    stacks: ['Network'],
    resourceTypes: [
      { type: 'AWS::EC2::VPNGateway', in: 'both' },
      { type: 'AWS::EC2::VPNGatewayRoutePropagation', in: 'both' },
      { type: 'AWS::DirectConnect::DirectConnectGateway', in: 'both' },
      { type: 'AWS::DirectConnect::DirectConnectGatewayAssociation', in: 'both' },
      { type: 'AWS::DirectConnect::Connection', in: 'optional', switchedBy: 'hybrid.directConnect' },
      { type: 'AWS::DirectConnect::PrivateVirtualInterface', in: 'optional', switchedBy: 'hybrid.directConnect' },
      { type: 'AWS::EC2::CustomerGateway', in: 'optional', switchedBy: 'hybrid.vpn' },
      { type: 'AWS::EC2::VPNConnection', in: 'optional', switchedBy: 'hybrid.vpn' },
    ],
    stages: perStage((c) =>
      `virtual private gateway and Direct Connect gateway; ${c.hybrid.directConnect ? 'a dedicated connection' : 'no connection'}, ${c.hybrid.vpn ? 'a VPN' : 'no VPN'}`),
    tests: hybridTests(
      'a virtual private gateway with the Amazon side ASN, attached to the VPC',
      'a Direct Connect gateway associated with the virtual private gateway, advertising the VPC CIDR',
      'no Direct Connect connection in the presets: it needs a cross-connect ordered by hand',
      'with a Direct Connect circuit: the dedicated connection and a private virtual interface on the gateway',
      'with a customer gateway: a BGP Site-to-Site VPN to it',
    ),
    notProvisioned: {
      why: 'The line itself is physical: a port at a Direct Connect location and a cross-connect ordered by hand with the Letter of Authorization (LOA-CFA) AWS issues; no template lays it, and the port is billed once it exists.',
      instead: 'The AWS side in every stage (virtual private gateway, Direct Connect gateway), the connection and private virtual interface behind `hybrid.directConnect`, and a BGP Site-to-Site VPN behind `hybrid.vpn`.',
    },
  },
];

const storage: Concept[] = [
  {
    id: 's3',
    korean: 'S3 (객체 스토리지)',
    english: 'Amazon S3',
    summary: 'Object storage for any amount of data, addressed by bucket and key; here every bucket is private, TLS-only, versioned and encrypted.',
    constructs: [CONTENT_DELIVERY, ARCHIVE, LOG_BUCKET],
    config: ['durability.removalPolicy'],
    stacks: ['Data', 'Edge', 'Compute', 'Audit'],
    resourceTypes: [
      { type: 'AWS::S3::Bucket', in: 'both' },
      { type: 'AWS::S3::BucketPolicy', in: 'both' },
      { type: 'Custom::S3AutoDeleteObjects', in: 'sandbox', switchedBy: 'durability.removalPolicy' },
    ],
    stages: perStage((c) => (retains(c) ? 'buckets kept when a stack is deleted, in termination-protected stacks' : 'buckets emptied and deleted with the stack')),
    tests: [
      ...contentTests(
        'the content bucket is private, encrypted, versioned, access-logged and TLS-only',
        'buckets are emptied and removed with the stack',
        'every bucket sends its events to EventBridge (object-created events trigger the functions), set on the bucket itself',
        'the content bucket logical id is pinned',
      ),
      ...archiveTests('private, TLS-only, versioned, access-logged and encrypted with its own rotating key'),
    ],
  },
  {
    id: 'glacier',
    korean: 'Glacier (아카이브 스토리지)',
    english: 'Amazon S3 Glacier',
    summary: 'Cheap storage for data that is rarely read, retrieved in minutes to hours; here S3 storage classes that a lifecycle moves objects into.',
    constructs: [ARCHIVE],
    config: ['archive'],
    stacks: ['Data'],
    resourceTypes: [{ type: 'AWS::S3::Bucket', in: 'both' }],
    stages: perStage((c) =>
      `Standard-IA after ${days(c.archive.infrequentAccessAfterDays)}, Glacier Flexible Retrieval after ${c.archive.glacierAfterDays}, Deep Archive after ${c.archive.deepArchiveAfterDays}, ${c.archive.expireAfterDays === undefined ? 'kept' : `deleted after ${c.archive.expireAfterDays}`}`),
    tests: archiveTests(
      'objects move through Standard-IA, Glacier Flexible Retrieval and Deep Archive at the configured ages',
      'the stateful logical id is pinned',
    ),
    notProvisioned: {
      why: 'Glacier vaults, the original stand-alone service, take no new customers since 15 December 2025 (existing vaults keep working).',
      instead: '`ArchiveBucket`: an S3 bucket whose lifecycle moves objects to Standard-IA, Glacier Flexible Retrieval and Glacier Deep Archive.',
    },
  },
  {
    id: 'glacier-minimum-storage-duration',
    korean: 'Glacier 최소 보관 기간 (90일)',
    english: "Glacier's minimum storage duration",
    summary: `An object deleted or moved before its class minimum (${MINIMUM_STORAGE_DAYS.infrequentAccess} days Standard-IA, ${MINIMUM_STORAGE_DAYS.glacier} Glacier, ${MINIMUM_STORAGE_DAYS.deepArchive} Deep Archive) is billed for the whole minimum, so a lifecycle that would do so fails the synth.`,
    constructs: [ARCHIVE],
    config: ['archive'],
    stacks: ['Data'],
    resourceTypes: [{ type: 'AWS::S3::Bucket', in: 'both' }],
    stages: perStage((c) =>
      `${days(c.archive.deepArchiveAfterDays - c.archive.glacierAfterDays)} in Glacier (minimum ${MINIMUM_STORAGE_DAYS.glacier}), ${c.archive.expireAfterDays === undefined ? 'kept in Deep Archive' : `${days(c.archive.expireAfterDays - c.archive.deepArchiveAfterDays)} in Deep Archive (minimum ${MINIMUM_STORAGE_DAYS.deepArchive})`}`),
    tests: [
      ...archiveTests(
        'the tightest valid lifecycle honours every minimum: 30 days in Standard-IA, 90 in Glacier, 180 in Deep Archive',
        'without an expiration, objects are kept in Deep Archive',
      ),
      ...badInputTests('sandbox: fails on archive transitions out of order', "sandbox: fails on an archive expiring inside Deep Archive's 180 days"),
    ],
  },
  {
    id: 'ebs',
    korean: 'EBS (블록 스토리지)',
    english: 'Amazon EBS',
    summary: "Network disks for EC2 instances that live apart from the instance; here encrypted gp3 root volumes and daily snapshots, which EBS keeps in S3.",
    constructs: [WEB_TIER, BLOCK_STORAGE],
    config: ['webTier.rootVolumeGiB', 'blockStorage.retainSnapshots'],
    stacks: ['Compute', 'Data'],
    resourceTypes: [
      { type: 'AWS::EC2::LaunchTemplate', in: 'both' },
      { type: 'AWS::DLM::LifecyclePolicy', in: 'both' },
    ],
    stages: perStage((c) => `${c.webTier.rootVolumeGiB} GiB gp3 per instance, the newest ${c.blockStorage.retainSnapshots} daily snapshots kept`),
    tests: [
      ...blockStorageTests(
        `a daily snapshot of every volume tagged ${EBS_BACKUP_TAG}=${SANDBOX.stageName}, the newest ${SANDBOX.blockStorage.retainSnapshots} kept`,
        "the web tier's volumes carry the tag, and stay encrypted gp3",
        'fails on keeping no snapshot',
      ),
      ...webTierTests('instances: AL2023 ARM from the public SSM parameter, IMDSv2 only, encrypted gp3 root volume, no key pair'),
    ],
  },
  {
    id: 'cloudfront',
    korean: 'CloudFront (CDN, 엣지 로케이션)',
    english: 'Amazon CloudFront, CDN and edge locations',
    summary: 'A content delivery network that caches content at edge locations near the users; here it serves a private bucket through Origin Access Control, over HTTPS only.',
    constructs: [CONTENT_DELIVERY],
    config: ['edge'],
    stacks: ['Edge'],
    resourceTypes: [
      { type: 'AWS::CloudFront::Distribution', in: 'both' },
      { type: 'AWS::CloudFront::OriginAccessControl', in: 'both' },
      { type: 'Custom::CDKBucketDeployment', in: 'both' },
    ],
    stages: perStage((c) => `\`${c.edge.priceClass}\`: ${PRICE_CLASSES[c.edge.priceClass] ?? 'see the CloudFront price classes'}`),
    tests: contentTests(
      'only CloudFront reads the bucket, through Origin Access Control scoped to this distribution',
      'the distribution redirects to HTTPS, compresses, adds security headers, logs, and serves index.html',
      'a sample site is deployed to the bucket and invalidated in CloudFront',
      'a custom domain with a us-east-1 certificate enforces TLS 1.2',
      'fails on a certificate outside us-east-1',
    ),
  },
];

const security: Concept[] = [
  {
    id: 'iam',
    korean: 'IAM (자격 증명 및 액세스 관리)',
    english: 'AWS IAM',
    summary: 'Who may do what: here no users and no access keys, people assume roles with MFA, and one permissions boundary caps every role of a stage.',
    constructs: [ACCESS, SERVICE_LINKED_ROLES],
    stacks: ['Access'],
    resourceTypes: [
      { type: 'AWS::IAM::ManagedPolicy', in: 'both' },
      { type: 'AWS::IAM::Role', in: 'both' },
      { type: 'Custom::ServiceLinkedRole', in: 'both' },
    ],
    stages: perStage((c) => `the same boundary and roles; the operator opens sessions only on instances tagged stage=${c.stageName}`),
    tests: accessTests(
      'every IAM role the stage creates, CDK helper roles included, has the permissions boundary',
      'no IAM users, no access keys, no login profiles anywhere',
      'no statement allows every action ("*" or "*:*") in any template',
      'the boundary denies user and key creation, boundary changes and switching the trail off',
      'the auditor role: read-only SecurityAudit, assumable from this account only with MFA, for an hour',
    ),
  },
  {
    id: 'security-group-nacl',
    korean: '보안 그룹과 네트워크 ACL',
    english: 'Security groups and network ACLs',
    summary: 'Two firewalls: a security group guards network interfaces, a network ACL a whole subnet; here one of each per tier, chained load balancer → application → data.',
    constructs: [NETWORK],
    stacks: ['Network'],
    resourceTypes: [
      { type: 'AWS::EC2::SecurityGroup', in: 'both' },
      { type: 'AWS::EC2::SecurityGroupIngress', in: 'both' },
      { type: 'AWS::EC2::NetworkAcl', in: 'both' },
      { type: 'AWS::EC2::NetworkAclEntry', in: 'both' },
      { type: 'AWS::EC2::SubnetNetworkAclAssociation', in: 'both' },
    ],
    stages: perStage((c) =>
      c.network.systemsManagerEndpoints ? 'the same rules, plus HTTPS between application subnets for the Systems Manager endpoints' : 'the same rules, without the Systems Manager endpoint rules'),
    tests: networkTests(
      'security groups are chained by reference: internet → load balancer → application → data',
      'no security group other than the load balancer group admits 0.0.0.0/0',
      'each network ACL is associated with exactly the subnets of its tier',
      'no ACL admits SSH or RDP from the internet, not even inside the ephemeral return range',
      'nothing reaches the isolated tier from the internet: its ACL admits only the application and isolated tiers',
    ),
  },
  {
    id: 'stateful-security-group-vs-stateless-nacl',
    korean: '상태 저장(stateful) 보안 그룹과 상태 비저장(stateless) 네트워크 ACL',
    english: 'Stateful security groups vs stateless network ACLs',
    summary: `A security group remembers a connection and lets its replies back in; a network ACL judges every packet alone, so each admitted request needs a rule for its return on the ephemeral ports ${EPHEMERAL_PORTS.from}–${EPHEMERAL_PORTS.to}.`,
    constructs: [NETWORK],
    stacks: ['Network'],
    resourceTypes: [
      { type: 'AWS::EC2::SecurityGroupIngress', in: 'both' },
      { type: 'AWS::EC2::NetworkAclEntry', in: 'both' },
    ],
    stages: perStage(() => 'the same: security groups without return rules, every ACL with explicit return rules'),
    tests: networkTests(
      'a NACL is stateless: every admitted request has an explicit return rule on the ephemeral ports',
      'match the design table exactly (no more, no less)',
      'a data store opens its own port from the application tier, in the security group and both NACLs',
    ),
  },
  {
    id: 'cloudtrail',
    korean: 'CloudTrail (API 호출 기록)',
    english: 'AWS CloudTrail',
    summary: 'Records who called which AWS API, when and from where; here one trail for every region with log file validation, to an encrypted bucket and to CloudWatch Logs.',
    constructs: [AUDIT_TRAIL],
    config: ['logRetention', 'durability.removalPolicy'],
    stacks: ['Audit'],
    resourceTypes: [
      { type: 'AWS::CloudTrail::Trail', in: 'both' },
      { type: 'AWS::S3::Bucket', in: 'both' },
      { type: 'AWS::Logs::LogGroup', in: 'both' },
    ],
    stages: perStage((c) =>
      `${retains(c) ? `trail files locked ${TRAIL_LOCK_RETENTION.toDays()} days (Object Lock, governance mode), bucket kept` : 'bucket emptied and deleted with the stack, no Object Lock'}; log copy kept ${days(c.logRetention)}`),
    tests: trailTests(
      'one trail for all regions with log file validation, KMS encryption and CloudWatch Logs delivery',
      'management events plus S3 data events of the content bucket',
      'the trail bucket is KMS-encrypted, private, TLS-only, access-logged and moves files to Glacier after 90 days',
      'trail files are locked for a year (Object Lock, governance mode)',
      'the sandbox trail bucket has no Object Lock, so cdk destroy can empty it',
    ),
  },
  {
    id: 'cloudtrail-lake',
    korean: 'CloudTrail Lake (SQL로 조회하는 이벤트 저장소)',
    english: 'AWS CloudTrail Lake',
    summary: 'Keeps CloudTrail events for years in a store queried with SQL; here an event data store of every region\'s management events.',
    constructs: [LAKE],
    config: ['cloudTrailLake'],
    stacks: ['Audit'],
    resourceTypes: [{ type: 'AWS::CloudTrail::EventDataStore', in: 'optional', switchedBy: 'cloudTrailLake' }],
    stages: perStage(() => switchedOff('cloudTrailLake')),
    tests: lakeTests(
      'production preset: switched off (CloudTrail Lake is closed to new customers since 31 May 2026)',
      'production with Lake on: management events of every region, kept as configured, encrypted, termination-protected and retained',
    ),
    notProvisioned: {
      why: 'CloudTrail Lake takes no new customers from 31 May 2026, so both presets leave it off: a new account could not deploy it.',
      instead: 'The trail and its CloudWatch Logs copy (`AuditTrail`) for every account; `CloudTrailLake` behind `cloudTrailLake` for accounts that already use Lake.',
    },
  },
  {
    id: 'waf',
    korean: 'WAF (웹 애플리케이션 방화벽)',
    english: 'AWS WAF',
    summary: 'Filters HTTP requests before they reach the load balancer, with AWS managed rule groups and a per-IP rate limit; not in the study, added because the load balancer faces the internet.',
    constructs: [WEB_FIREWALL],
    config: ['logRetention'],
    stacks: ['Compute'],
    resourceTypes: [
      { type: 'AWS::WAFv2::WebACL', in: 'both' },
      { type: 'AWS::WAFv2::WebACLAssociation', in: 'both' },
      { type: 'AWS::WAFv2::LoggingConfiguration', in: 'both' },
    ],
    stages: perStage((c) => `the same rules; request logs kept ${days(c.logRetention)}`),
    tests: webTierTests('AWS WAF guards the load balancer: managed rule groups, a per-IP rate limit, and logging with secrets redacted'),
  },
];

const database: Concept[] = [
  {
    id: 'rds',
    korean: 'RDS (관계형 데이터베이스)',
    english: 'Amazon RDS',
    summary: 'A managed relational database that AWS patches, backs up and fails over; here PostgreSQL in isolated subnets, never public, its password generated and rotated.',
    constructs: [RELATIONAL],
    config: ['relational'],
    stacks: ['Data'],
    resourceTypes: [
      { type: 'AWS::RDS::DBInstance', in: 'both' },
      { type: 'AWS::RDS::DBSubnetGroup', in: 'both' },
      { type: 'AWS::RDS::DBParameterGroup', in: 'both' },
      { type: 'AWS::SecretsManager::RotationSchedule', in: 'both' },
      { type: 'AWS::Backup::BackupPlan', in: 'production', switchedBy: 'durability.removalPolicy' },
      { type: 'AWS::Backup::BackupVault', in: 'production', switchedBy: 'durability.removalPolicy' },
    ],
    stages: perStage((c) =>
      [
        `db.${c.relational.instanceType}`,
        c.relational.multiAz ? 'Multi-AZ' : 'single-AZ',
        `${days(c.relational.backupRetentionDays)} of automated backups`,
        retains(c) ? 'a daily AWS Backup plan, deletion protection, a final snapshot' : 'deleted with the stack',
      ].join(', ')),
    tests: relationalTests(
      'RDS is not reachable from the internet: not public, isolated subnets, data security group only',
      'PostgreSQL, encrypted with a customer key, IAM auth, backups, Performance Insights, monitoring and log exports',
      'credentials are generated in Secrets Manager (never in the template) and rotated every 30 days',
      'a daily AWS Backup plan keeps restore points 35 days in a vault encrypted with the database key',
      'durability: Multi-AZ true, deletion protection true, SNAPSHOT on delete',
      'the stateful logical id is pinned (a change would replace the database)',
    ),
  },
  {
    id: 'dynamodb',
    korean: 'DynamoDB (키-값 NoSQL 데이터베이스)',
    english: 'Amazon DynamoDB',
    summary: 'A serverless key-value and document database billed per request; here one table with a partition key, a sort key and items that expire on their own.',
    constructs: [KEY_VALUE],
    config: ['durability.removalPolicy'],
    stacks: ['Data'],
    resourceTypes: [{ type: 'AWS::DynamoDB::GlobalTable', in: 'both' }],
    stages: perStage((c) => (retains(c) ? 'deletion protection, kept on delete' : 'deleted with the stack')),
    tests: keyValueTests(
      'on-demand, partition key pk and sort key sk, items expire by their expiresAt attribute',
      'encrypted with its own rotating customer-managed key, point-in-time recovery on every replica',
      'durability: deletion protection true, RETAIN on delete',
      'the function reads and writes the table through a grant, and knows its name',
      'the stateful logical id is pinned (a change would replace the table)',
    ),
  },
  {
    id: 'elasticache',
    korean: 'ElastiCache (인메모리 캐시)',
    english: 'Amazon ElastiCache',
    summary: 'An in-memory key-value store in front of a database for sub-millisecond reads; here Valkey, encrypted, behind an AUTH token, failing over across AZs.',
    constructs: [CACHE],
    config: ['cache'],
    stacks: ['Data'],
    resourceTypes: [
      { type: 'AWS::ElastiCache::ReplicationGroup', in: 'production', switchedBy: 'cache' },
      { type: 'AWS::ElastiCache::SubnetGroup', in: 'production', switchedBy: 'cache' },
    ],
    stages: perStage((c) =>
      c.cache === undefined ? switchedOff('cache') : `${c.cache.nodeType} × ${c.cache.nodes}, ${c.cache.multiAz ? 'Multi-AZ with failover' : 'single-AZ'}, snapshots kept ${days(c.cache.snapshotRetentionDays)}`),
    tests: cacheTests(
      'sandbox: switched off, so there is no ElastiCache resource at all',
      'Valkey, encrypted at rest with a customer key and in transit, with an AUTH token from Secrets Manager',
      'Multi-AZ with automatic failover: two nodes in two different availability zones',
      'in the isolated subnets behind the data security group, snapshots kept 15 days, a final snapshot on delete',
    ),
  },
  {
    id: 'documentdb',
    korean: 'DocumentDB (문서 데이터베이스)',
    english: 'Amazon DocumentDB',
    summary: 'A managed document database that speaks the MongoDB API; here a TLS-only, encrypted cluster with audit logs, its instances in different AZs.',
    constructs: [DOCUMENT],
    config: ['document'],
    stacks: ['Data'],
    resourceTypes: [
      { type: 'AWS::DocDB::DBCluster', in: 'production', switchedBy: 'document' },
      { type: 'AWS::DocDB::DBInstance', in: 'production', switchedBy: 'document' },
    ],
    stages: perStage((c) =>
      c.document === undefined ? switchedOff('document') : `db.${c.document.instanceType} × ${c.document.instances}, backups kept ${days(c.document.backupRetentionDays)}`),
    tests: documentTests(
      'sandbox: switched off, so there is no DocumentDB resource at all',
      'storage and password encrypted with a customer key; the password managed (and rotated) by DocumentDB in Secrets Manager',
      'TLS enforced, audit and profiler logs on and exported',
      'in the isolated subnets behind the data security group, instances in different availability zones',
    ),
  },
];

const deploymentAndManagement: Concept[] = [
  {
    id: 'cloudwatch',
    korean: 'CloudWatch (모니터링)',
    english: 'Amazon CloudWatch',
    summary: 'Metrics, logs and alarms: here alarms next to what they watch, all publishing to one encrypted SNS topic, a dashboard per stage and encrypted log groups.',
    constructs: [ALARM_TOPIC, DASHBOARD, LOG_GROUP],
    config: ['monitoring.alarmEmail', 'logRetention'],
    stacks: ['Access', 'Network', 'Monitoring', 'Data', 'Edge', 'Compute', 'Audit', 'Dashboard'],
    resourceTypes: [
      { type: 'AWS::CloudWatch::Alarm', in: 'both' },
      { type: 'AWS::CloudWatch::Dashboard', in: 'both' },
      { type: 'AWS::SNS::Topic', in: 'both' },
      { type: 'AWS::Logs::LogGroup', in: 'both' },
      { type: 'AWS::SNS::Subscription', in: 'optional', switchedBy: 'monitoring.alarmEmail' },
    ],
    stages: perStage((c) =>
      `logs kept ${days(c.logRetention)}; dashboard rows for the tiers that exist${c.cache || c.document ? ' (cache and document database included)' : ''}; ${c.monitoring.alarmEmail ? 'alarms e-mailed' : 'no e-mail until `-c alarmEmail` is given'}`),
    tests: [
      ...monitoringTests(
        'the alarm topic is KMS-encrypted and TLS-only',
        'every alarm of the stage notifies the alarm topic, on alarm and on recovery (except the scaling alarms)',
        'a dashboard with a row per tier',
        'an e-mail subscription when configured, whose undeliverable messages wait in an encrypted dead-letter queue',
      ),
      ...functionTests('its own log group is KMS-encrypted with a retention'),
    ],
  },
  {
    id: 'elastic-beanstalk',
    korean: 'Elastic Beanstalk (PaaS, 애플리케이션 배포 플랫폼)',
    english: 'AWS Elastic Beanstalk',
    summary: 'Hand over the code and the platform provisions and runs it (instances, load balancer, scaling, health); here a sample Node.js app in the VPC.',
    constructs: [BEANSTALK],
    config: ['beanstalk'],
    stacks: ['Compute'],
    resourceTypes: [
      { type: 'AWS::ElasticBeanstalk::Application', in: 'production', switchedBy: 'beanstalk' },
      { type: 'AWS::ElasticBeanstalk::ApplicationVersion', in: 'production', switchedBy: 'beanstalk' },
      { type: 'AWS::ElasticBeanstalk::Environment', in: 'production', switchedBy: 'beanstalk' },
    ],
    stages: perStage((c) =>
      c.beanstalk === undefined ? switchedOff('beanstalk') : `${c.beanstalk.platformBranch}, ${c.beanstalk.instanceType}, ${c.beanstalk.minInstances}–${c.beanstalk.maxInstances} instances`),
    tests: beanstalkTests(
      'sandbox: switched off, no Elastic Beanstalk resource at all',
      'load-balanced in the VPC: instances in the application subnets, the load balancer in the public ones',
      "runs the platform branch's recommended version, looked up at deploy time (a pinned version goes stale for new accounts)",
      'enhanced health, managed platform updates, IMDSv2 only, logs streamed and published',
    ),
  },
  {
    id: 'iaas-paas-saas',
    korean: 'IaaS / PaaS / SaaS (서비스형 인프라 · 플랫폼 · 소프트웨어)',
    english: 'IaaS, PaaS and SaaS',
    summary: 'How much AWS runs for you: IaaS rents servers you manage (EC2), PaaS runs your code on a managed platform (Elastic Beanstalk; Lambda goes further), SaaS is finished software with nothing to deploy.',
    constructs: [WEB_TIER, BEANSTALK, FUNCTIONS],
    config: ['beanstalk'],
    stacks: ['Compute'],
    resourceTypes: [
      { type: 'AWS::EC2::LaunchTemplate', in: 'both' },
      { type: 'AWS::Lambda::Function', in: 'both' },
      { type: 'AWS::ElasticBeanstalk::Environment', in: 'production', switchedBy: 'beanstalk' },
    ],
    stages: perStage((c) => `IaaS (web tier) and serverless (Lambda)${c.beanstalk ? ', and PaaS (Elastic Beanstalk)' : '; no PaaS (Elastic Beanstalk off)'}`),
    tests: [
      ...webTierTests('instances: AL2023 ARM from the public SSM parameter, IMDSv2 only, encrypted gp3 root volume, no key pair'),
      ...beanstalkTests('load-balanced in the VPC: instances in the application subnets, the load balancer in the public ones'),
      ...functionTests('an ARM64 function on the current Node.js runtime with X-Ray, sized from config, in the application subnets'),
    ],
  },
  {
    id: 'cloudformation-stacks',
    korean: 'CloudFormation과 스택',
    english: 'AWS CloudFormation and stacks',
    summary: 'Infrastructure as code: a template lists the resources and CloudFormation creates, changes and rolls them back together as one stack; the CDK writes the templates.',
    constructs: [STAGE, STACK],
    config: ['durability.terminationProtection'],
    stacks: [...STACK_IDS],
    resourceTypes: [],
    stages: perStage((c) =>
      `${STACK_IDS.length} stacks named \`${c.stageName}-<Stack>\`; ${c.durability.terminationProtection ? 'Data, Edge and Audit termination-protected' : 'no termination protection'}`),
    tests: [
      ...stageTests(
        'composes the stacks, each named after its stage',
        `stateful stacks are termination-protected: ${PRODUCTION.durability.terminationProtection}`,
        'user-facing endpoints are stack outputs',
        'every resource that takes tags carries the project and stage tags',
      ),
      ...snapshotTests('has the expected stacks'),
    ],
  },
  {
    id: 'delivery-pipeline',
    korean: 'CI/CD: 배포 파이프라인',
    english: 'Delivery pipeline (CI/CD)',
    summary:
      'Every push to the main branch is tested, synthesized through the compliance gate and deployed stage by stage by a CodePipeline that updates itself first; production waits for a person to approve.',
    constructs: [DELIVERY_PIPELINE],
    stacks: ['Pipeline'],
    resourceTypes: [
      { type: 'AWS::CodePipeline::Pipeline', in: 'pipeline' },
      { type: 'AWS::CodeBuild::Project', in: 'pipeline' },
      { type: 'AWS::S3::Bucket', in: 'pipeline' },
      { type: 'AWS::KMS::Key', in: 'pipeline' },
      { type: 'AWS::Logs::LogGroup', in: 'pipeline' },
    ],
    stages: {
      sandbox: 'deployed first, by every push to main that passes the tests and the gated synth',
      production: 'deployed after the sandbox, once a person approves in the CodePipeline console',
    },
    tests: pipelineTests(
      'switching it on adds the pipeline stack and changes no template of the stages',
      "the source is the repository's main branch, read through the connection",
      "the synth step runs the README's install, the tests, then the gated synth with the context the pipeline was deployed with",
      'sandbox is deployed before production, each stage with every stack of it',
      'production waits for a manual approval before its first stack; sandbox does not',
      'the source role may use a codeconnections connection: codeconnections:UseConnection on exactly that ARN, and no other role may',
    ),
  },
  {
    id: 'opsworks',
    korean: 'OpsWorks (구성 관리)',
    english: 'AWS OpsWorks',
    summary: 'Configuration management with Chef or Puppet: stacks and layers of instances, configured by recipes at each lifecycle event.',
    constructs: [CONFIGURATION],
    config: ['configurationManagement.schedule'],
    stacks: ['Compute'],
    resourceTypes: [
      { type: 'AWS::SSM::Association', in: 'both' },
      { type: 'AWS::S3::Bucket', in: 'both' },
    ],
    stages: perStage((c) => `the playbook applied ${c.configurationManagement.schedule} to instances tagged ${CONFIGURATION_TAG}=${c.stageName}`),
    tests: configurationTests(
      `State Manager applies the Ansible playbook to instances tagged ${CONFIGURATION_TAG}=${PRODUCTION.stageName}, ${PRODUCTION.configurationManagement.schedule}`,
      'command output goes to the output bucket under ansible/',
      "the web tier's instances carry the tag and may read the playbook and write their output",
    ),
    notProvisioned: {
      why: 'OpsWorks Stacks reached its end of life on 26 May 2024 and is disabled for new and existing customers.',
      instead: '`ConfigurationManagement`: a Systems Manager State Manager association that applies an Ansible playbook to the tagged instances (stack → stage tag, layer → tag value, recipe → Ansible task).',
    },
  },
];

/** The concept map: global infrastructure first, then the study's six chapters in its order. */
export const CHAPTERS: readonly Chapter[] = [
  { id: 'global-infrastructure', korean: '글로벌 인프라', english: 'Global infrastructure', concepts: globalInfrastructure },
  { id: 'compute', korean: '컴퓨팅', english: 'Compute', concepts: compute },
  { id: 'networking', korean: '네트워킹', english: 'Networking', concepts: networking },
  { id: 'storage', korean: '스토리지', english: 'Storage', concepts: storage },
  { id: 'security', korean: '보안', english: 'Security', concepts: security },
  { id: 'database', korean: '데이터베이스', english: 'Database', concepts: database },
  { id: 'deployment-and-management', korean: '배포 및 관리', english: 'Deployment and management', concepts: deploymentAndManagement },
];

/** Every concept, in map order. */
export const CONCEPTS: readonly Concept[] = CHAPTERS.flatMap((chapter) => chapter.concepts);
