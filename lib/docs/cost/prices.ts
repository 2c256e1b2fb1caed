/**
 * The price tables the cost estimate (`npm run cost`, docs/cost.md) multiplies the synthesized templates by: one per
 * region a preset deploys to (`REGION_PRICES`), each stack priced in its own region.
 *
 * `PRICES`: on-demand list prices in USD, before tax, for ap-northeast-2 (Seoul), a month taken as 730 hours; the
 * Tokyo table (production's standby region) follows it. Each entry names
 * the AWS pricing page it belongs to and says how it was checked: `verified` when a Seoul figure (or, for a service
 * priced the same in every region, the global figure) was found in a public record of the AWS price list, the pricing
 * page or a Seoul bill; otherwise `basis` says what the figure rests on. No network is used at run time: update an
 * entry by hand, with its evidence, and move `asOf`.
 *
 * "Seoul price list (2026-10-01)" below is a public catalogue that transcribes the AWS Price List offer files for
 * ap-northeast-2 (`https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/<service>/current/ap-northeast-2/index.json`)
 * as read on 2026-10-01; "Seoul bill" is a public Cost Explorer record of an account in ap-northeast-2, where the rate
 * is the cost divided by the usage it lists.
 */

/** What one unit of a price is. Hourly units are multiplied by {@link PRICES.hoursPerMonth} to get a month. */
export type PriceUnit =
  | 'hour'
  | 'vCPU-hour'
  | 'GB-hour'
  | 'month'
  | 'GB-month'
  | 'GB'
  | 'LCU-hour'
  | 'million requests';

/** One unit price and its evidence. */
export interface UnitPrice {
  /** USD per {@link unit}. */
  readonly usd: number;
  /** What one unit is. */
  readonly unit: PriceUnit;
  /** The AWS pricing page the price belongs to. */
  readonly source: string;
  /** Whether a Seoul (or region-independent) figure was found in a public record; see {@link basis}. */
  readonly verified: boolean;
  /** The record checked (with its date), or, when not verified, what the figure is based on. */
  readonly basis: string;
}

/** Prices of an instance class by deployment. */
export interface DeploymentPrices {
  readonly singleAz: UnitPrice;
  readonly multiAz: UnitPrice;
}

const VPC = 'https://aws.amazon.com/vpc/pricing/';
const ELB = 'https://aws.amazon.com/elasticloadbalancing/pricing/';
const EC2 = 'https://aws.amazon.com/ec2/pricing/on-demand/';
const EBS = 'https://aws.amazon.com/ebs/pricing/';
const FARGATE = 'https://aws.amazon.com/fargate/pricing/';
const RDS_POSTGRES = 'https://aws.amazon.com/rds/postgresql/pricing/';
const ELASTICACHE = 'https://aws.amazon.com/elasticache/pricing/';
const DOCUMENTDB = 'https://aws.amazon.com/documentdb/pricing/';
const KMS = 'https://aws.amazon.com/kms/pricing/';
const SECRETS_MANAGER = 'https://aws.amazon.com/secrets-manager/pricing/';
const CLOUDWATCH = 'https://aws.amazon.com/cloudwatch/pricing/';
const WAF = 'https://aws.amazon.com/waf/pricing/';
const ROUTE53 = 'https://aws.amazon.com/route53/pricing/';
const DIRECT_CONNECT = 'https://aws.amazon.com/directconnect/pricing/';

const SEOUL_PRICE_LIST = 'Seoul price list (2026-10-01)';

const hourly = (usd: number, source: string, verified: boolean, basis: string): UnitPrice => ({ usd, unit: 'hour', source, verified, basis });
const monthly = (usd: number, source: string, verified: boolean, basis: string): UnitPrice => ({ usd, unit: 'month', source, verified, basis });

/** The price table of the primary region (Seoul), with the terms every table shares. */
export const PRICES = {
  /** When the table was last checked, `YYYY-MM`: the newest record its verified entries rest on. */
  asOf: '2026-10',
  region: 'ap-northeast-2',
  currency: 'USD',
  terms: 'on-demand list prices, before tax, no free tier, no Savings Plans or reservations',
  /** Hours in the month every hourly price is multiplied by (AWS's own convention in its examples). */
  hoursPerMonth: 730,

  network: {
    natGatewayHour: hourly(0.059, VPC, true, `${SEOUL_PRICE_LIST} APN2-NatGateway-Hours; Seoul bill (2026-04): 611 h for USD 36.05`),
    natGatewayGb: { usd: 0.059, unit: 'GB', source: VPC, verified: true, basis: `${SEOUL_PRICE_LIST} APN2-NatGateway-Bytes; Seoul bill (2026-04): 8.9 GB for USD 0.52` } as UnitPrice,
    publicIpv4Hour: hourly(0.005, VPC, true, `${SEOUL_PRICE_LIST} APN2-PublicIPv4:InUseAddress; Seoul bill (2026-04): 1416 h for USD 7.08`),
    interfaceEndpointHour: hourly(0.013, VPC, true, `${SEOUL_PRICE_LIST} APN2-VpcEndpoint-Hours, per endpoint and availability zone`),
    interfaceEndpointGb: { usd: 0.01, unit: 'GB', source: VPC, verified: true, basis: `${SEOUL_PRICE_LIST} APN2-VpcEndpoint-Bytes (first PB)` } as UnitPrice,
    vpnConnectionHour: hourly(0.05, VPC, false, 'not verified for Seoul: USD 0.05 per VPN connection-hour in us-east-1 (AWS pricing examples) and in Sydney (APS2-VPN-Usage-Hours in public cost data)'),
  },

  loadBalancing: {
    albHour: hourly(0.0225, ELB, true, `${SEOUL_PRICE_LIST} AWSELB; Seoul bills: 514 h for USD 11.57 (2026-04), 13 days for USD 6.95 (2026-10)`),
    albLcuHour: { usd: 0.008, unit: 'LCU-hour', source: ELB, verified: true, basis: `${SEOUL_PRICE_LIST} AWSELB, ALB LCU` } as UnitPrice,
  },

  /** EC2 Linux on-demand instances, by instance type. */
  ec2Instance: {
    't4g.micro': hourly(0.0104, EC2, true, `${SEOUL_PRICE_LIST} AmazonEC2 t4g.micro`),
    't4g.small': hourly(0.0208, EC2, true, 'Seoul bill (2026-10), line item "t4g.small On Demand USD 0.0208 per hour"; t4g.medium is 0.0416 in the Seoul price list (2026-10-01)'),
  } as Readonly<Record<string, UnitPrice>>,

  /** EBS volumes, by volume type, per GB-month. */
  ebsVolumeGbMonth: {
    gp3: { usd: 0.0912, unit: 'GB-month', source: EBS, verified: true, basis: `${SEOUL_PRICE_LIST} APN2-EBS:VolumeUsage.gp3` },
    gp2: { usd: 0.114, unit: 'GB-month', source: EBS, verified: true, basis: `${SEOUL_PRICE_LIST} APN2-EBS:VolumeUsage.gp2` },
  } as Readonly<Record<string, UnitPrice>>,

  /** Metrics that EC2 detailed monitoring publishes per instance, each billed as a custom metric. */
  ec2DetailedMonitoringMetrics: 7,

  fargate: {
    arm64VcpuHour: { usd: 0.03725, unit: 'vCPU-hour', source: FARGATE, verified: true, basis: 'APN2-Fargate-ARM-vCPU-Hours as quoted from the AWS Price List (2026-08) by a public project; a Seoul bill (2026-04) shows the same rate for vCPU and memory over one task\'s 286 h' } as UnitPrice,
    arm64GbHour: { usd: 0.00409, unit: 'GB-hour', source: FARGATE, verified: true, basis: 'APN2-Fargate-ARM-GB-Hours as quoted from the AWS Price List (2026-08) by a public project, consistent with a Seoul bill (2026-04)' } as UnitPrice,
    x86VcpuHour: { usd: 0.04656, unit: 'vCPU-hour', source: FARGATE, verified: true, basis: `${SEOUL_PRICE_LIST} APN2-Fargate-vCPU-Hours:perCPU` } as UnitPrice,
    x86GbHour: { usd: 0.00511, unit: 'GB-hour', source: FARGATE, verified: true, basis: `${SEOUL_PRICE_LIST} APN2-Fargate-GB-Hours` } as UnitPrice,
  },

  /** RDS instances, by `<engine> <class>`. */
  rdsInstance: {
    'postgres db.t4g.micro': {
      singleAz: hourly(0.025, RDS_POSTGRES, true, `${SEOUL_PRICE_LIST} APN2-InstanceUsage:db.t4g.micro (PostgreSQL); Seoul bill (2026-04): 562 h for USD 14.06`),
      multiAz: hourly(0.051, RDS_POSTGRES, true, `${SEOUL_PRICE_LIST} APN2-Multi-AZUsage:db.t4g.micro (PostgreSQL)`),
    },
    'postgres db.m7g.large': {
      singleAz: hourly(0.2344, RDS_POSTGRES, true, `${SEOUL_PRICE_LIST} AmazonRDS db.m7g.large PostgreSQL Single-AZ`),
      multiAz: hourly(0.4688, RDS_POSTGRES, false, 'not verified: twice the Single-AZ rate, as for every other Multi-AZ (one standby) price in this table'),
    },
  } as Readonly<Record<string, DeploymentPrices>>,

  /** RDS storage, by storage type, per GB-month. */
  rdsStorageGbMonth: {
    gp3: {
      singleAz: { usd: 0.131, unit: 'GB-month', source: RDS_POSTGRES, verified: true, basis: `${SEOUL_PRICE_LIST} "$0.131 per GB-month of provisioned GP3 storage running PostgreSQL"` },
      multiAz: { usd: 0.262, unit: 'GB-month', source: RDS_POSTGRES, verified: true, basis: `${SEOUL_PRICE_LIST} "$0.262 per GB-month of provisioned GP3 storage for Multi-AZ deployments running PostgreSQL"` },
    },
  } as Readonly<Record<string, DeploymentPrices>>,

  /** ElastiCache nodes, by `<engine> <node type>`. */
  elastiCacheNode: {
    'valkey cache.t4g.micro': hourly(0.0192, ELASTICACHE, true, `${SEOUL_PRICE_LIST} AmazonElastiCache cache.t4g.micro Valkey (Redis OSS 0.024)`),
    'valkey cache.t4g.small': hourly(0.0384, ELASTICACHE, false, 'not verified: twice cache.t4g.micro (0.0192 for Valkey in the Seoul price list), as node prices double with each t4g size'),
  } as Readonly<Record<string, UnitPrice>>,

  /** DocumentDB instances (standard storage), by class. */
  documentDbInstance: {
    'db.t4g.medium': hourly(0.12, DOCUMENTDB, false, 'not verified for Seoul: public sources give about USD 0.076-0.078 an hour in us-east-1; the Seoul database rates in this table are about 1.55 times us-east-1 (RDS db.t4g.micro 0.025 vs 0.016, Aurora db.t4g.medium 0.113 vs 0.073), so about 0.12 is assumed'),
  } as Readonly<Record<string, UnitPrice>>,

  security: {
    kmsKeyMonth: monthly(1, KMS, true, `${SEOUL_PRICE_LIST} awskms, USD 1 per customer managed key a month (the first and second yearly rotation add USD 1 each)`),
    secretMonth: monthly(0.4, SECRETS_MANAGER, true, `${SEOUL_PRICE_LIST} AWSSecretsManager, USD 0.40 per secret a month`),
    webAclMonth: monthly(5, WAF, true, 'AWS WAF pricing page, the same in every commercial region: USD 5.00 per web ACL a month, quoted verbatim by several public cost guides (2026)'),
    webAclRuleMonth: monthly(1, WAF, true, 'AWS WAF pricing page: USD 1.00 per rule a month; a managed rule group counts as one rule'),
    webAclRequests: { usd: 0.6, unit: 'million requests', source: WAF, verified: true, basis: 'AWS WAF pricing page: USD 0.60 per million requests inspected' } as UnitPrice,
  },

  dns: {
    hostedZoneMonth: monthly(0.5, ROUTE53, true, 'Route 53 pricing page as transcribed verbatim on 2026-09-20: USD 0.50 per hosted zone a month (first 25); Route 53 is a global service'),
    healthCheckMonth: monthly(0.5, ROUTE53, true, 'Route 53 pricing page (2026-09-20): basic health check of an AWS endpoint, USD 0.50 a month'),
    healthCheckFeatureMonth: monthly(1, ROUTE53, true, 'Route 53 pricing page (2026-09-20): USD 1.00 a month per optional feature (HTTPS, string matching, fast interval, latency measurement) of an AWS endpoint check'),
  },

  monitoring: {
    alarmMetricMonth: monthly(0.1, CLOUDWATCH, true, `${SEOUL_PRICE_LIST} APN2-CW:AlarmMonitorUsage, USD 0.10 per standard-resolution alarm metric a month`),
    highResolutionAlarmMetricMonth: monthly(0.3, CLOUDWATCH, false, 'not verified for Seoul: USD 0.30 per high-resolution alarm metric on the CloudWatch pricing page (us-east-1)'),
    customMetricMonth: monthly(0.3, CLOUDWATCH, true, `${SEOUL_PRICE_LIST} APN2-CW:MetricMonitorUsage, USD 0.30 per metric a month (first 10,000)`),
    dashboardMonth: monthly(3, CLOUDWATCH, true, 'CloudWatch pricing page: USD 3.00 per dashboard a month; dashboards bill globally (DashboardsUsageHour-Basic carries no region prefix on a Seoul bill, 2026-10)'),
  },

  /** Direct Connect dedicated connection ports, by bandwidth. */
  directConnectPortHour: {
    '1Gbps': hourly(0.3, DIRECT_CONNECT, true, 'Direct Connect pricing page as transcribed verbatim on 2026-09-20: dedicated 1 Gbps port USD 0.30 an hour (all locations except Japan)'),
    '10Gbps': hourly(2.25, DIRECT_CONNECT, true, 'Direct Connect pricing page (2026-09-20): dedicated 10 Gbps port USD 2.25 an hour (except Japan)'),
    '100Gbps': hourly(22.5, DIRECT_CONNECT, true, 'Direct Connect pricing page (2026-09-20): dedicated 100 Gbps port USD 22.50 an hour (except Japan)'),
    '400Gbps': hourly(85, DIRECT_CONNECT, true, 'Direct Connect pricing page (2026-09-20): dedicated 400 Gbps port USD 85.00 an hour (except Japan)'),
  } as Readonly<Record<string, UnitPrice>>,
} as const;

/** A section of a region's table in which an entry may be missing (a price the region's stacks never need). */
type Section<T> = { readonly [K in keyof T]?: T[K] };

/**
 * The prices of one region, in the shape of {@link PRICES}: a region whose stacks do not create something (the
 * standby runs no database, containers or VPN) leaves its entry out, and the estimate fails naming it if a template
 * ever needs it, rather than borrowing another region's price.
 */
export interface RegionPrices {
  readonly region: string;
  /** The region's name, for the documents (`Seoul`). */
  readonly name: string;
  readonly network: Section<typeof PRICES.network>;
  readonly loadBalancing: Section<typeof PRICES.loadBalancing>;
  readonly ec2Instance: Readonly<Record<string, UnitPrice>>;
  readonly ebsVolumeGbMonth: Readonly<Record<string, UnitPrice>>;
  readonly ec2DetailedMonitoringMetrics: number;
  readonly fargate: Section<typeof PRICES.fargate>;
  readonly rdsInstance: Readonly<Record<string, DeploymentPrices>>;
  readonly rdsStorageGbMonth: Readonly<Record<string, DeploymentPrices>>;
  readonly elastiCacheNode: Readonly<Record<string, UnitPrice>>;
  readonly documentDbInstance: Readonly<Record<string, UnitPrice>>;
  readonly security: Section<typeof PRICES.security>;
  readonly dns: Section<typeof PRICES.dns>;
  readonly monitoring: Section<typeof PRICES.monitoring>;
  readonly directConnectPortHour: Readonly<Record<string, UnitPrice>>;
}

/**
 * Tokyo (ap-northeast-1): what production's standby region creates (`Standby…` stacks: NAT gateways and their
 * addresses, interface endpoints, the web tier's t4g instances, gp3 volumes and load balancer, WAF, KMS keys, alarms,
 * a Route 53 health check). No Tokyo price list or bill was at hand when this was written, so every Tokyo-specific
 * figure is marked not verified and says what it rests on; prices AWS sets the same in every region reuse the
 * entry above that says so.
 */
const TOKYO_PRICES: RegionPrices = {
  region: 'ap-northeast-1',
  name: 'Tokyo',
  network: {
    natGatewayHour: hourly(0.062, VPC, false, 'not verified against an AWS record for Tokyo: a public cost guide (awsi.click, 2026) quotes USD 0.062 per NAT gateway-hour in ap-northeast-1'),
    natGatewayGb: { usd: 0.062, unit: 'GB', source: VPC, verified: false, basis: 'not verified against an AWS record for Tokyo: the same guide quotes USD 0.062 per GB processed in ap-northeast-1' },
    publicIpv4Hour: hourly(0.005, VPC, true, 'VPC pricing page: USD 0.005 per public IPv4 address-hour, the same in every commercial region since 2024-02-01 (as the Seoul record above shows)'),
    interfaceEndpointHour: hourly(0.014, VPC, false, 'not verified for Tokyo: USD 0.014 per endpoint-AZ hour as remembered from the VPC pricing page (Seoul 0.013)'),
    interfaceEndpointGb: { usd: 0.01, unit: 'GB', source: VPC, verified: false, basis: 'not verified for Tokyo: USD 0.01 per GB (first PB) as in Seoul and as remembered from the VPC pricing page' },
  },
  loadBalancing: {
    albHour: hourly(0.0243, ELB, false, 'not verified for Tokyo: USD 0.0243 per ALB-hour as remembered from the Elastic Load Balancing pricing page (Seoul 0.0225)'),
    albLcuHour: { usd: 0.008, unit: 'LCU-hour', source: ELB, verified: false, basis: 'not verified for Tokyo: USD 0.008 per LCU-hour as in Seoul and as remembered from the pricing page' },
  },
  ec2Instance: {
    't4g.small': hourly(0.0216, EC2, false, 'not verified for Tokyo: USD 0.0216 an hour for t4g.small Linux on demand as remembered from the EC2 pricing page (Seoul 0.0208)'),
  },
  ebsVolumeGbMonth: {
    gp3: { usd: 0.096, unit: 'GB-month', source: EBS, verified: false, basis: 'not verified for Tokyo: USD 0.096 per gp3 GB-month as remembered from the EBS pricing page (Seoul 0.0912)' },
  },
  ec2DetailedMonitoringMetrics: PRICES.ec2DetailedMonitoringMetrics,
  fargate: {},
  rdsInstance: {},
  rdsStorageGbMonth: {},
  elastiCacheNode: {},
  documentDbInstance: {},
  security: {
    kmsKeyMonth: monthly(1, KMS, false, 'not verified for Tokyo: USD 1 per customer managed key a month, the figure of the KMS pricing page that Seoul also bills'),
    webAclMonth: PRICES.security.webAclMonth,
    webAclRuleMonth: PRICES.security.webAclRuleMonth,
    webAclRequests: PRICES.security.webAclRequests,
  },
  dns: PRICES.dns,
  monitoring: {
    alarmMetricMonth: monthly(0.1, CLOUDWATCH, false, 'not verified for Tokyo: USD 0.10 per standard-resolution alarm metric a month as in Seoul and as remembered from the CloudWatch pricing page'),
    highResolutionAlarmMetricMonth: PRICES.monitoring.highResolutionAlarmMetricMonth,
    customMetricMonth: monthly(0.3, CLOUDWATCH, false, 'not verified for Tokyo: USD 0.30 per custom metric a month (first 10,000) as in Seoul and as remembered from the CloudWatch pricing page'),
    dashboardMonth: PRICES.monitoring.dashboardMonth,
  },
  directConnectPortHour: {},
};

/**
 * N. Virginia (us-east-1): only CloudFront's certificate lives there (the `EdgeCertificate` stack of a stage that
 * issues its certificates), and public ACM certificates are free: the table prices nothing, so anything else a
 * template ever puts there fails the estimate, naming the entry.
 */
const VIRGINIA_PRICES: RegionPrices = {
  region: 'us-east-1',
  name: 'N. Virginia',
  network: {},
  loadBalancing: {},
  ec2Instance: {},
  ebsVolumeGbMonth: {},
  ec2DetailedMonitoringMetrics: PRICES.ec2DetailedMonitoringMetrics,
  fargate: {},
  rdsInstance: {},
  rdsStorageGbMonth: {},
  elastiCacheNode: {},
  documentDbInstance: {},
  security: {},
  dns: {},
  monitoring: {},
  directConnectPortHour: {},
};

/** The price table of every region a preset deploys to, by region code: the primary's first. */
export const REGION_PRICES: Readonly<Record<string, RegionPrices>> = {
  [PRICES.region]: { ...PRICES, name: 'Seoul' },
  [TOKYO_PRICES.region]: TOKYO_PRICES,
  [VIRGINIA_PRICES.region]: VIRGINIA_PRICES,
};

/**
 * The table of a region.
 *
 * @throws Error naming the stage and the regions the tables cover, when there is none for the region
 */
export function pricesFor(region: string, stage: string): RegionPrices {
  const table = REGION_PRICES[region];
  if (!table) throw new Error(`cost estimate: the price tables are for ${Object.keys(REGION_PRICES).join(', ')}, but stage ${stage} deploys to ${region}`);
  return table;
}

/** USD a month for one unit of an hourly or monthly price. */
export function monthlyUsd(price: UnitPrice): number {
  switch (price.unit) {
    case 'hour':
    case 'vCPU-hour':
    case 'GB-hour':
    case 'LCU-hour':
      return price.usd * PRICES.hoursPerMonth;
    case 'month':
    case 'GB-month':
      return price.usd;
    default:
      throw new Error(`a price per ${price.unit} is billed by usage and has no monthly figure`);
  }
}

/**
 * Every unit price of every region's table with its dotted name (`network.natGatewayHour`, `ec2Instance.t4g.micro`)
 * and region, in table order; an entry a region shares with another (a price AWS sets the same everywhere) is listed
 * once, under the first region.
 */
export function allPrices(): { readonly region: string; readonly name: string; readonly price: UnitPrice }[] {
  const found: { region: string; name: string; price: UnitPrice }[] = [];
  for (const table of Object.values(REGION_PRICES)) {
    const { region, name: _name, ...entries } = table;
    for (const entry of regionPrices(entries)) if (!found.some((f) => f.price === entry.price)) found.push({ region, ...entry });
  }
  return found;
}

function regionPrices(table: object): { name: string; price: UnitPrice }[] {
  const found: { name: string; price: UnitPrice }[] = [];
  const walk = (value: unknown, name: string): void => {
    if (value === null || typeof value !== 'object') return;
    const record = value as Record<string, unknown>;
    if (typeof record.usd === 'number' && typeof record.unit === 'string') {
      found.push({ name, price: record as unknown as UnitPrice });
      return;
    }
    for (const [key, child] of Object.entries(record)) walk(child, name ? `${name}.${key}` : key);
  };
  walk(table, '');
  return found;
}
