import { RemovalPolicy } from 'aws-cdk-lib';
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
}
