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
  /** Reserved concurrency: a ceiling that also protects the rest of the account. */
  readonly reservedConcurrency: number;
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
   * Custom domain and its ACM certificate (must be in us-east-1 for CloudFront).
   *
   * @default - the distribution's own *.cloudfront.net name
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
}
