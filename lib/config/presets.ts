import { RemovalPolicy } from 'aws-cdk-lib';
import { PriceClass } from 'aws-cdk-lib/aws-cloudfront';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { StageConfig, StageName } from './stage-config';

/** Seoul, the study's home region. */
export const DEFAULT_REGION = 'ap-northeast-2';

/** Cheap and disposable: two AZs, one NAT gateway, everything removed by `cdk destroy`. */
export const SANDBOX: StageConfig = {
  stageName: 'sandbox',
  region: DEFAULT_REGION,
  availabilityZones: ['ap-northeast-2a', 'ap-northeast-2c'],
  network: {
    vpcCidr: '10.10.0.0/16',
    natGateways: 1,
    flowLogRetention: RetentionDays.ONE_WEEK,
    systemsManagerEndpoints: false,
  },
  durability: {
    removalPolicy: RemovalPolicy.DESTROY,
    terminationProtection: false,
  },
  webTier: { instanceType: 't4g.micro', rootVolumeGiB: 8, minCapacity: 1, desiredCapacity: 1, maxCapacity: 2, peakMinCapacity: 2 },
  // No reserved concurrency: a new account's Lambda quota can be 10, and any reservation then fails the deploy.
  functions: { memoryMiB: 256, timeoutSeconds: 30 },
  relational: { instanceType: 't4g.micro', multiAz: false, allocatedStorageGiB: 20, maxAllocatedStorageGiB: 50, backupRetentionDays: 7 },
  edge: { priceClass: PriceClass.PRICE_CLASS_200 },
  monitoring: {},
  logRetention: RetentionDays.ONE_WEEK,
  containers: { cpu: 256, memoryMiB: 512, desiredCount: 1, maxCount: 2 },
  // No issued certificates: their DNS validation record would keep the zone from being deleted by cdk destroy.
  dns: { domainName: 'sandbox.atlas.example.com' },
  hybrid: { amazonSideAsn: 64512 },
  archive: { infrequentAccessAfterDays: 30, glacierAfterDays: 90, deepArchiveAfterDays: 180, expireAfterDays: 365, noncurrentExpireAfterDays: 30 },
  blockStorage: { retainSnapshots: 3 },
  configurationManagement: { schedule: 'rate(1 day)' },
  // Costly parts are off in the sandbox: no cloudTrailLake, cache, document, beanstalk; no VPN or Direct Connect.
};

/** Durable: three AZs, a NAT gateway per AZ, data retained and stateful stacks termination-protected. */
export const PRODUCTION: StageConfig = {
  stageName: 'production',
  region: DEFAULT_REGION,
  availabilityZones: ['ap-northeast-2a', 'ap-northeast-2b', 'ap-northeast-2c'],
  network: {
    vpcCidr: '10.20.0.0/16',
    natGateways: 3,
    flowLogRetention: RetentionDays.ONE_YEAR,
    systemsManagerEndpoints: true,
  },
  durability: {
    removalPolicy: RemovalPolicy.RETAIN,
    terminationProtection: true,
  },
  webTier: { instanceType: 't4g.small', rootVolumeGiB: 20, minCapacity: 2, desiredCapacity: 2, maxCapacity: 6, peakMinCapacity: 4, stickySessionSeconds: 3600 },
  // No reservation either: a new account's Lambda quota can be 10, where any reservation fails the deploy. Add
  // reservedConcurrency once the account's quota allows it (the README's deploy section).
  functions: { memoryMiB: 512, timeoutSeconds: 60 },
  relational: { instanceType: 'm7g.large', multiAz: true, allocatedStorageGiB: 100, maxAllocatedStorageGiB: 500, backupRetentionDays: 14 },
  edge: { priceClass: PriceClass.PRICE_CLASS_ALL },
  monitoring: {},
  logRetention: RetentionDays.ONE_YEAR,
  containers: { cpu: 512, memoryMiB: 1024, desiredCount: 2, maxCount: 6 },
  // HTTPS everywhere: certificates issued by the app for both load balancers and CloudFront, validated in the zone.
  dns: { domainName: 'atlas.example.com', issueCertificates: true },
  hybrid: {
    amazonSideAsn: 64512,
    // The Direct Connect connection and the VPN stay off even here: both are billed from the moment they exist and
    // only work with your side in place (a cross-connect ordered by hand; a router with a public IP). Switch them on
    // with your circuit's location, bandwidth, VLAN and ASN, and your router's address and ASN:
    //   directConnect: { location: 'KINX1', bandwidth: '1Gbps', vlan: 101, customerAsn: 65020 },
    //   vpn: { customerGatewayIp: '<your router>', customerGatewayAsn: 65010 },
  },
  archive: { infrequentAccessAfterDays: 30, glacierAfterDays: 90, deepArchiveAfterDays: 365, noncurrentExpireAfterDays: 90 },
  blockStorage: { retainSnapshots: 14 },
  configurationManagement: { schedule: 'rate(30 minutes)' },
  // The warm standby in Tokyo: network and web tier like Seoul's (smaller), the content bucket's and the table's replicas.
  // New accounts see only ap-northeast-1a, 1c and 1d (1b is offered to old accounts only).
  standby: {
    region: 'ap-northeast-1',
    availabilityZones: ['ap-northeast-1a', 'ap-northeast-1c', 'ap-northeast-1d'],
    network: { vpcCidr: '10.21.0.0/16', natGateways: 3, flowLogRetention: RetentionDays.ONE_YEAR, systemsManagerEndpoints: true },
    webTier: {
      instanceType: 't4g.small',
      rootVolumeGiB: 20,
      minCapacity: 2,
      desiredCapacity: 2,
      maxCapacity: 4,
      peakMinCapacity: 2,
      stickySessionSeconds: 3600,
    },
    weightPercent: 10,
  },
  // CloudTrail Lake is closed to new customers since 31 May 2026: off in the preset, so that a new account takes the
  // stage; switch it on where the account already uses Lake.
  cache: { nodeType: 'cache.t4g.small', nodes: 2, multiAz: true, snapshotRetentionDays: 15 },
  document: { instanceType: 't4g.medium', instances: 2, backupRetentionDays: 14 },
  beanstalk: {
    // A platform branch, not a version: the deploy resolves its recommended version (superseded versions are
    // refused to accounts that never used them). List branches with
    // aws elasticbeanstalk list-platform-branches --filters Type=LifecycleState,Operator==,Values=supported
    platformBranch: 'Node.js 22 running on 64bit Amazon Linux 2023',
    instanceType: 't4g.small',
    minInstances: 2,
    maxInstances: 4,
  },
};

/** The preset of every stage, by name. */
export const PRESETS: Readonly<Record<StageName, StageConfig>> = {
  sandbox: SANDBOX,
  production: PRODUCTION,
};
