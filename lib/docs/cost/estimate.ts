import { StageFacts } from './facts';
import { monthlyUsd, PRICES, pricesFor, RegionPrices, UnitPrice } from './prices';

/**
 * The main cost drivers the README summarizes; every line belongs to exactly one, so they add up to the total.
 * `optional parts` are the costly parts a stage config switches on (cache, DocumentDB, Beanstalk, CloudTrail Lake,
 * VPN, Direct Connect); what they need besides (their keys, secrets, alarms) stays under its own driver.
 */
export const DRIVERS = ['NAT gateways', 'instances and containers', 'load balancer', 'databases', 'KMS keys', 'optional parts', 'everything else'] as const;

/** A main cost driver. */
export type Driver = (typeof DRIVERS)[number];

/** One priced line of a stage's estimate. */
export interface CostLine {
  /** Stable identity across stages and variants, to diff two estimates item by item: `<region>/<what>`. */
  readonly key: string;
  /** The region the item is billed in (its stacks' region), priced from that region's table. */
  readonly region: string;
  /** What is billed: `NAT gateway`, `EC2 t4g.micro (web tier)`. */
  readonly item: string;
  /** How many units the price is multiplied by to get a month (instances, vCPUs, GB, alarm metrics). */
  readonly quantity: number;
  /** The quantity as a reader sees it: `1`, `1.36 on average (1, 2 for 60 h a week)`. */
  readonly quantityLabel: string;
  readonly price: UnitPrice;
  /** USD a month: quantity × the monthly figure of the price. */
  readonly monthlyUsd: number;
  readonly driver: Driver;
}

/** The estimate of one stage. */
export interface StageEstimate {
  readonly stage: string;
  readonly lines: readonly CostLine[];
  /** Sum of the lines, USD a month. */
  readonly monthlyUsd: number;
  /** The same per hour (a month of {@link PRICES.hoursPerMonth} hours). */
  readonly hourlyUsd: number;
  /** What the stage is also billed for by use, which the estimate leaves out: `Lambda functions (9)`, … */
  readonly usageBilled: readonly string[];
  /** Per-use prices of the priced resources (`NAT gateway data processing: USD 0.059 per GB`). */
  readonly usagePrices: readonly string[];
  /** Resource types the estimate does not know, with their counts. */
  readonly unclassified: readonly string[];
}

/** A count as a reader sees it: whole numbers as they are, fractions with two decimals. */
export function formatCount(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}

const plural = (n: number, one: string, many = `${one}s`) => `${formatCount(n)} ${n === 1 ? one : many}`;

/**
 * Prices a stage's facts, region by region (`readStageFacts`: the primary region first), each with its region's
 * table; every line names its region.
 */
export function estimateStage(regions: readonly StageFacts[]): StageEstimate {
  if (regions.length === 0) throw new Error('cost estimate: a stage with no stacks has nothing to price');
  const lines = new Map<string, CostLine>();
  for (const facts of regions) estimateRegion(facts, pricesFor(facts.region, facts.stage), lines);
  const ordered = [...lines.values()].sort((a, b) => DRIVERS.indexOf(a.driver) - DRIVERS.indexOf(b.driver));
  const monthly = ordered.reduce((sum, line) => sum + line.monthlyUsd, 0);
  const usage = [...new Set(regions.flatMap(usageBilled))];
  return {
    stage: regions[0].stage,
    lines: ordered,
    monthlyUsd: monthly,
    hourlyUsd: monthly / PRICES.hoursPerMonth,
    usageBilled: usage,
    usagePrices: regions.flatMap((facts) => usagePrices(facts, pricesFor(facts.region, facts.stage), regions.length > 1)),
    unclassified: [...new Set(regions.flatMap((facts) => Object.keys(facts.unclassified)))].sort().map((type) => `${type} (${regions.reduce((n, f) => n + (f.unclassified[type] ?? 0), 0)})`),
  };
}

/** Adds the lines of one region's facts, priced from its table. */
function estimateRegion(facts: StageFacts, p: RegionPrices, lines: Map<string, CostLine>): void {
  const { region } = facts;
  const lookup = <T>(table: Readonly<Record<string, T>>, key: string, what: string): T => {
    const found = table[key];
    if (found === undefined) throw new Error(`cost estimate: no price for ${what} '${key}' in lib/docs/cost/prices.ts (the ${region} table): add it there with its source`);
    return found;
  };
  const add = (key: string, item: string, quantity: number, quantityLabel: string | undefined, price: UnitPrice | undefined, driver: Driver) => {
    if (quantity === 0) return;
    if (price === undefined) throw new Error(`cost estimate: no price for ${item} in lib/docs/cost/prices.ts (the ${region} table), which stage ${facts.stage} needs there: add it with its source`);
    key = `${region}/${key}`;
    const previous = lines.get(key);
    const total = (previous?.quantity ?? 0) + quantity;
    lines.set(key, {
      key,
      region,
      item,
      quantity: total,
      quantityLabel: previous === undefined && quantityLabel !== undefined ? quantityLabel : formatCount(total),
      price,
      monthlyUsd: total * monthlyUsd(price),
      driver,
    });
  };

  add('nat-gateway', 'NAT gateways', facts.natGateways, undefined, p.network.natGatewayHour, 'NAT gateways');

  for (const group of facts.autoScalingGroups) {
    const peak = group.scheduledPeak;
    const label = peak === undefined
      ? formatCount(group.averageInstances)
      : `${formatCount(group.averageInstances)} on average (${group.baseCapacity}, ${peak.instances} for ${formatCount(peak.hoursPerWeek)} h a week)`;
    add(`ec2:${group.instanceType}`, `EC2 ${group.instanceType} instances (Auto Scaling)`, group.averageInstances, label,
      lookup(p.ec2Instance, group.instanceType, 'the EC2 instance type'), 'instances and containers');
    for (const volume of group.volumes) {
      const gb = volume.sizeGiB * group.averageInstances;
      add(`ebs:${volume.type}`, `EBS ${volume.type} volumes of the instances (GB)`, gb, `${formatCount(gb)} (${volume.sizeGiB} GiB each)`,
        lookup(p.ebsVolumeGbMonth, volume.type, 'the EBS volume type'), 'instances and containers');
    }
    if (group.detailedMonitoring) {
      const metrics = group.averageInstances * p.ec2DetailedMonitoringMetrics;
      add('ec2-detailed-monitoring', 'EC2 detailed monitoring (metrics)', metrics,
        `${formatCount(metrics)} (${p.ec2DetailedMonitoringMetrics} per instance)`, p.monitoring.customMetricMonth, 'instances and containers');
    }
  }

  for (const service of facts.fargateServices) {
    const arm = service.architecture === 'ARM64';
    const vcpus = (service.tasks * service.cpu) / 1024;
    const gb = (service.tasks * service.memoryMiB) / 1024;
    const arch = arm ? 'ARM' : 'x86';
    add(`fargate-vcpu:${arch}`, `Fargate ${arch} vCPUs`, vcpus, `${formatCount(vcpus)} (${plural(service.tasks, 'task')} × ${service.cpu / 1024} vCPU)`,
      arm ? p.fargate.arm64VcpuHour : p.fargate.x86VcpuHour, 'instances and containers');
    add(`fargate-gb:${arch}`, `Fargate ${arch} memory (GB)`, gb, `${formatCount(gb)} (${plural(service.tasks, 'task')} × ${service.memoryMiB / 1024} GB)`,
      arm ? p.fargate.arm64GbHour : p.fargate.x86GbHour, 'instances and containers');
  }

  add('alb', 'Application Load Balancers', facts.loadBalancers.length, undefined, p.loadBalancing.albHour, 'load balancer');

  for (const db of facts.rdsInstances) {
    const deployment = db.multiAz ? 'Multi-AZ' : 'Single-AZ';
    const prices = lookup(p.rdsInstance, `${db.engine} ${db.instanceClass}`, 'the RDS engine and class');
    add(`rds:${db.engine}:${db.instanceClass}:${deployment}`, `RDS ${db.engine} ${db.instanceClass} ${deployment}`, 1, undefined,
      db.multiAz ? prices.multiAz : prices.singleAz, 'databases');
    const storage = lookup(p.rdsStorageGbMonth, db.storageType, 'the RDS storage type');
    add(`rds-storage:${db.storageType}:${deployment}`, `RDS ${db.storageType} storage ${deployment} (GB)`, db.storageGiB, undefined,
      db.multiAz ? storage.multiAz : storage.singleAz, 'databases');
  }

  for (const cache of facts.cacheGroups) {
    add(`cache:${cache.engine}:${cache.nodeType}`, `ElastiCache ${cache.engine} ${cache.nodeType} nodes`, cache.nodes, undefined,
      lookup(p.elastiCacheNode, `${cache.engine} ${cache.nodeType}`, 'the ElastiCache engine and node type'), 'optional parts');
  }

  for (const instance of facts.documentInstances) {
    add(`docdb:${instance.instanceClass}`, `DocumentDB ${instance.instanceClass} instances`, 1, undefined,
      lookup(p.documentDbInstance, instance.instanceClass, 'the DocumentDB instance class'), 'optional parts');
  }

  for (const env of facts.beanstalkEnvironments) {
    add(`beanstalk-ec2:${env.instanceType}`, `Elastic Beanstalk EC2 ${env.instanceType} instances`, env.minInstances,
      `${env.minInstances} (its minimum of ${env.minInstances}–${env.maxInstances})`, lookup(p.ec2Instance, env.instanceType, 'the EC2 instance type'), 'optional parts');
    const gb = env.rootVolume.sizeGiB * env.minInstances;
    add(`beanstalk-ebs:${env.rootVolume.type}`, `Elastic Beanstalk EBS ${env.rootVolume.type} root volumes (GB)`, gb,
      `${formatCount(gb)} (${env.rootVolume.sizeGiB} GiB each${env.rootVolume.assumedSize ? ', the platform default' : ''})`,
      lookup(p.ebsVolumeGbMonth, env.rootVolume.type, 'the EBS volume type'), 'optional parts');
    if (env.loadBalancer !== undefined) {
      add('beanstalk-alb', 'Elastic Beanstalk Application Load Balancers', 1, undefined, p.loadBalancing.albHour, 'optional parts');
      if (env.loadBalancer.internetFacing) {
        add('beanstalk-ipv4', 'Elastic Beanstalk load balancer public IPv4 addresses', env.loadBalancer.subnets,
          `${env.loadBalancer.subnets} (one per subnet)`, p.network.publicIpv4Hour, 'optional parts');
      }
    } else {
      add('beanstalk-ipv4', 'Elastic Beanstalk instance public IPv4 addresses', 1, undefined, p.network.publicIpv4Hour, 'optional parts');
    }
  }

  for (const connection of facts.directConnectConnections) {
    add(`dx:${connection.bandwidth}`, `Direct Connect ${connection.bandwidth} dedicated ports`, 1, undefined,
      lookup(p.directConnectPortHour, connection.bandwidth, 'the Direct Connect port speed'), 'optional parts');
  }
  add('vpn', 'Site-to-Site VPN connections', facts.vpnConnections, undefined, p.network.vpnConnectionHour, 'optional parts');

  add('kms', 'KMS customer managed keys', facts.kmsKeys, undefined, p.security.kmsKeyMonth, 'KMS keys');

  const ipv4FromLoadBalancers = facts.loadBalancers.filter((lb) => lb.internetFacing).reduce((n, lb) => n + lb.subnets, 0);
  const ipv4 = facts.elasticIps + ipv4FromLoadBalancers;
  add('public-ipv4', 'Public IPv4 addresses', ipv4,
    `${ipv4} (${plural(facts.elasticIps, 'Elastic IP')}, ${ipv4FromLoadBalancers} of the load balancer)`, p.network.publicIpv4Hour, 'everything else');

  const endpointAzs = facts.interfaceEndpoints.reduce((n, endpoint) => n + endpoint.subnets, 0);
  add('interface-endpoints', 'Interface VPC endpoints (endpoint × AZ)', endpointAzs,
    `${endpointAzs} (${plural(facts.interfaceEndpoints.length, 'endpoint')})`, p.network.interfaceEndpointHour, 'everything else');

  add('waf-acl', 'WAF web ACLs', facts.webAcls.length, undefined, p.security.webAclMonth, 'everything else');
  const rules = facts.webAcls.reduce((n, acl) => n + acl.rules, 0);
  add('waf-rules', 'WAF rules and rule groups', rules, undefined, p.security.webAclRuleMonth, 'everything else');

  const managed = facts.serviceManagedSecrets;
  add('secrets', 'Secrets Manager secrets', facts.secrets + managed,
    managed > 0 ? `${facts.secrets + managed} (${managed} created by the database service)` : undefined, p.security.secretMonth, 'everything else');

  add('route53-zones', 'Route 53 hosted zones', facts.hostedZones, undefined, p.dns.hostedZoneMonth, 'everything else');
  add('route53-health-checks', 'Route 53 health checks', facts.healthChecks.length, undefined, p.dns.healthCheckMonth, 'everything else');
  const features = facts.healthChecks.flatMap((check) => check.features);
  const featureNames = [...new Set(features)].sort().join(', ');
  add('route53-health-check-features', 'Route 53 health check optional features', features.length,
    `${features.length} (${featureNames})`, p.dns.healthCheckFeatureMonth, 'everything else');

  const standard = facts.alarms.filter((a) => !a.highResolution);
  const highResolution = facts.alarms.filter((a) => a.highResolution);
  const metricsOf = (alarms: typeof facts.alarms) => alarms.reduce((n, a) => n + a.metrics, 0);
  add('alarm-metrics', 'CloudWatch alarm metrics', metricsOf(standard),
    `${metricsOf(standard)} (${plural(standard.length, 'alarm')})`, p.monitoring.alarmMetricMonth, 'everything else');
  add('alarm-metrics-high-resolution', 'CloudWatch high-resolution alarm metrics', metricsOf(highResolution),
    `${metricsOf(highResolution)} (${plural(highResolution.length, 'alarm')})`, p.monitoring.highResolutionAlarmMetricMonth, 'everything else');
  add('dashboards', 'CloudWatch dashboards', facts.dashboards, undefined, p.monitoring.dashboardMonth, 'everything else');
}

/** The costly optional parts a stage's templates hold (in any of its regions), by name. */
export function optionalPartsOn(regions: readonly StageFacts[]): string[] {
  return [...new Set(regions.flatMap(optionalPartsIn))];
}

function optionalPartsIn(facts: StageFacts): string[] {
  const on: string[] = [];
  if (facts.cacheGroups.length > 0) on.push('ElastiCache');
  if (facts.documentInstances.length > 0) on.push('DocumentDB');
  if (facts.beanstalkEnvironments.length > 0) on.push('Elastic Beanstalk');
  if (facts.cloudTrailEventDataStores > 0) on.push('CloudTrail Lake');
  if (facts.vpnConnections > 0) on.push('Site-to-Site VPN');
  if (facts.directConnectConnections.length > 0) on.push('Direct Connect');
  return on;
}

function usageBilled(facts: StageFacts): string[] {
  const found = Object.entries(facts.usageBilled).sort(([a], [b]) => a.localeCompare(b)).map(([label, n]) => `${label} (${n})`);
  if (facts.containerInsightsClusters > 0) found.push(`Container Insights metrics (${plural(facts.containerInsightsClusters, 'cluster')})`);
  if (facts.documentInstances.length > 0) found.push('DocumentDB storage and I/O');
  if (facts.cloudTrailEventDataStores > 0) found.push(`CloudTrail Lake ingestion (${plural(facts.cloudTrailEventDataStores, 'event data store')})`);
  if (facts.rdsInstances.length > 0) found.push('RDS backup storage beyond the database size');
  if (facts.cacheGroups.length > 0) found.push('ElastiCache snapshots beyond the first');
  found.push('data transfer out of AWS', 'KMS and Secrets Manager API requests');
  if (facts.hostedZones > 0) found.push('Route 53 queries');
  if (facts.replicatedTables > 0) found.push(`DynamoDB replicated writes (${plural(facts.replicatedTables, 'global table')})`);
  if (facts.replicatedBuckets > 0) found.push(`S3 replication requests and inter-region transfer (${plural(facts.replicatedBuckets, 'bucket')})`);
  return found;
}

function usagePrices(facts: StageFacts, p: RegionPrices, named: boolean): string[] {
  const per = (price: UnitPrice | undefined) => (price ? `USD ${price.usd} per ${price.unit}${named ? ` in ${facts.region}` : ''}` : `unpriced in ${facts.region}`);
  const found: string[] = [];
  if (facts.natGateways > 0) found.push(`NAT gateway data processing ${per(p.network.natGatewayGb)}`);
  if (facts.loadBalancers.length + facts.beanstalkEnvironments.length > 0) found.push(`load balancer capacity units ${per(p.loadBalancing.albLcuHour)}`);
  if (facts.webAcls.length > 0) found.push(`WAF requests ${per(p.security.webAclRequests)}`);
  if (facts.interfaceEndpoints.length > 0) found.push(`interface endpoint data ${per(p.network.interfaceEndpointGb)}`);
  return found;
}
