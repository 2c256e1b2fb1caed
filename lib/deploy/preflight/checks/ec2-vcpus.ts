import { _InstanceType, DescribeInstancesCommand, DescribeInstanceTypesCommand, Instance } from '@aws-sdk/client-ec2';
import { GetAWSDefaultServiceQuotaCommand, GetServiceQuotaCommand } from '@aws-sdk/client-service-quotas';
import { StageConfig } from '../../../config';
import { classifyAwsError, failedCheck, isNamed } from '../aws-errors';
import { CheckResult, PreflightContext, RegionalClients, result } from '../check';
import { clientsIn, primaryRegion, StageRegion } from '../regions';
import type { Placement } from '../../../stacks/atlas-stack';

const NAME = 'ec2-vcpus';

/**
 * Service Quotas code of "Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances", counted in vCPUs (the AWS
 * CLI reference's own example: `aws service-quotas get-service-quota --service-code ec2 --quota-code L-1216C47A`,
 * https://docs.aws.amazon.com/cli/latest/reference/service-quotas/get-service-quota.html).
 */
export const EC2_STANDARD_VCPU_QUOTA_CODE = 'L-1216C47A';

/** The instance families that quota counts (its name lists them); others (G, P, X, Inf, Trn, DL, HPC …) have their own. */
const STANDARD_FAMILIES = new Set(['a', 'c', 'd', 'h', 'i', 'im', 'is', 'm', 'r', 't', 'z']);

/** The stage's tags (lib/atlas-stage.ts tags every resource with them; Auto Scaling and Beanstalk pass them on to instances). */
const PROJECT_TAG = { key: 'project', value: 'aws-service-atlas' };

/** Does the Standard on-demand vCPU quota count this instance type? (`t4g.small` yes, `g5.xlarge` no.) */
export function isStandardInstanceType(instanceType: string): boolean {
  const family = /^([a-z]+)\d/.exec(instanceType)?.[1];
  return family !== undefined && STANDARD_FAMILIES.has(family);
}

/** EC2 instances a stage can run at its peak: each Auto Scaling group at its maximum. */
export interface InstanceFleet {
  /** What runs them, e.g. `web tier`. */
  readonly what: string;
  readonly instanceType: string;
  /** The most instances it may run at once. */
  readonly count: number;
}

/**
 * The stage's EC2 instances at their peak in one of its regions: in the primary, the web tier's Auto Scaling group
 * at `maxCapacity` and the Beanstalk environment at `maxInstances` when it is on; in the standby, its own web tier
 * at its `maxCapacity` (nothing else of the stage runs there); none in us-east-1 (CloudFront's certificate only). (RDS, ElastiCache and DocumentDB instances and Fargate
 * tasks do not count against EC2's on-demand instance quotas.)
 *
 * @param placement the region (default: the primary)
 */
export function stageInstanceFleet(config: StageConfig, placement: Placement = 'primary'): InstanceFleet[] {
  if (placement === 'us-east-1') return [];
  if (placement === 'standby') {
    const webTier = config.standby?.webTier;
    return webTier ? [{ what: 'standby web tier', instanceType: webTier.instanceType, count: webTier.maxCapacity }] : [];
  }
  const fleet: InstanceFleet[] = [{ what: 'web tier', instanceType: config.webTier.instanceType, count: config.webTier.maxCapacity }];
  if (config.beanstalk) fleet.push({ what: 'Beanstalk', instanceType: config.beanstalk.instanceType, count: config.beanstalk.maxInstances });
  return fleet;
}

/**
 * The stage's peak vCPUs in one of its regions (Σ maximum instances × vCPUs per type, `DescribeInstanceTypes`)
 * against the account's Running On-Demand Standard instances quota there (`GetServiceQuota`, or
 * `GetAWSDefaultServiceQuota` where no value is applied), less what other running instances of that region already
 * use (`DescribeInstances`; the stage's own instances, tagged with its `project` and `stage`, are left out so that a
 * re-deploy is not counted twice). Quotas are per region: a new account's is often small in each.
 *
 * @param where the region (default: the stage's primary region)
 */
export async function checkEc2Vcpus(context: PreflightContext, where: StageRegion = primaryRegion(context.config)): Promise<CheckResult> {
  const { config } = context;
  const clients = clientsIn(context, where);
  const { region, label } = where;
  const fleet = stageInstanceFleet(config, where.placement).filter((f) => f.count > 0);
  const outside = fleet.filter((f) => !isStandardInstanceType(f.instanceType));
  const counted = fleet.filter((f) => isStandardInstanceType(f.instanceType));
  const notCounted =
    outside.length > 0
      ? `; not checked: ${outside.map((f) => `${f.what} ${f.instanceType}`).join(', ')}, whose family has its own quota (Service Quotas console → Amazon EC2)`
      : '';
  if (counted.length === 0) return result('unknown', NAME, `the stage runs no Standard-family instances in ${label}${notCounted}`);

  let quota: number;
  let quotaSource = '';
  try {
    quota = await standardQuota(clients);
  } catch (error) {
    if (!isNamed(error, 'NoSuchResourceException')) return failedCheck(NAME, 'servicequotas:GetServiceQuota', error, region);
    try {
      const fallback = await clients.serviceQuotas.send(new GetAWSDefaultServiceQuotaCommand({ ServiceCode: 'ec2', QuotaCode: EC2_STANDARD_VCPU_QUOTA_CODE }));
      quota = fallback.Quota?.Value ?? 0;
      quotaSource = ', the AWS default (no applied value)';
    } catch (fallbackError) {
      return failedCheck(NAME, 'servicequotas:GetAWSDefaultServiceQuota', fallbackError, region);
    }
  }

  // Instances already running elsewhere in the account and region use the same quota.
  let running: Instance[] | undefined;
  try {
    running = await otherRunningInstances(context, clients);
  } catch (error) {
    if (!classifyAwsError(error)) throw error;
    running = undefined;
  }

  running = running?.filter((i) => isStandardInstanceType(String(i.InstanceType)));
  const types = [...new Set([...counted.map((f) => f.instanceType), ...(running ?? []).map((i) => String(i.InstanceType))])];
  const vcpus = new Map<string, number>();
  try {
    const described = await clients.ec2.send(new DescribeInstanceTypesCommand({ InstanceTypes: types as _InstanceType[] }));
    for (const t of described.InstanceTypes ?? []) vcpus.set(String(t.InstanceType), t.VCpuInfo?.DefaultVCpus ?? 0);
  } catch (error) {
    if (isNamed(error, 'InvalidInstanceType')) {
      return result(
        'blocked',
        NAME,
        `an instance type of the stage is not offered in ${label} (${(error as Error).message}): pick another in lib/config/presets.ts`,
      );
    }
    return failedCheck(NAME, 'ec2:DescribeInstanceTypes', error, region);
  }
  const missingType = counted.find((f) => !vcpus.has(f.instanceType));
  if (missingType)
    return result('blocked', NAME, `${missingType.instanceType} (${missingType.what}) is not offered in ${label}: pick another in lib/config/presets.ts`);

  const peak = counted.reduce((sum, f) => sum + f.count * (vcpus.get(f.instanceType) ?? 0), 0);
  const peakIn = `peak ${peak} vCPUs in ${label}`;
  const breakdown = counted.map((f) => `${f.what} ${f.count} × ${f.instanceType} (${vcpus.get(f.instanceType)} vCPUs)`).join(' + ');
  const others = (running ?? []).reduce((sum, i) => sum + instanceVcpus(i, vcpus), 0);
  const request = (value: number) =>
    `request ${value} with \`aws service-quotas request-service-quota-increase --service-code ec2 --quota-code ${EC2_STANDARD_VCPU_QUOTA_CODE} --desired-value ${value} --region ${region}\`` +
    ' (Service Quotas console → Amazon EC2 → Running On-Demand Standard instances)';

  if (quota < peak) {
    return result(
      'blocked',
      NAME,
      `${peakIn} (${breakdown}) exceed the Standard on-demand quota of ${quota}${quotaSource}: ${request(peak + others)}${notCounted}`,
    );
  }
  if (running !== undefined && quota - others < peak) {
    return result(
      'blocked',
      NAME,
      `${peakIn} (${breakdown}) plus ${others} used by other running instances exceed the quota of ${quota}${quotaSource}: ${request(peak + others)}, or stop those instances${notCounted}`,
    );
  }
  const usage =
    running === undefined ? 'other running instances not counted (ec2:DescribeInstances was not allowed)' : `${others} used by other running instances`;
  return result('ok', NAME, `${peakIn} (${breakdown}) fit the quota of ${quota}${quotaSource}, ${usage}${notCounted}`);
}

async function standardQuota(clients: RegionalClients): Promise<number> {
  const quota = await clients.serviceQuotas.send(new GetServiceQuotaCommand({ ServiceCode: 'ec2', QuotaCode: EC2_STANDARD_VCPU_QUOTA_CODE }));
  return quota.Quota?.Value ?? 0;
}

/**
 * Running and pending On-Demand instances of the account and region, except the stage's own. Spot instances count
 * against the Spot quotas, not this one (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/using-spot-limits.html).
 */
async function otherRunningInstances(context: PreflightContext, clients: RegionalClients): Promise<Instance[]> {
  const instances: Instance[] = [];
  let token: string | undefined;
  do {
    const page = await clients.ec2.send(
      new DescribeInstancesCommand({
        Filters: [{ Name: 'instance-state-name', Values: ['pending', 'running'] }],
        NextToken: token,
      }),
    );
    for (const reservation of page.Reservations ?? []) instances.push(...(reservation.Instances ?? []));
    token = page.NextToken;
  } while (token);
  const stageName = context.config.stageName;
  const tag = (i: Instance, key: string) => i.Tags?.find((t) => t.Key === key)?.Value;
  return instances
    .filter((i) => i.InstanceLifecycle !== 'spot')
    .filter((i) => !(tag(i, PROJECT_TAG.key) === PROJECT_TAG.value && tag(i, 'stage') === stageName));
}

function instanceVcpus(instance: Instance, vcpus: Map<string, number>): number {
  const cpu = instance.CpuOptions;
  if (cpu?.CoreCount !== undefined && cpu.ThreadsPerCore !== undefined) return cpu.CoreCount * cpu.ThreadsPerCore;
  return vcpus.get(String(instance.InstanceType)) ?? 0;
}
