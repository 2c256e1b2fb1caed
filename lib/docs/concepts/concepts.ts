import { RemovalPolicy } from 'aws-cdk-lib';
import { LAMBDA_MAX_TIMEOUT_SECONDS } from '../../compute/functions';
import { CONTAINER_PATH } from '../../compute/container-service';
import { HEALTH_CHECK_PATH } from '../../compute/web-tier';
import { PRESETS, REGION_AVAILABILITY_ZONES, StageConfig, StandbyConfig } from '../../config';
import { CONFIGURATION_TAG } from '../../management/configuration';
import { REGION_COUNTRY } from '../../networking/dns';
import { EPHEMERAL_PORTS } from '../../networking/network';
import { TRAIL_LOCK_RETENTION } from '../../security/audit-trail';
import { MINIMUM_STORAGE_DAYS } from '../../storage/archive';
import { EBS_BACKUP_TAG } from '../../storage/block-storage';
import { Chapter, Concept, ConstructRef, STACK_IDS, StageDifference, stageStackIds, TestRef } from './model';

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
const STAGE_ZONE = construct('StageZone', 'lib/networking/dns.ts');
const ZONE_CERTIFICATE = construct('ZoneCertificate', 'lib/networking/certificate.ts');
const HYBRID = construct('HybridConnectivity', 'lib/networking/hybrid.ts');
const WEB_TIER = construct('WebTier', 'lib/compute/web-tier.ts');
const CONTAINERS = construct('ContainerService', 'lib/compute/container-service.ts');
const FUNCTIONS = construct('Functions', 'lib/compute/functions.ts');
const CONTENT_DELIVERY = construct('ContentDelivery', 'lib/storage/content-delivery.ts');
const CONTENT_REPLICA = construct('ContentReplica', 'lib/storage/content-replica.ts');
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
const regionTests = testsIn('test/docs/regions.test.ts');

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
/** The standby of the preset that has one (production): the rows about the second region describe it. */
const STANDBY = PRODUCTION.standby!;
const STANDBY_AZS = REGION_AVAILABILITY_ZONES[STANDBY.region] ?? [];

/** The names of the regions the presets use, in English and Korean (an unknown region shows as its code). */
const REGION_NAMES: Readonly<Record<string, { readonly english: string; readonly korean: string }>> = {
  'ap-northeast-2': { english: 'Seoul', korean: '서울' },
  'ap-northeast-1': { english: 'Tokyo', korean: '도쿄' },
};
const regionName = (region: string) => REGION_NAMES[region]?.english ?? region;
const regionKorean = (region: string) => REGION_NAMES[region]?.korean ?? region;
/** The Korean subject particle after a word: 이 after a final consonant (서울이), 가 after a vowel (도쿄가). */
const subject = (word: string) => {
  const last = word.charCodeAt(word.length - 1) - 0xac00;
  return last >= 0 && last < 11172 && last % 28 !== 0 ? '이' : '가';
};
/** `ap-northeast-1a, 1c, 1d` → `1a, 1c, 1d`: a region's AZs by their suffix. */
const zoneLetters = (region: string, zones: readonly string[]) => zones.map((az) => az.slice(region.length - 1)).join(', ');
/** The regions of a stage: the primary, and the standby where it has one. */
const regionsOf = (c: StageConfig) =>
  c.standby ? `${c.region} (${regionName(c.region)}) primary, ${c.standby.region} (${regionName(c.standby.region)}) warm standby` : `${c.region} (${regionName(c.region)}) only`;
/** `; standby ap-northeast-1: …` where the stage has a standby region, else nothing. */
const inStandby = (c: StageConfig, describe: (standby: StandbyConfig) => string) => (c.standby ? `; standby ${c.standby.region}: ${describe(c.standby)}` : '');
const noStandby = (c: StageConfig) => `no standby region: the stage lives in ${c.region} alone`;
/** The percentage of weighted answers the primary gets, and the standby's. */
const weights = (c: StageConfig) => (c.standby ? `${100 - c.standby.weightPercent}/${c.standby.weightPercent}` : '');

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
    stacks: ['Network', 'StandbyNetwork'],
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
    config: ['availabilityZones', 'standby.availabilityZones'],
    stacks: ['Network', 'StandbyNetwork', 'Compute', 'StandbyCompute'],
    resourceTypes: [
      { type: 'AWS::EC2::Subnet', in: 'both' },
      { type: 'AWS::AutoScaling::AutoScalingGroup', in: 'both' },
    ],
    stages: {
      sandbox: `${azs(SANDBOX)}; single-AZ database`,
      production: `${azs(PRODUCTION)}; Multi-AZ database and cache; the standby region ${STANDBY.availabilityZones.length} AZs (${zoneLetters(STANDBY.region, STANDBY.availabilityZones)})`,
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
    summary: 'A geographic area of at least two isolated AZs; a VPC and most resources live in exactly one. Production runs in two regions (a primary and a warm standby), the sandbox in one.',
    constructs: [NETWORK, AUDIT_TRAIL, DNS],
    config: ['region', 'standby.region'],
    stacks: ['Network', 'StandbyNetwork', 'Audit', 'Routing', 'StandbyRouting'],
    resourceTypes: [
      { type: 'AWS::EC2::VPC', in: 'both' },
      { type: 'AWS::CloudTrail::Trail', in: 'both' },
      { type: 'AWS::Route53::RecordSet', in: 'both' },
    ],
    stages: perStage((c) => `${regionsOf(c)}; the trail records every region`),
    tests: [
      ...networkTests('one VPC with the stage CIDR and DNS support'),
      ...trailTests('one trail for all regions with log file validation, KMS encryption and CloudWatch Logs delivery'),
      ...dnsTests("latency: the region's record, health-checked"),
      ...regionTests(
        'the stacks of each stage, in deployment order: the Standby stacks only where the config has a standby',
        "every Standby stack deploys to the standby region, CloudFront's certificate to us-east-1, every other stack to the primary region; the sandbox has one region",
      ),
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
    stacks: ['Network', 'StandbyNetwork'],
    resourceTypes: [{ type: 'AWS::EC2::Subnet', in: 'both' }],
    stages: perStage((c) => c.availabilityZones.join(', ')),
    tests: [
      ...networkTests('every subnet tier has one subnet in every configured availability zone'),
      ...validateTests('fails on an AZ of another region', 'fails on an AZ that does not exist'),
      ...badInputTests('fails on -c region, naming where a stage region and its zones are chosen'),
    ],
  },
  {
    id: 'standby-availability-zones',
    korean: `${regionKorean(STANDBY.region)} 리전의 가용 영역 (웜 스탠바이)`,
    english: `${regionName(STANDBY.region)} availability zones (${STANDBY.availabilityZones[0]}, ${zoneLetters(STANDBY.region, STANDBY.availabilityZones.slice(1))})`,
    summary: `The standby region ${STANDBY.region} has ${STANDBY_AZS.length} AZs a new account sees (${zoneLetters(STANDBY.region, STANDBY_AZS)}); production pins ${STANDBY.availabilityZones.length} of them in the config, and its standby VPC spans exactly those.`,
    constructs: [NETWORK],
    config: ['standby.region', 'standby.availabilityZones', 'standby.network'],
    stacks: ['Network', 'StandbyNetwork'],
    resourceTypes: [{ type: 'AWS::EC2::Subnet', in: 'both' }],
    stages: perStage((c) =>
      c.standby ? `${c.standby.availabilityZones.join(', ')}; VPC ${c.standby.network.vpcCidr} (the primary's is ${c.network.vpcCidr}), ${c.standby.network.natGateways} NAT gateways` : noStandby(c)),
    tests: regionTests('the standby network spans exactly its configured availability zones, with a VPC CIDR of its own'),
  },
  {
    id: 'warm-standby',
    korean: '웜 스탠바이 (두 번째 리전)',
    english: 'Warm standby in a second region',
    summary: 'A second region kept running at small scale (its network, a smaller web tier, copies of the content bucket and of the table) so that Route 53 and CloudFront have a healthy place to send users when the primary fails.',
    constructs: [NETWORK, ALARM_TOPIC, WEB_TIER, CONTENT_REPLICA, DNS],
    config: ['standby'],
    stacks: ['Network', 'StandbyNetwork', 'Monitoring', 'StandbyMonitoring', 'StandbyData', 'Compute', 'StandbyCompute', 'Routing', 'StandbyRouting'],
    resourceTypes: [
      { type: 'AWS::EC2::VPC', in: 'both' },
      { type: 'AWS::SNS::Topic', in: 'both' },
      { type: 'AWS::AutoScaling::AutoScalingGroup', in: 'both' },
      { type: 'AWS::S3::Bucket', in: 'both' },
      { type: 'AWS::Route53::RecordSet', in: 'both' },
      { type: 'AWS::Route53::HealthCheck', in: 'both' },
    ],
    stages: perStage((c) =>
      c.standby
        ? `${c.standby.region} (${regionName(c.standby.region)}): VPC ${c.standby.network.vpcCidr}, ${c.standby.webTier.instanceType} web tier of ${c.standby.webTier.minCapacity}–${c.standby.webTier.maxCapacity} instances behind its own load balancer, the content bucket's replica, the table's replica; ${c.standby.weightPercent} % of the weighted answers keep it warm`
        : noStandby(c)),
    tests: regionTests(
      "every Standby stack deploys to the standby region, CloudFront's certificate to us-east-1, every other stack to the primary region; the sandbox has one region",
      'the content bucket replicates to its replica in the standby region, and CloudFront fails over from the primary bucket to the replica',
      'the key-value table has a replica in the standby region, encrypted with the standby key',
      'weighted: the primary and the standby share the answers by their configured weights',
    ),
  },
  {
    id: 'primary-region-only',
    korean: '주 리전에만 두는 것',
    english: 'What stays in the primary region',
    summary: 'Everything without a user-facing failover path, or whose copy would cost more than the standby is worth, runs in the primary region only; the standby holds no database other than the table replica.',
    constructs: [RELATIONAL, CACHE, DOCUMENT, AUDIT_TRAIL, LAKE, FUNCTIONS, CONTAINERS, BEANSTALK, CONFIGURATION, ARCHIVE, BLOCK_STORAGE, HYBRID, ACCESS, DASHBOARD],
    config: ['standby'],
    stacks: ['Access', 'Network', 'Data', 'Compute', 'Audit', 'Dashboard'],
    resourceTypes: [
      { type: 'AWS::RDS::DBInstance', in: 'both' },
      { type: 'AWS::CloudTrail::Trail', in: 'both' },
      { type: 'AWS::ECS::Service', in: 'both' },
      { type: 'AWS::Lambda::Function', in: 'both' },
      { type: 'AWS::SSM::Association', in: 'both' },
      { type: 'AWS::CloudWatch::Dashboard', in: 'both' },
      { type: 'AWS::IAM::ManagedPolicy', in: 'both' },
      { type: 'AWS::ElastiCache::ReplicationGroup', in: 'production', switchedBy: 'cache' },
      { type: 'AWS::DocDB::DBCluster', in: 'production', switchedBy: 'document' },
      { type: 'AWS::ElasticBeanstalk::Environment', in: 'production', switchedBy: 'beanstalk' },
    ],
    stages: perStage((c) =>
      c.standby
        ? [
            `in ${c.region} only: RDS (a cross-region read replica or an Aurora global database would double the database cost and takes over only when promoted by hand)`,
            `ElastiCache and DocumentDB (a cache is rebuilt from the database, and global datastores and global clusters need larger node classes than ${c.cache?.nodeType ?? 'the cache\'s'} and db.${c.document?.instanceType ?? 'the document database\'s'})`,
            'the CloudTrail trail and Lake (the trail already records every region)',
            'functions, containers, Elastic Beanstalk, State Manager, the archive, EBS snapshots and hybrid connectivity (no user-facing failover path leads to them)',
            'Access (IAM is global) and the dashboard (one per stage)',
          ].join('; ')
        : `everything: ${noStandby(c)}`),
    tests: regionTests(
      'what stays in the primary region: RDS, ElastiCache, DocumentDB, functions, containers, Beanstalk, State Manager, the trail, the dashboard, the IAM boundary',
      'production: one dashboard for the stage',
    ),
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
    stacks: ['Compute', 'StandbyCompute'],
    resourceTypes: [
      { type: 'AWS::EC2::LaunchTemplate', in: 'both' },
      { type: 'AWS::IAM::InstanceProfile', in: 'both' },
    ],
    stages: perStage((c) => `${c.webTier.instanceType}, ${c.webTier.rootVolumeGiB} GiB encrypted gp3 root volume${inStandby(c, (s) => `${s.webTier.instanceType}, ${s.webTier.rootVolumeGiB} GiB`)}`),
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
    config: ['webTier.stickySessionSeconds', 'webTier.certificateArn', 'dns.issueCertificates'],
    stacks: ['Compute', 'StandbyCompute'],
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
        c.dns.issueCertificates ? 'HTTPS with the certificate the stage issues, HTTP redirected' : c.webTier.certificateArn === undefined ? 'HTTP only (no certificate)' : 'HTTPS, HTTP redirected',
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
    stacks: ['Compute', 'StandbyCompute'],
    resourceTypes: [
      { type: 'AWS::AutoScaling::AutoScalingGroup', in: 'both' },
      { type: 'AWS::AutoScaling::ScalingPolicy', in: 'both' },
      { type: 'AWS::AutoScaling::ScheduledAction', in: 'both' },
      { type: 'AWS::ApplicationAutoScaling::ScalingPolicy', in: 'both' },
    ],
    stages: perStage((c) =>
      `${c.webTier.minCapacity}–${c.webTier.maxCapacity} instances (at least ${c.webTier.peakMinCapacity} in the weekday peak), ${c.containers.desiredCount}–${c.containers.maxCount} tasks${inStandby(c, (s) => `${s.webTier.minCapacity}–${s.webTier.maxCapacity} instances, no containers`)}`),
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
    stacks: ['Compute', 'StandbyCompute', 'Data'],
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
    stacks: ['Network', 'StandbyNetwork'],
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
      `${c.network.vpcCidr}, ${c.network.natGateways} NAT gateway${c.network.natGateways === 1 ? '' : 's'}, Systems Manager endpoints ${c.network.systemsManagerEndpoints ? 'on' : 'off'}, flow logs kept ${days(c.network.flowLogRetention)}${inStandby(c, (s) => `${s.network.vpcCidr}, ${s.network.natGateways} NAT gateways`)}`),
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
    summary: "DNS that answers by policy and health: one record per routing policy (simple, failover, geolocation, latency, weighted) in the stage's hosted zone, published by every region that answers it, with health checks.",
    constructs: [STAGE_ZONE, DNS],
    config: ['dns.domainName', 'edge.certificateArn', 'standby.weightPercent'],
    stacks: ['Dns', 'Routing', 'StandbyRouting'],
    resourceTypes: [
      { type: 'AWS::Route53::HostedZone', in: 'both' },
      { type: 'AWS::Route53::RecordSet', in: 'both' },
      { type: 'AWS::Route53::HealthCheck', in: 'both' },
    ],
    stages: perStage((c) =>
      c.standby
        ? `zone ${c.dns.domainName}; across ${c.region} and ${c.standby.region}: latency to the closest healthy region, failover ${c.region} → ${c.standby.region}, geolocation ${REGION_COUNTRY[c.region]} → ${c.region}, ${REGION_COUNTRY[c.standby.region]} → ${c.standby.region} and everyone else → the latency record, weighted ${weights(c)}; no record points at CloudFront`
        : `zone ${c.dns.domainName}; ${c.edge.certificateArn === undefined ? 'every record answers from the load balancer (no CloudFront certificate)' : 'failover, geolocation and weighted records also send traffic to CloudFront'}`),
    tests: [
      ...regionTests(
        "Route 53 answers from both regions: each region's latency record names its region, failover is PRIMARY in the primary and SECONDARY in the standby, each health-checked",
        'geolocation: Korea to the primary, Japan to the standby, everyone else through the latency record',
        'weighted: the primary and the standby share the answers by their configured weights',
      ),
      ...dnsTests(
      'simple: one alias to the load balancer',
      'failover: the load balancer while healthy, else the CloudFront site; both sides health-checked',
      'geolocation: Korea to the load balancer, everyone else to CloudFront',
      "latency: the region's record, health-checked",
      'weighted: 90 to the load balancer, 10 to CloudFront',
      'no record points at CloudFront, which would answer 403 for a name it does not carry',
      ),
    ],
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
    summary: 'Object storage for any amount of data, addressed by bucket and key; here every bucket is private, TLS-only, versioned and encrypted, and production replicates the content bucket to its standby region.',
    constructs: [CONTENT_DELIVERY, CONTENT_REPLICA, ARCHIVE, LOG_BUCKET],
    config: ['durability.removalPolicy', 'standby.region'],
    stacks: ['Data', 'StandbyData', 'Edge', 'Compute', 'StandbyCompute', 'Audit'],
    resourceTypes: [
      { type: 'AWS::S3::Bucket', in: 'both' },
      { type: 'AWS::S3::BucketPolicy', in: 'both' },
      { type: 'Custom::S3AutoDeleteObjects', in: 'sandbox', switchedBy: 'durability.removalPolicy' },
    ],
    stages: perStage((c) =>
      `${retains(c) ? 'buckets kept when a stack is deleted, in termination-protected stacks' : 'buckets emptied and deleted with the stack'}; ${c.standby ? `the content bucket replicates to a replica in ${c.standby.region} (cross-region replication, KMS on both sides)` : 'no replica (one region)'}`),
    tests: [
      ...contentTests(
        'the content bucket is private, encrypted, versioned, access-logged and TLS-only',
        'buckets are emptied and removed with the stack',
        'every bucket sends its events to EventBridge (object-created events trigger the functions), set on the bucket itself',
        'the content bucket logical id is pinned',
      ),
      ...archiveTests('private, TLS-only, versioned, access-logged and encrypted with its own rotating key'),
      ...regionTests('the content bucket replicates to its replica in the standby region, and CloudFront fails over from the primary bucket to the replica'),
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
    stacks: ['Compute', 'StandbyCompute', 'Data'],
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
    summary: 'A content delivery network that caches content at edge locations near the users; here it serves a private bucket through Origin Access Control, over HTTPS only, falling back to the standby replica in production.',
    constructs: [CONTENT_DELIVERY],
    config: ['edge', 'standby.region'],
    stacks: ['Edge'],
    resourceTypes: [
      { type: 'AWS::CloudFront::Distribution', in: 'both' },
      { type: 'AWS::CloudFront::OriginAccessControl', in: 'both' },
      { type: 'Custom::CDKBucketDeployment', in: 'both' },
    ],
    stages: perStage((c) =>
      `\`${c.edge.priceClass}\`: ${PRICE_CLASSES[c.edge.priceClass] ?? 'see the CloudFront price classes'}; ${c.standby ? `an origin group: the ${c.region} bucket first, the ${c.standby.region} replica when it answers 5xx, 403 or 404` : 'one origin, the bucket'}`),
    tests: [
      ...regionTests('the content bucket replicates to its replica in the standby region, and CloudFront fails over from the primary bucket to the replica'),
      ...contentTests(
      'only CloudFront reads the bucket, through Origin Access Control scoped to this distribution',
      'the distribution redirects to HTTPS, compresses, adds security headers, logs, and serves index.html',
      'a sample site is deployed to the bucket and invalidated in CloudFront',
      'a custom domain with a us-east-1 certificate enforces TLS 1.2',
      'fails on a certificate outside us-east-1',
      ),
    ],
  },
  {
    id: 'acm-certificates',
    korean: 'ACM 인증서 (TLS/HTTPS)',
    english: 'AWS Certificate Manager certificates',
    summary:
      "Free public TLS certificates that ACM renews itself while its DNS validation record stays in the zone; a certificate serves only in its own region, and CloudFront takes them from us-east-1 only.",
    constructs: [ZONE_CERTIFICATE],
    config: ['dns.issueCertificates', 'webTier.certificateArn', 'edge.certificateArn'],
    stacks: ['EdgeCertificate', 'Compute', 'StandbyCompute'],
    resourceTypes: [{ type: 'AWS::CertificateManager::Certificate', in: 'production' }],
    stages: perStage((c) =>
      c.dns.issueCertificates
        ? `issued by the app for ${c.dns.domainName} and *.${c.dns.domainName}, DNS-validated in the zone: one per load balancer region (${[c.region, ...(c.standby ? [c.standby.region] : [])].join(', ')}) and CloudFront's in us-east-1`
        : 'none issued (the validation record would outlive a torn-down zone): bring certificate ARNs for HTTPS'),
    tests: [
      ...webTierTests("with the stage's issued certificate (this region's, DNS-validated in the zone): HTTPS on 443, and HTTP on 80 redirects to it"),
      ...dnsTests(
        "no routing record points at CloudFront (the standby region is the second target); www.<zone> is the site's own name, on CloudFront with the stage's us-east-1 certificate",
      ),
    ],
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
    stacks: ['Network', 'StandbyNetwork'],
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
    stacks: ['Network', 'StandbyNetwork'],
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
      'management events plus S3 data events of the content bucket and its replica in the standby region',
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
    stacks: ['Compute', 'StandbyCompute'],
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
    config: ['durability.removalPolicy', 'standby.region'],
    stacks: ['Data'],
    resourceTypes: [{ type: 'AWS::DynamoDB::GlobalTable', in: 'both' }],
    stages: perStage((c) =>
      `${retains(c) ? 'deletion protection, kept on delete' : 'deleted with the stack'}; ${c.standby ? `a global table: a replica in ${c.standby.region}, encrypted with its key there, written in both regions` : 'one replica, in its own region'}`),
    tests: [
      ...regionTests('the key-value table has a replica in the standby region, encrypted with the standby key'),
      ...keyValueTests(
      'on-demand, partition key pk and sort key sk, items expire by their expiresAt attribute',
      'encrypted with its own rotating customer-managed key, point-in-time recovery on every replica',
      'durability: deletion protection true, RETAIN on delete',
      'the function reads and writes the table through a grant, and knows its name',
      'the stateful logical id is pinned (a change would replace the table)',
      ),
    ],
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
    stacks: ['Access', 'Network', 'StandbyNetwork', 'Monitoring', 'StandbyMonitoring', 'Data', 'Edge', 'Compute', 'StandbyCompute', 'Audit', 'Dashboard'],
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
    stacks: ['Compute', 'StandbyCompute'],
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
    stages: perStage((c) => {
      const protectedStacks = ['Dns', 'Data', 'Edge', ...(c.standby ? ['StandbyData'] : []), 'Audit'];
      const where = [
        c.standby ? `in ${c.region} and, the Standby ones, ${c.standby.region}` : `in ${c.region}`,
        ...(c.dns.issueCertificates ? ['EdgeCertificate in us-east-1'] : []),
      ].join('; ');
      return `${stageStackIds(c).length} stacks named \`${c.stageName}-<Stack>\` ${where}; ${c.durability.terminationProtection ? `${protectedStacks.join(', ')} termination-protected` : 'no termination protection'}`;
    }),
    tests: [
      ...stageTests(
        'composes the stacks, each named after its stage, in two regions',
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

/**
 * The two-region design in a few sentences, Korean first (the study's language), then English; the regions, zones and
 * weights come from the production preset.
 */
function twoRegionIntro(): string[] {
  const p = PRODUCTION;
  const s = STANDBY;
  const [primaryKo, standbyKo] = [regionKorean(p.region), regionKorean(s.region)];
  const [primaryEn, standbyEn] = [regionName(p.region), regionName(s.region)];
  const [home, away] = [REGION_COUNTRY[p.region], REGION_COUNTRY[s.region]];
  return [
    `두 리전 설계: 리전은 서로 격리된 가용 영역(AZ) 두 개 이상으로 이루어진 지리적 영역이고, 가용 영역은 전원과 네트워크가 독립된 하나 이상의 데이터센터입니다. ` +
      `\`production\` 단계는 두 리전에 걸쳐 있습니다. 주 리전 ${primaryKo}(${p.region}, AZ ${zoneLetters(p.region, p.availabilityZones)})${subject(primaryKo)} 모든 것을 실행하고, ` +
      `웜 스탠바이 리전 ${standbyKo}(${s.region}, AZ ${zoneLetters(s.region, s.availabilityZones)})는 자체 VPC, 더 작은 웹 계층, 콘텐츠 버킷과 DynamoDB 테이블의 복제본을 항상 켜 둡니다. ` +
      `Route 53은 GSLB로서 라우팅 정책마다 두 리전의 로드 밸런서에 답합니다: 지연 시간 기반은 가장 가까운 정상 리전으로, 장애 조치는 ${primaryKo}${subject(primaryKo)} 비정상일 때 ${standbyKo}로, ` +
      `지리적 위치는 ${home} → ${primaryKo}, ${away} → ${standbyKo}, 그 밖은 지연 시간 레코드로, 가중치 기반은 ${weights(p)}으로 나눕니다. ` +
      `CloudFront는 오리진 그룹으로 ${primaryKo} 버킷이 실패하면 ${standbyKo} 복제본에서 읽습니다. RDS, 캐시, 함수와 컨테이너 등은 주 리전에만 있습니다(아래 “주 리전에만 두는 것”). \`sandbox\`는 ${regionKorean(SANDBOX.region)} 한 리전에만 있습니다.`,
    `Two regions: a region is a geographic area of at least two isolated availability zones, each one or more data centres with their own power and network. ` +
      `The \`production\` stage spans two: the primary ${primaryEn} (${p.region}) runs everything, the warm standby ${standbyEn} (${s.region}) keeps its own VPC, a smaller web tier and replicas of the content bucket and the DynamoDB table running. ` +
      `Route 53, the GSLB, answers every routing policy from both regions' load balancers: latency to the closest healthy region, failover from ${primaryEn} to ${standbyEn}, ` +
      `geolocation ${home} → ${primaryEn}, ${away} → ${standbyEn} and everyone else through the latency record, weighted ${weights(p)}. ` +
      `CloudFront's origin group reads the ${standbyEn} replica when the ${primaryEn} bucket fails. The databases, caches, functions and containers stay in the primary region (see “What stays in the primary region”); the \`sandbox\` lives in ${regionName(SANDBOX.region)} alone.`,
  ];
}

/** The concept map: global infrastructure first, then the study's six chapters in its order. */
export const CHAPTERS: readonly Chapter[] = [
  { id: 'global-infrastructure', korean: '글로벌 인프라', english: 'Global infrastructure', intro: twoRegionIntro(), concepts: globalInfrastructure },
  { id: 'compute', korean: '컴퓨팅', english: 'Compute', concepts: compute },
  { id: 'networking', korean: '네트워킹', english: 'Networking', concepts: networking },
  { id: 'storage', korean: '스토리지', english: 'Storage', concepts: storage },
  { id: 'security', korean: '보안', english: 'Security', concepts: security },
  { id: 'database', korean: '데이터베이스', english: 'Database', concepts: database },
  { id: 'deployment-and-management', korean: '배포 및 관리', english: 'Deployment and management', concepts: deploymentAndManagement },
];

/** Every concept, in map order. */
export const CONCEPTS: readonly Concept[] = CHAPTERS.flatMap((chapter) => chapter.concepts);
