import { RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ContainerServiceProps } from '../compute/container-service';
import type { FunctionsProps } from '../compute/functions';
import type { WebTierProps } from '../compute/web-tier';
import type { CacheProps } from '../database/cache';
import type { DocumentDatabaseProps } from '../database/document';
import type { RelationalDatabaseProps } from '../database/relational';
import type { AlarmTopicProps } from '../management/alarm-topic';
import type { BeanstalkAppProps } from '../management/beanstalk';
import type { ConfigurationManagementProps } from '../management/configuration';
import type { DnsProps } from '../networking/dns';
import type { DirectConnectBandwidth, DirectConnectProps, HybridConnectivityProps, SiteToSiteVpnProps } from '../networking/hybrid';
import type { NetworkProps } from '../networking/network';
import type { CloudTrailLakeProps } from '../security/cloudtrail-lake';
import type { ArchiveBucketProps } from '../storage/archive';
import type { BlockStorageBackupsProps } from '../storage/block-storage';
import type { ContentDeliveryProps } from '../storage/content-delivery';

/** The stages this project knows. Each has a preset in `presets.ts`. */
export const STAGE_NAMES = ['sandbox', 'production'] as const;

/** A stage name: `sandbox` (cheap, disposable) or `production` (durable). */
export type StageName = (typeof STAGE_NAMES)[number];

/*
 * Each section below is the part of one construct's props that the stage decides, picked from those props: its
 * fields are documented once, on the props (`WebTierProps`, `FunctionsProps`, …), and a stack maps them to the
 * construct field by field. Only what no construct prop holds is documented here.
 */

/** Settings of the network chapter: the VPC and what hangs off it (`NetworkProps`). */
export type NetworkConfig = Pick<NetworkProps, 'vpcCidr' | 'natGateways' | 'flowLogRetention' | 'systemsManagerEndpoints'>;

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

/** Web tier sizes: the Auto Scaling group behind the load balancer (`WebTierProps`). */
export type WebTierConfig = Pick<
  WebTierProps,
  'instanceType' | 'rootVolumeGiB' | 'minCapacity' | 'desiredCapacity' | 'maxCapacity' | 'peakMinCapacity' | 'certificateArn' | 'stickySessionSeconds'
>;

/**
 * The warm standby region of a stage: a second region that runs the network, a smaller web tier behind its own load
 * balancer, the content bucket's replica and the key-value table's replica, so that Route 53 has a second region to
 * send users to (latency, failover, geolocation, weighted) and CloudFront a second origin. Everything else stays in
 * the primary region (README, "Two regions").
 */
export interface StandbyConfig {
  /** AWS region of the standby, e.g. `ap-northeast-1` (Tokyo); a region of `REGION_AVAILABILITY_ZONES`, not the primary. */
  readonly region: string;
  /** Availability zones of the standby region that its tiers span, pinned like the primary's (at least two). */
  readonly availabilityZones: readonly string[];
  /** The standby's VPC: a CIDR of its own that does not overlap the primary's (so the two can ever be peered). */
  readonly network: NetworkConfig;
  /** The standby's web tier: the same page behind its own load balancer, usually smaller than the primary's. */
  readonly webTier: WebTierConfig;
  /**
   * Percentage of the weighted record's answers that go to the standby (1–99); the primary gets the rest. A share of
   * real traffic keeps the standby warm and proves it serves.
   */
  readonly weightPercent: number;
}

/** Function sizes: the Lambda chapter (`FunctionsProps`). */
export type FunctionsConfig = Pick<FunctionsProps, 'memoryMiB' | 'timeoutSeconds' | 'reservedConcurrency'>;

/** Relational database sizes and durability (`RelationalDatabaseProps`). */
export type RelationalConfig = Pick<
  RelationalDatabaseProps,
  'instanceType' | 'multiAz' | 'allocatedStorageGiB' | 'maxAllocatedStorageGiB' | 'backupRetentionDays'
>;

/** Edge settings: CloudFront in front of the content bucket (`ContentDeliveryProps`). */
export type EdgeConfig = Pick<ContentDeliveryProps, 'priceClass' | 'domainName' | 'certificateArn'>;

/** Monitoring settings. */
export interface MonitoringConfig {
  /**
   * E-mail subscribed to the alarm topic: `AlarmTopicProps.email` under the name the `-c alarmEmail` context key
   * and the validation messages use.
   *
   * @default - no subscription
   */
  readonly alarmEmail?: AlarmTopicProps['email'];
}

/** Containers (the study's "EC2 Container Service"): an ECS Fargate service behind the load balancer (`ContainerServiceProps`). */
export type ContainersConfig = Pick<ContainerServiceProps, 'cpu' | 'memoryMiB' | 'desiredCount' | 'maxCount'>;

/** DNS and global load balancing (Route 53) (`DnsProps`), and the certificates of the stage's names. */
export interface DnsConfig extends Pick<DnsProps, 'domainName'> {
  /**
   * The app issues the stage's certificates and validates them by DNS in the stage's zone (`ZoneCertificate`): one for
   * each load balancer's region (`<zone>` and `*.<zone>`), and CloudFront's in us-east-1, which then serves
   * `www.<zone>`; every published name answers over HTTPS. Validation waits until the zone is delegated. Its record
   * outlives the certificates and keeps the zone from being deleted, so only a stage that keeps its data issues
   * certificates; a torn-down stage (sandbox) brings its own (`webTier.certificateArn`, `edge.certificateArn`).
   *
   * @default false
   */
  readonly issueCertificates?: boolean;
}

/**
 * Direct Connect: the dedicated connection and private virtual interface (a physical cross-connect), as
 * `DirectConnectProps`, with the port speed narrowed to the ones Direct Connect sells so that a preset cannot name
 * another (the construct checks the same at synth).
 */
export interface DirectConnectConfig extends DirectConnectProps {
  /** Port speed of the dedicated connection. */
  readonly bandwidth: DirectConnectBandwidth;
}

/** Site-to-Site VPN to a customer gateway: the usual backup path of Direct Connect (`SiteToSiteVpnProps`). */
export type VpnConfig = SiteToSiteVpnProps;

/** Hybrid connectivity: virtual private gateway, Direct Connect gateway, optional connection and VPN (`HybridConnectivityProps`). */
export interface HybridConfig extends Pick<HybridConnectivityProps, 'amazonSideAsn' | 'vpn'> {
  /**
   * `HybridConnectivityProps.directConnect`, with the port speed narrowed (`DirectConnectConfig`).
   *
   * @default - none
   */
  readonly directConnect?: DirectConnectConfig;
}

/** Archive (S3 Glacier storage classes through a lifecycle; Glacier vaults are closed to new customers) (`ArchiveBucketProps`). */
export type ArchiveConfig = Pick<
  ArchiveBucketProps,
  'infrequentAccessAfterDays' | 'glacierAfterDays' | 'deepArchiveAfterDays' | 'expireAfterDays' | 'noncurrentExpireAfterDays'
>;

/** Block storage (EBS) snapshots by Data Lifecycle Manager (`BlockStorageBackupsProps`). */
export type BlockStorageConfig = Pick<BlockStorageBackupsProps, 'retainSnapshots'>;

/** CloudTrail Lake: an event data store queried with SQL (`CloudTrailLakeProps`). */
export type CloudTrailLakeConfig = Pick<CloudTrailLakeProps, 'retentionDays'>;

/** ElastiCache (Valkey) replication group (`CacheProps`). */
export type CacheConfig = Pick<CacheProps, 'nodeType' | 'nodes' | 'multiAz' | 'snapshotRetentionDays'>;

/** DocumentDB (MongoDB-compatible) cluster (`DocumentDatabaseProps`). */
export type DocumentConfig = Pick<DocumentDatabaseProps, 'instanceType' | 'instances' | 'backupRetentionDays'>;

/** Elastic Beanstalk (PaaS): a load-balanced environment running a sample Node.js app (`BeanstalkAppProps`). */
export type BeanstalkConfig = Pick<BeanstalkAppProps, 'platformBranch' | 'instanceType' | 'minInstances' | 'maxInstances'>;

/** Configuration management (Systems Manager State Manager, the successor of OpsWorks) (`ConfigurationManagementProps`). */
export type ConfigurationManagementConfig = Pick<ConfigurationManagementProps, 'schedule'>;

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
   * 12-digit AWS account id to deploy to. Set in a preset, it wins over the account of the credentials (the stage has an
   * account of its own: the delivery pipeline deploys it there, through that account's bootstrap roles).
   *
   * @default - the account of the credentials (`CDK_DEFAULT_ACCOUNT`) when there are any; otherwise account-agnostic:
   * synthesizes offline, deploys to the CLI's current account
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
  /**
   * CloudFront settings. With a custom domain the distribution also answers the routing-policy records that send
   * traffic to it (`failover.`, `geo.` and `weighted.<dns.domainName>`), so the certificate must cover those too: a
   * wildcard certificate for `*.<dns.domainName>` covers all of them.
   */
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
   * The warm standby region (production: Tokyo). Route 53 routes between the two regions and CloudFront fails over to
   * the standby's copy of the content bucket.
   *
   * @default - none: the stage lives in one region
   */
  readonly standby?: StandbyConfig;
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
