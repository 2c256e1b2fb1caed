import { RemovalPolicy } from 'aws-cdk-lib';
import { PriceClass } from 'aws-cdk-lib/aws-cloudfront';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';

/** The stages this project knows. Each has a preset in `presets.ts`. */
export const STAGE_NAMES = ['sandbox', 'production'] as const;

/** A stage name: `sandbox` (cheap, disposable) or `production` (durable). */
export type StageName = (typeof STAGE_NAMES)[number];

/**
 * Settings of the network chapter: the VPC and what hangs off it.
 *
 * A VPC's primary CIDR block cannot be changed after the VPC is created, so choose it with room to grow.
 */
export interface NetworkConfig {
  /** IPv4 CIDR of the VPC: RFC 1918 space, prefix between /16 and /24. */
  readonly vpcCidr: string;
  /** NAT gateways in the public subnets: 0 (no egress) up to one per availability zone. */
  readonly natGateways: number;
  /** How long VPC flow logs are kept in CloudWatch Logs. */
  readonly flowLogRetention: RetentionDays;
  /**
   * Interface endpoints for Systems Manager (ssm, ssmmessages, ec2messages), so that instances in the
   * application tier are managed without SSH and without leaving the VPC.
   */
  readonly systemsManagerEndpoints: boolean;
}

/** What a stage does with its data when a stack is deleted or a resource replaced. */
export interface DurabilityConfig {
  /**
   * Removal policy of stateful resources (log groups, keys, buckets, databases).
   * `DESTROY` in sandbox so that `cdk destroy` leaves nothing behind; `RETAIN` in production.
   */
  readonly removalPolicy: RemovalPolicy;
  /** Termination protection on the stateful stacks. */
  readonly terminationProtection: boolean;
}

/** Web tier sizes: the Auto Scaling group behind the load balancer. */
export interface WebTierConfig {
  /** EC2 instance type; Graviton (ARM) to match the AL2023 ARM image, e.g. `t4g.micro`. */
  readonly instanceType: string;
  /** Root EBS volume size in GiB (gp3, encrypted). */
  readonly rootVolumeGiB: number;
  /** Auto Scaling bounds: `minCapacity ≤ desiredCapacity ≤ maxCapacity`, `maxCapacity ≥ 1`. */
  readonly minCapacity: number;
  readonly desiredCapacity: number;
  readonly maxCapacity: number;
  /** Instances kept during the known daily peak (scheduled scale-out, Asia/Seoul). */
  readonly peakMinCapacity: number;
  /**
   * ACM certificate (same region as the load balancer) for the HTTPS listener.
   *
   * @default - HTTP only (sandbox without a domain)
   */
  readonly certificateArn?: string;
  /**
   * Sticky sessions (the study's 고정 세션): duration of the load balancer cookie in seconds.
   *
   * @default - no stickiness
   */
  readonly stickySessionSeconds?: number;
}

/** Function sizes: the Lambda chapter. */
export interface FunctionsConfig {
  /** Memory in MB: 128 to 10240. */
  readonly memoryMiB: number;
  /** Timeout in seconds: 1 to 900 (Lambda runs at most 15 minutes). */
  readonly timeoutSeconds: number;
  /**
   * Reserved concurrency: a ceiling that also protects the rest of the account. Lambda keeps 100 of the account's
   * concurrency unreserved (the whole quota when it is smaller), so this needs a quota of at least the reservation
   * plus 100; new accounts may have only 10, where any reservation fails the deploy (`npm run preflight` checks it).
   *
   * @default - no reservation
   */
  readonly reservedConcurrency?: number;
}

/** Relational database sizes and durability. */
export interface RelationalConfig {
  /** RDS instance type, e.g. `t4g.micro`. */
  readonly instanceType: string;
  /** Standby in a second AZ with automatic failover. */
  readonly multiAz: boolean;
  /** Initial storage and the autoscaling ceiling, in GiB. */
  readonly allocatedStorageGiB: number;
  readonly maxAllocatedStorageGiB: number;
  /** Automated backup retention in days (1 to 35; at least 7 in production). */
  readonly backupRetentionDays: number;
}

/** Edge settings: CloudFront in front of the content bucket. */
export interface EdgeConfig {
  /** CloudFront price class: which edge locations serve the site. */
  readonly priceClass: PriceClass;
  /**
   * Custom domain and its ACM certificate (must be in us-east-1 for CloudFront). With them the distribution also
   * answers the routing-policy records that send traffic to it (`failover.`, `geo.` and `weighted.<dns.domainName>`),
   * so the certificate must cover those too: a wildcard certificate for `*.<dns.domainName>` covers all of them.
   *
   * @default - the distribution's own *.cloudfront.net name, and no DNS record points at it
   */
  readonly domainName?: string;
  readonly certificateArn?: string;
}

/** Monitoring settings. */
export interface MonitoringConfig {
  /**
   * E-mail subscribed to the alarm topic.
   *
   * @default - no subscription
   */
  readonly alarmEmail?: string;
}

/** Containers (the study's "EC2 Container Service"): an ECS Fargate service behind the load balancer. */
export interface ContainersConfig {
  /** Task size: CPU units (256 = 0.25 vCPU) and memory in MiB, a combination Fargate offers. */
  readonly cpu: number;
  readonly memoryMiB: number;
  /** Tasks kept running, and the ceiling service auto scaling may reach. */
  readonly desiredCount: number;
  readonly maxCount: number;
}

/** DNS and global load balancing (Route 53). */
export interface DnsConfig {
  /** Domain of the stage's public hosted zone, e.g. `atlas.example.com`; delegate it from its parent to serve it. */
  readonly domainName: string;
}

/** Direct Connect: the dedicated connection and private virtual interface (a physical cross-connect). */
export interface DirectConnectConfig {
  /** Direct Connect location code, e.g. `KINX1` (Seoul). */
  readonly location: string;
  /** Port speed of the dedicated connection. */
  readonly bandwidth: '1Gbps' | '10Gbps' | '100Gbps' | '400Gbps';
  /** VLAN of the private virtual interface: 1 to 4094. */
  readonly vlan: number;
  /** BGP ASN of the customer router (private ASN 64512-65534 or 4200000000-4294967294). */
  readonly customerAsn: number;
}

/** Site-to-Site VPN to a customer gateway: the usual backup path of Direct Connect. */
export interface VpnConfig {
  /** Public IPv4 address of the customer gateway device. */
  readonly customerGatewayIp: string;
  /** BGP ASN of the customer gateway (1-2147483647, not the Amazon side ASN). */
  readonly customerGatewayAsn: number;
}

/** Hybrid connectivity: virtual private gateway, Direct Connect gateway, optional connection and VPN. */
export interface HybridConfig {
  /** BGP ASN of the Amazon side (virtual private gateway and Direct Connect gateway): a private ASN. */
  readonly amazonSideAsn: number;
  /**
   * The dedicated connection and a private virtual interface.
   *
   * @default - none: the connection stays `requested` until a cross-connect is ordered, so it is off by default
   */
  readonly directConnect?: DirectConnectConfig;
  /**
   * A Site-to-Site VPN to a customer gateway.
   *
   * @default - none
   */
  readonly vpn?: VpnConfig;
}

/** Archive (S3 Glacier storage classes through a lifecycle; Glacier vaults are closed to new customers). */
export interface ArchiveConfig {
  /** Days after which objects move to Standard-IA (at least 30), Glacier Flexible Retrieval and Deep Archive. */
  readonly infrequentAccessAfterDays: number;
  readonly glacierAfterDays: number;
  readonly deepArchiveAfterDays: number;
  /**
   * Days after which objects expire; must leave each class its minimum storage duration.
   *
   * @default - objects are kept
   */
  readonly expireAfterDays?: number;
  /** Days after which noncurrent versions expire. */
  readonly noncurrentExpireAfterDays: number;
}

/** Block storage (EBS) snapshots by Data Lifecycle Manager. */
export interface BlockStorageConfig {
  /** Snapshots kept per volume (1 to 1000). */
  readonly retainSnapshots: number;
}

/** CloudTrail Lake: an event data store queried with SQL. */
export interface CloudTrailLakeConfig {
  /** Days events are kept: 7 to 3653 (extendable retention) or up to 2557 (seven-year). */
  readonly retentionDays: number;
}

/** ElastiCache (Valkey) replication group. */
export interface CacheConfig {
  /** Node type, e.g. `cache.t4g.micro`. */
  readonly nodeType: string;
  /** Nodes in the group: 1 (primary only) to 6; at least 2 for Multi-AZ with automatic failover. */
  readonly nodes: number;
  /** Multi-AZ with automatic failover (needs at least 2 nodes and 2 AZs). */
  readonly multiAz: boolean;
  /** Days automatic snapshots are kept: 0 (none) to 35. */
  readonly snapshotRetentionDays: number;
}

/** DocumentDB (MongoDB-compatible) cluster. */
export interface DocumentConfig {
  /** Instance class without the `db.` prefix, e.g. `t4g.medium`. */
  readonly instanceType: string;
  /** Instances (1 to 16), spread across the AZs. */
  readonly instances: number;
  /** Days automated backups are kept: 1 to 35. */
  readonly backupRetentionDays: number;
}

/** Elastic Beanstalk (PaaS): a load-balanced environment running a sample Node.js app. */
export interface BeanstalkConfig {
  /**
   * The platform branch, e.g. `Node.js 22 running on 64bit Amazon Linux 2023`. The deploy resolves the branch's
   * recommended platform version: a pinned version (solution stack) is refused to accounts that have not used it in
   * the last 30 days once a newer one is released.
   */
  readonly platformBranch: string;
  /** Graviton instance type, e.g. `t4g.micro`. */
  readonly instanceType: string;
  /** Auto Scaling bounds of the environment. */
  readonly minInstances: number;
  readonly maxInstances: number;
}

/** Configuration management (Systems Manager State Manager, the successor of OpsWorks). */
export interface ConfigurationManagementConfig {
  /** How often the playbook is applied, as a State Manager rate or cron expression, e.g. `rate(30 minutes)`. */
  readonly schedule: string;
}

/**
 * Everything that differs between two stages of the same architecture.
 *
 * Secure defaults do not live here: they are fixed in the constructs. The config decides only sizes, counts and
 * durability, and is validated by `validateStageConfig` before any construct sees it.
 */
export interface StageConfig {
  /** Stage name; appears in every construct id, stack name and tag of the stage. */
  readonly stageName: StageName;
  /**
   * 12-digit AWS account id to deploy to.
   *
   * @default - account-agnostic: synthesizes offline, deploys to the CLI's current account
   */
  readonly account?: string;
  /** AWS region, e.g. `ap-northeast-2` (Seoul). */
  readonly region: string;
  /**
   * Availability zones of the region that every tier spans, pinned so that synth needs no lookup.
   * At least two: the study's high-availability unit is a region with several isolated AZs.
   */
  readonly availabilityZones: readonly string[];
  /** Network chapter settings. */
  readonly network: NetworkConfig;
  /** Stage-dependent durability of stateful resources. */
  readonly durability: DurabilityConfig;
  /** Web tier (ALB + Auto Scaling) sizes. */
  readonly webTier: WebTierConfig;
  /** Lambda function sizes. */
  readonly functions: FunctionsConfig;
  /** RDS sizes and durability. */
  readonly relational: RelationalConfig;
  /** CloudFront settings. */
  readonly edge: EdgeConfig;
  /** Alarm routing. */
  readonly monitoring: MonitoringConfig;
  /** Retention of application and audit log groups. */
  readonly logRetention: RetentionDays;
  /** ECS Fargate service behind the load balancer. */
  readonly containers: ContainersConfig;
  /** Route 53 hosted zone and routing policies. */
  readonly dns: DnsConfig;
  /** Virtual private gateway, Direct Connect gateway, optional connection and VPN. */
  readonly hybrid: HybridConfig;
  /** Archive bucket lifecycle. */
  readonly archive: ArchiveConfig;
  /** EBS snapshot policy. */
  readonly blockStorage: BlockStorageConfig;
  /** State Manager association applying the Ansible playbook. */
  readonly configurationManagement: ConfigurationManagementConfig;
  /**
   * CloudTrail Lake event data store (costly: switched off in sandbox).
   *
   * @default - none
   */
  readonly cloudTrailLake?: CloudTrailLakeConfig;
  /**
   * ElastiCache replication group (costly: switched off in sandbox).
   *
   * @default - none
   */
  readonly cache?: CacheConfig;
  /**
   * DocumentDB cluster (costly: switched off in sandbox).
   *
   * @default - none
   */
  readonly document?: DocumentConfig;
  /**
   * Elastic Beanstalk environment (costly: switched off in sandbox).
   *
   * @default - none
   */
  readonly beanstalk?: BeanstalkConfig;
}
