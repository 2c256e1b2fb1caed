import { StageEstimate } from './estimate';
import { StageFacts } from './facts';

/**
 * What keeps the sandbox cheap, as rules on its synthesized templates and its estimate. The sandbox is for an afternoon
 * of learning and is destroyed afterwards, so it runs the smallest sizes, one NAT gateway, no standby, and none of
 * the costly optional parts.
 */

/** The smallest sizes the sandbox may run, and why each is the smallest that works. */
export const SANDBOX_SMALLEST = {
  /** t4g.nano has 0.5 GiB: too little for Amazon Linux 2023 with the SSM agent and the ansible-core the web tier installs. */
  ec2InstanceType: 't4g.micro',
  /** The smallest class RDS for PostgreSQL offers. */
  rdsInstanceClass: 'db.t4g.micro',
  /** The smallest ElastiCache node type, should a sandbox variant switch the cache on. */
  cacheNodeType: 'cache.t4g.micro',
  /** The smallest Fargate task: 0.25 vCPU with 0.5 GB. */
  fargateCpu: 256,
  fargateMemoryMiB: 512,
} as const;

/**
 * The most the sandbox may cost a month, USD, before traffic. Its fixed floor was about USD 144 when this was set
 * (one NAT gateway, the load balancer, the smallest database, WAF, a KMS key per encrypted service, alarms, the
 * dashboard). The ceiling leaves about 10 % for price changes and small additions, while each accident this guard
 * exists for breaks it on its own: a second NAT gateway (about +47 with its address), Multi-AZ on the database
 * (about +22), or any costly optional part (+36 for the smallest, a VPN connection).
 */
export const SANDBOX_MONTHLY_CEILING_USD = 160;

/**
 * Why a sandbox is more expensive than it should be, one message each; empty when it is as cheap as intended.
 *
 * @param regions the sandbox's facts per region (`readStageFacts`): one region, or the guard says so
 */
export function sandboxGuardViolations(regions: readonly StageFacts[], estimate: StageEstimate): string[] {
  const found: string[] = [];
  if (regions.length > 1) found.push(`stacks in ${regions.length} regions (${regions.map((r) => r.region).join(', ')}): the sandbox keeps no standby region`);
  for (const facts of regions) found.push(...regionViolations(facts));
  if (estimate.monthlyUsd > SANDBOX_MONTHLY_CEILING_USD) {
    found.push(`the sandbox would cost USD ${estimate.monthlyUsd.toFixed(2)} a month: above the ceiling of USD ${SANDBOX_MONTHLY_CEILING_USD}`);
  }
  return found;
}

function regionViolations(facts: StageFacts): string[] {
  const found: string[] = [];
  if (facts.natGateways > 1) found.push(`${facts.natGateways} NAT gateways: at most 1 (the application subnets share it)`);
  for (const group of facts.autoScalingGroups) {
    if (group.instanceType !== SANDBOX_SMALLEST.ec2InstanceType) {
      found.push(`${group.stackName}/${group.logicalId} runs ${group.instanceType}: the sandbox runs ${SANDBOX_SMALLEST.ec2InstanceType}`);
    }
  }
  for (const service of facts.fargateServices) {
    if (service.cpu !== SANDBOX_SMALLEST.fargateCpu || service.memoryMiB !== SANDBOX_SMALLEST.fargateMemoryMiB) {
      found.push(`${service.stackName}/${service.logicalId} tasks have ${service.cpu} CPU units and ${service.memoryMiB} MiB: the sandbox runs ${SANDBOX_SMALLEST.fargateCpu} and ${SANDBOX_SMALLEST.fargateMemoryMiB}`);
    }
  }
  for (const db of facts.rdsInstances) {
    if (db.instanceClass !== SANDBOX_SMALLEST.rdsInstanceClass) {
      found.push(`${db.stackName}/${db.logicalId} is ${db.instanceClass}: the sandbox runs ${SANDBOX_SMALLEST.rdsInstanceClass}`);
    }
    if (db.multiAz) found.push(`${db.stackName}/${db.logicalId} is Multi-AZ: the sandbox keeps no standby`);
  }
  for (const cache of facts.cacheGroups) {
    found.push(`${cache.stackName}/${cache.logicalId}: the cache (${cache.nodes} × ${cache.nodeType}) is a costly optional part the sandbox leaves off`);
  }
  if (facts.documentInstances.length > 0) found.push(`${facts.documentInstances.length} DocumentDB instances: a costly optional part the sandbox leaves off`);
  for (const env of facts.beanstalkEnvironments) {
    found.push(`${env.stackName}/${env.logicalId}: Elastic Beanstalk is a costly optional part the sandbox leaves off`);
  }
  if (facts.cloudTrailEventDataStores > 0) found.push('a CloudTrail Lake event data store: a costly optional part the sandbox leaves off');
  if (facts.vpnConnections > 0) found.push(`${facts.vpnConnections} Site-to-Site VPN connections: a costly optional part the sandbox leaves off`);
  if (facts.directConnectConnections.length > 0) found.push('a Direct Connect connection: a costly optional part the sandbox leaves off');
  return found;
}
