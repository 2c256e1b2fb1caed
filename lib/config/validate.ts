import { RemovalPolicy, Token } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { isReservedDomain, normalizeDomain } from '../shared/domain';
import { MIN_DURABLE_LOG_RETENTION } from '../shared/encrypted-log-group';
import { parseIpv4Cidr } from '../shared/ipv4';
import { EMAIL_PATTERN, show } from '../shared/validate';
import { PRESETS } from './presets';
import { STAGE_NAMES, StageConfig, StageName } from './stage-config';

/** A stage configuration that cannot be deployed. The message names every bad field, its value and the rule. */
export class ConfigError extends Error {
  constructor(public readonly problems: readonly string[]) {
    super(problems.length === 1 ? problems[0] : `invalid stage configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Availability zones by region, so that an AZ can be checked without an AWS call.
 * Extend this table to deploy to another region.
 */
export const REGION_AVAILABILITY_ZONES: Readonly<Record<string, readonly string[]>> = {
  'ap-northeast-1': ['ap-northeast-1a', 'ap-northeast-1c', 'ap-northeast-1d'],
  'ap-northeast-2': ['ap-northeast-2a', 'ap-northeast-2b', 'ap-northeast-2c', 'ap-northeast-2d'],
  'ap-northeast-3': ['ap-northeast-3a', 'ap-northeast-3b', 'ap-northeast-3c'],
  'ap-southeast-1': ['ap-southeast-1a', 'ap-southeast-1b', 'ap-southeast-1c'],
  'eu-central-1': ['eu-central-1a', 'eu-central-1b', 'eu-central-1c'],
  'eu-west-1': ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
  'us-east-1': ['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1d', 'us-east-1e', 'us-east-1f'],
  'us-west-2': ['us-west-2a', 'us-west-2b', 'us-west-2c', 'us-west-2d'],
};

/** Subnet tiers per AZ (public, application, isolated): used to check that a VPC CIDR has room for them. */
const SUBNET_TIERS = 3;
/** The smallest subnet AWS allows. */
const MIN_SUBNET_PREFIX = 28;

const RFC1918 = [
  { cidr: '10.0.0.0/8', base: ipv4ToNumber('10.0.0.0'), prefix: 8 },
  { cidr: '172.16.0.0/12', base: ipv4ToNumber('172.16.0.0'), prefix: 12 },
  { cidr: '192.168.0.0/16', base: ipv4ToNumber('192.168.0.0'), prefix: 16 },
];

function ipv4ToNumber(ip: string): number {
  return ip.split('.').reduce((acc, octet) => acc * 256 + Number(octet), 0);
}

/**
 * Checks a VPC CIDR: IPv4 notation, a network address, inside RFC 1918, prefix /16 to /24, and room for every
 * subnet tier in every AZ. Returns the problems found (empty when valid).
 */
export function vpcCidrProblems(field: string, cidr: unknown, azCount: number): string[] {
  if (typeof cidr !== 'string' || Token.isUnresolved(cidr)) {
    return [`${field} must be an IPv4 CIDR string such as '10.0.0.0/16', got ${show(cidr)}`];
  }
  const parsed = parseIpv4Cidr(cidr);
  if (!parsed) {
    return [`${field} must be IPv4 CIDR notation a.b.c.d/n (octets 0-255), got ${show(cidr)}`];
  }
  const problems: string[] = [];
  const size = 2 ** (32 - parsed.prefix);
  if (parsed.base % size !== 0) {
    problems.push(`${field} must be a network address (host bits zero) for /${parsed.prefix}, got ${show(cidr)}`);
  }
  const inPrivateRange = RFC1918.some((r) => parsed.prefix >= r.prefix && Math.floor(parsed.base / 2 ** (32 - r.prefix)) === r.base / 2 ** (32 - r.prefix));
  if (!inPrivateRange) {
    problems.push(`${field} must lie inside RFC 1918 private space (${RFC1918.map((r) => r.cidr).join(', ')}), got ${show(cidr)}`);
  }
  if (parsed.prefix < 16 || parsed.prefix > 24) {
    problems.push(
      `${field} prefix must be between /16 and /24 (the VPC sizes AWS allows here; a VPC CIDR cannot be changed after creation), got /${parsed.prefix} in ${show(cidr)}`,
    );
  } else if (azCount > 0) {
    const subnetPrefix = parsed.prefix + Math.ceil(Math.log2(azCount * SUBNET_TIERS));
    if (subnetPrefix > MIN_SUBNET_PREFIX) {
      problems.push(
        `${field} ${show(cidr)} is too small for ${SUBNET_TIERS} subnet tiers in ${azCount} availability zones: subnets would be /${subnetPrefix}, AWS allows at most /${MIN_SUBNET_PREFIX}`,
      );
    }
  }
  return problems;
}

/**
 * Validates a stage configuration and returns it unchanged, or throws a `ConfigError` that lists every problem
 * with the field, the bad value and what is allowed.
 */
export function validateStageConfig(config: StageConfig): StageConfig {
  const p: string[] = [];
  const at = (field: string) => `${String(config.stageName)}.${field}`;

  if (!(STAGE_NAMES as readonly string[]).includes(config.stageName)) {
    p.push(`stageName must be one of ${STAGE_NAMES.join(', ')}, got ${show(config.stageName)}`);
  }
  if (config.account !== undefined && !/^\d{12}$/.test(config.account)) {
    p.push(`${at('account')} must be a 12-digit AWS account id, got ${show(config.account)}`);
  }

  p.push(...placementProblems(at, '', config.region, config.availabilityZones));
  const azs = config.availabilityZones;
  const azCount = azs.length;

  const network = config.network;
  p.push(...vpcCidrProblems(at('network.vpcCidr'), network.vpcCidr, azCount));
  if (!Number.isInteger(network.natGateways) || network.natGateways < 0 || network.natGateways > azCount) {
    p.push(`${at('network.natGateways')} must be a whole number from 0 to the availability zone count (${azCount}), got ${show(network.natGateways)}`);
  }

  p.push(...fieldTypeProblems(config, at, azCount));
  if (config.standby) p.push(...standbyProblems(config, at));
  if (config.dns.issueCertificates) p.push(...issuedCertificateProblems(config, at));

  if (p.length > 0) throw new ConfigError(p);
  return config;
}

/**
 * A region and its availability zones: a region the project knows the zones of, at least two zones, none repeated,
 * each one of the region's. `prefix` is the field path before `region` and `availabilityZones` ('' or 'standby.').
 */
function placementProblems(at: (field: string) => string, prefix: string, region: string, azs: readonly string[]): string[] {
  const p: string[] = [];
  const knownAzs = REGION_AVAILABILITY_ZONES[region];
  if (!knownAzs) {
    p.push(
      `${at(`${prefix}region`)} must be one of ${Object.keys(REGION_AVAILABILITY_ZONES).join(', ')} (extend REGION_AVAILABILITY_ZONES for others), got ${show(region)}`,
    );
  }
  if (azs.length < 2) {
    p.push(
      `${at(`${prefix}availabilityZones`)} must name at least 2 availability zones (every tier spans at least two for high availability), got ${azs.length}: ${show(azs)}`,
    );
  }
  const seen = new Set<string>();
  for (const az of azs) {
    if (seen.has(az)) p.push(`${at(`${prefix}availabilityZones`)} must not repeat an availability zone, got ${show(az)} twice`);
    seen.add(az);
    if (knownAzs && !knownAzs.includes(az)) {
      p.push(`${at(`${prefix}availabilityZones`)} entry ${show(az)} is not an availability zone of region ${region} (allowed: ${knownAzs.join(', ')})`);
    }
  }
  return p;
}

/** The address range of a CIDR as [first, last], or undefined when it does not parse (reported elsewhere). */
function cidrRange(cidr: string): [number, number] | undefined {
  const parsed = typeof cidr === 'string' ? parseIpv4Cidr(cidr) : undefined;
  return parsed && [parsed.base, parsed.base + 2 ** (32 - parsed.prefix) - 1];
}

/**
 * The standby region: a real region other than the primary with its own zones, a VPC CIDR that is valid and does
 * not overlap the primary's, a valid web tier share, and HTTPS where the primary has it.
 */
function standbyProblems(config: StageConfig, at: (field: string) => string): string[] {
  const standby = config.standby!;
  const p: string[] = [];
  if (standby.region === config.region) {
    p.push(
      `${at('standby.region')} must differ from the primary region ${config.region} (a standby in the same region fails with it), got ${show(standby.region)}`,
    );
  }
  p.push(...placementProblems(at, 'standby.', standby.region, standby.availabilityZones));
  const azCount = standby.availabilityZones.length;
  p.push(...vpcCidrProblems(at('standby.network.vpcCidr'), standby.network.vpcCidr, azCount));
  const primary = cidrRange(config.network.vpcCidr);
  const secondary = cidrRange(standby.network.vpcCidr);
  if (primary && secondary && primary[0] <= secondary[1] && secondary[0] <= primary[1]) {
    p.push(
      `${at('standby.network.vpcCidr')} must not overlap network.vpcCidr ${config.network.vpcCidr} (overlapping VPCs can never be peered or routed to each other), got ${show(standby.network.vpcCidr)}`,
    );
  }
  const nat = standby.network.natGateways;
  if (!Number.isInteger(nat) || nat < 0 || nat > azCount) {
    p.push(`${at('standby.network.natGateways')} must be a whole number from 0 to the availability zone count (${azCount}), got ${show(nat)}`);
  }
  if (!RETENTION_DAYS.includes(standby.network.flowLogRetention)) {
    p.push(
      `${at('standby.network.flowLogRetention')} must be a CloudWatch Logs retention in days (one of ${RETENTION_DAYS.join(', ')}), got ${show(standby.network.flowLogRetention)}`,
    );
  }
  if (!Number.isInteger(standby.weightPercent) || standby.weightPercent < 1 || standby.weightPercent > 99) {
    p.push(`${at('standby.weightPercent')} must be a whole percentage from 1 to 99 (the primary gets the rest), got ${show(standby.weightPercent)}`);
  }
  if ((config.webTier.certificateArn === undefined) !== (standby.webTier.certificateArn === undefined)) {
    p.push(
      `${at('standby.webTier.certificateArn')} must be set exactly when webTier.certificateArn is (both regions answer the same names over the same protocol), got ${show(standby.webTier.certificateArn)} with webTier.certificateArn ${show(config.webTier.certificateArn)}`,
    );
  }
  return p;
}

/** A stage that issues its certificates takes no certificate ARN, and keeps its zone (the validation record stays in it). */
function issuedCertificateProblems(config: StageConfig, at: (field: string) => string): string[] {
  const p: string[] = [];
  const configured: [string, string | undefined][] = [
    ['webTier.certificateArn', config.webTier.certificateArn],
    ['edge.certificateArn', config.edge.certificateArn],
    ['edge.domainName', config.edge.domainName],
    ['standby.webTier.certificateArn', config.standby?.webTier.certificateArn],
  ];
  for (const [field, value] of configured) {
    if (value !== undefined) {
      p.push(`${at(field)} must be unset when dns.issueCertificates is true (the app issues the stage's certificates and names), got ${show(value)}`);
    }
  }
  if (config.durability.removalPolicy !== RemovalPolicy.RETAIN) {
    p.push(
      `${at('dns.issueCertificates')} needs durability.removalPolicy retain (ACM's validation record stays in the zone after the certificates go, so the zone could not be deleted), got removalPolicy ${show(config.durability.removalPolicy)}`,
    );
  }
  return p;
}

/** The retention values CloudWatch Logs accepts (the `RetentionDays` enum). */
const RETENTION_DAYS = Object.values(RetentionDays).filter((v): v is number => typeof v === 'number');
/** Removal policies a stage may choose for its stateful resources. */
const STAGE_REMOVAL_POLICIES: readonly string[] = [RemovalPolicy.DESTROY, RemovalPolicy.RETAIN];

/**
 * Values and consistency of every other field. Ranges that belong to one construct (capacity, memory, storage sizes)
 * are checked by that construct, with the same kind of message; here is what the config alone can tell and its type
 * does not: that a number is finite (`number` admits NaN and Infinity), that a retention is one CloudWatch Logs offers
 * (a numeric enum accepts any number), that a removal policy is one a stage may choose, that a string set is not
 * blank, and that the fields of one stage agree with each other. What the type already rules out (a string where a
 * number or a boolean belongs, a price class CloudFront does not have) is not checked again: a config is typed code
 * (lib/config), and the context values that reach it (stage, domain, alarmEmail) are parsed by the select functions.
 */
function fieldTypeProblems(config: StageConfig, at: (field: string) => string, azCount: number): string[] {
  const p: string[] = [];
  const number = (field: string, value: number) => {
    if (!Number.isFinite(value)) p.push(`${at(field)} must be a finite number, got ${value}`);
  };
  const optionalString = (field: string, value: string | undefined) => {
    if (value !== undefined && value.trim() === '') p.push(`${at(field)} must be a non-empty string when set, got ${show(value)}`);
  };
  const retention = (field: string, value: unknown) => {
    if (!RETENTION_DAYS.includes(value as number))
      p.push(`${at(field)} must be a CloudWatch Logs retention in days (one of ${RETENTION_DAYS.join(', ')}), got ${show(value)}`);
  };

  const { network, durability, webTier, functions, relational, edge, monitoring } = config;
  retention('network.flowLogRetention', network.flowLogRetention);
  retention('logRetention', config.logRetention);

  if (!STAGE_REMOVAL_POLICIES.includes(durability.removalPolicy)) {
    p.push(
      `${at('durability.removalPolicy')} must be one of ${STAGE_REMOVAL_POLICIES.join(', ')} (databases take a final snapshot when retained), got ${show(durability.removalPolicy)}`,
    );
  }
  const retained = durability.removalPolicy === RemovalPolicy.RETAIN;
  if (retained && durability.terminationProtection !== true) {
    p.push(
      `${at('durability.terminationProtection')} must be true when durability.removalPolicy is retain (a stage that keeps its data protects its stateful stacks), got ${show(durability.terminationProtection)}`,
    );
  }
  if (retained) {
    for (const [field, value] of [
      ['logRetention', config.logRetention],
      ['network.flowLogRetention', network.flowLogRetention],
    ] as const) {
      if (RETENTION_DAYS.includes(value) && value < MIN_DURABLE_LOG_RETENTION) {
        p.push(
          `${at(field)} must be at least ${MIN_DURABLE_LOG_RETENTION} days when durability.removalPolicy is retain (audit logs outlive a year), got ${value}`,
        );
      }
    }
  }

  for (const field of ['rootVolumeGiB', 'minCapacity', 'desiredCapacity', 'maxCapacity', 'peakMinCapacity'] as const)
    number(`webTier.${field}`, webTier[field]);
  if (webTier.stickySessionSeconds !== undefined) number('webTier.stickySessionSeconds', webTier.stickySessionSeconds);
  optionalString('webTier.certificateArn', webTier.certificateArn);

  for (const field of ['memoryMiB', 'timeoutSeconds'] as const) number(`functions.${field}`, functions[field]);
  if (functions.reservedConcurrency !== undefined) number('functions.reservedConcurrency', functions.reservedConcurrency);

  if (relational.multiAz === true && azCount < 2) {
    p.push(`${at('relational.multiAz')} needs at least 2 availability zones for the standby, got ${azCount}`);
  }
  for (const field of ['allocatedStorageGiB', 'maxAllocatedStorageGiB', 'backupRetentionDays'] as const) number(`relational.${field}`, relational[field]);

  optionalString('edge.domainName', edge.domainName);
  optionalString('edge.certificateArn', edge.certificateArn);
  optionalString('monitoring.alarmEmail', monitoring.alarmEmail);

  const { containers, hybrid, archive, blockStorage } = config;
  for (const field of ['cpu', 'memoryMiB', 'desiredCount', 'maxCount'] as const) number(`containers.${field}`, containers[field]);
  number('hybrid.amazonSideAsn', hybrid.amazonSideAsn);
  if (hybrid.directConnect) {
    for (const field of ['vlan', 'customerAsn'] as const) number(`hybrid.directConnect.${field}`, hybrid.directConnect[field]);
  }
  if (hybrid.vpn) number('hybrid.vpn.customerGatewayAsn', hybrid.vpn.customerGatewayAsn);
  for (const field of ['infrequentAccessAfterDays', 'glacierAfterDays', 'deepArchiveAfterDays', 'noncurrentExpireAfterDays'] as const)
    number(`archive.${field}`, archive[field]);
  if (archive.expireAfterDays !== undefined) number('archive.expireAfterDays', archive.expireAfterDays);
  number('blockStorage.retainSnapshots', blockStorage.retainSnapshots);
  if (config.cloudTrailLake) number('cloudTrailLake.retentionDays', config.cloudTrailLake.retentionDays);
  if (config.cache) {
    for (const field of ['nodes', 'snapshotRetentionDays'] as const) number(`cache.${field}`, config.cache[field]);
    if (config.cache.multiAz === true && azCount < 2) p.push(`${at('cache.multiAz')} needs at least 2 availability zones for the replica, got ${azCount}`);
  }
  if (config.document) {
    for (const field of ['instances', 'backupRetentionDays'] as const) number(`document.${field}`, config.document[field]);
  }
  if (config.beanstalk) {
    for (const field of ['minInstances', 'maxInstances'] as const) number(`beanstalk.${field}`, config.beanstalk[field]);
  }
  return p;
}

/**
 * Parses the `domain` context value: absent keeps the presets' placeholder domains. Any form Route 53 takes is
 * accepted and normalised (`normalizeDomain`: case, a trailing dot, Unicode to punycode); the result is what DNS
 * carries.
 */
export function selectDomain(contextValue: unknown): string | undefined {
  if (contextValue === undefined) return undefined;
  const domain = typeof contextValue === 'string' ? normalizeDomain(contextValue) : undefined;
  if (domain === undefined) {
    throw new ConfigError([
      `domain must be a domain name you control, such as atlas.<your domain>: labels of letters, digits and hyphens (or Unicode, converted to punycode), at least two, got ${show(contextValue)}`,
    ]);
  }
  if (isReservedDomain(domain.name)) {
    throw new ConfigError([
      `domain must be a domain you control, got ${show(contextValue)}, which is reserved for documentation (RFC 2606) and refused by Route 53`,
    ]);
  }
  return domain.name;
}

/** The context keys that choose and shape the stages (`-c key=value`): what a deploy of a stage, and its preflight, read. */
export const STAGE_CONTEXT_KEYS = ['stage', 'domain', 'alarmEmail'] as const;

/** A context key that chooses or shapes the stages. */
export type StageContextKey = (typeof STAGE_CONTEXT_KEYS)[number];

/** The context keys the app reads: the stages', and the two that switch the delivery pipeline on (`./pipeline.ts`). */
export const CONTEXT_KEYS = [...STAGE_CONTEXT_KEYS, 'pipelineRepository', 'pipelineConnectionArn'] as const;

/** A context key the app reads. */
export type ContextKey = (typeof CONTEXT_KEYS)[number];

/** The hosted zone a stage gets for `-c domain`: production the domain itself, every other stage `<stage>.<domain>`. */
export function stageZoneName(stage: StageName, domain: string): string {
  return stage === 'production' ? domain : `${stage}.${domain}`;
}

/** What a deploy chooses per command, already parsed by the `select…` functions. */
export interface StageChoices {
  /** The account to deploy to, or undefined for an account-agnostic synth. */
  readonly account?: string;
  /** The `-c domain` value (normalised). */
  readonly domain?: string;
  /** The `-c alarmEmail` value. */
  readonly alarmEmail?: string;
}

/**
 * A stage's configuration for the choices of one command: its preset, then the account (unless the preset names its
 * own), domain and alarm address.
 */
export function configureStage(name: StageName, choices: StageChoices): StageConfig {
  let config: StageConfig = PRESETS[name];
  // A preset that names its account keeps it (a stage in an account of its own, deployed there by the pipeline or by
  // credentials trusted there); otherwise the stage goes to the account of the credentials.
  if (choices.account !== undefined && config.account === undefined) config = { ...config, account: choices.account };
  if (choices.domain !== undefined) config = { ...config, dns: { ...config.dns, domainName: stageZoneName(name, choices.domain) } };
  if (choices.alarmEmail !== undefined) config = { ...config, monitoring: { ...config.monitoring, alarmEmail: choices.alarmEmail } };
  return config;
}

/**
 * Context keys a user passed that the app does not read (typos such as `alarmemail`), given every context key the
 * app sees and the project's own (cdk.json). Feature flags (`@aws-cdk/…`), the CDK's own keys (`aws:cdk:…`) and
 * cached lookups (`availability-zones:account=…`) are not the user's.
 */
export function unknownContextKeys(keys: readonly string[], projectKeys: readonly string[]): string[] {
  // `region` is refused with its own message (refuseRegionContext).
  return keys.filter((key) => /^[A-Za-z][A-Za-z0-9_.-]*$/.test(key) && ![...CONTEXT_KEYS, 'region'].includes(key) && !projectKeys.includes(key));
}

/**
 * Refuses `-c region=…`: a stage's region comes with availability zones pinned for it, so it is chosen in the stage
 * config, not per command (a deploy that silently went to another region than the user asked would be worse).
 */
export function refuseRegionContext(contextValue: unknown): void {
  if (contextValue === undefined) return;
  throw new ConfigError([
    `region is not chosen with -c (got ${show(contextValue)}): each stage's region and its pinned availability zones are set in lib/config/presets.ts (region, availabilityZones; zones known for ${Object.keys(REGION_AVAILABILITY_ZONES).join(', ')})`,
  ]);
}

/** Parses the `alarmEmail` context value: absent keeps the presets' (none). */
export function selectAlarmEmail(contextValue: unknown): string | undefined {
  if (contextValue === undefined) return undefined;
  if (typeof contextValue !== 'string' || !EMAIL_PATTERN.test(contextValue)) {
    throw new ConfigError([`alarmEmail must be an e-mail address that receives the stage's alarms, such as ops@<your domain>, got ${show(contextValue)}`]);
  }
  return contextValue;
}

/** Parses the `stage` context value: absent means every stage. */
export function selectStageNames(contextValue: unknown): StageName[] {
  if (contextValue === undefined) return [...STAGE_NAMES];
  if (typeof contextValue !== 'string' || !(STAGE_NAMES as readonly string[]).includes(contextValue)) {
    throw new ConfigError([`stage must be one of ${STAGE_NAMES.join(', ')} (or omitted for every stage), got ${show(contextValue)}`]);
  }
  return [contextValue as StageName];
}
