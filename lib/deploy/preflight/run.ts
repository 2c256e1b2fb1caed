import { classifyAwsError, failedCheck } from './aws-errors';
import { Check, CheckResult, CheckStatus, FAILING_STATUSES, PreflightContext } from './check';
import { checkAccountState } from './checks/account-state';
import { checkAvailabilityZones } from './checks/availability-zones';
import { checkBeanstalkPlatform } from './checks/beanstalk-platform';
import { checkBootstrap } from './checks/bootstrap';
import { checkCertificates } from './checks/certificates';
import { checkCredentials } from './checks/credentials';
import { checkEc2Vcpus } from './checks/ec2-vcpus';
import { checkHostedZone } from './checks/hosted-zone';
import { checkLambdaConcurrency } from './checks/lambda-concurrency';
import { checkRegion, ConfiguredRegions } from './checks/region';
import { checkResourceTypes } from './checks/resource-types';
import { checkServiceLinkedRoles } from './checks/service-linked-roles';
import { inEveryRegion, zonal } from './regions';

/**
 * The checks that run once the credentials work, in the order of their lines, each with the name a line gets if
 * the check fails in a way it did not expect (an AWS error it does not handle itself). What is per region (the CDK
 * bootstrap stack, availability zones, the EC2 vCPU quota, the CloudFormation registry) runs in every region the
 * stage deploys to, the primary's line first; availability zones and the EC2 quota not in us-east-1, where a stage
 * that issues its certificates deploys only CloudFront's (nothing zonal); Lambda and Beanstalk run in the primary
 * region only, as the stage's functions and environment do; IAM, Route 53 and CloudFront's certificate are global.
 */
export const ACCOUNT_CHECKS: readonly { readonly name: string; readonly check: Check }[] = [
  { name: 'cdk-bootstrap', check: inEveryRegion(checkBootstrap) },
  { name: 'availability-zones', check: inEveryRegion(checkAvailabilityZones, zonal) },
  { name: 'service-linked-role', check: checkServiceLinkedRoles },
  { name: 'lambda-concurrency', check: checkLambdaConcurrency },
  { name: 'ec2-vcpus', check: inEveryRegion(checkEc2Vcpus, zonal) },
  { name: 'beanstalk-platform', check: checkBeanstalkPlatform },
  { name: 'hosted-zone', check: checkHostedZone },
  { name: 'certificate', check: checkCertificates },
  { name: 'resource-types', check: inEveryRegion(checkResourceTypes) },
  { name: 'account-state', check: checkAccountState },
];

/** What a preflight found. */
export interface PreflightReport {
  readonly stage: string;
  readonly region: string;
  /** The stage's standby region, where it has one (checked like the primary for what is per region). */
  readonly standbyRegion?: string;
  /** The account the credentials belong to; undefined when they do not work. */
  readonly account?: string;
  /** One result per line, in order. */
  readonly results: readonly CheckResult[];
  /** The credentials did not work, so the checks after them did not run. */
  readonly stoppedAtCredentials: boolean;
}

/** Options of `runPreflight`. */
export interface PreflightRunOptions {
  /**
   * Where a region is configured outside the stage, for the region line.
   *
   * @default - nothing configured
   */
  readonly configuredRegions?: ConfiguredRegions;
  /**
   * The checks to run after the credentials and the region.
   *
   * @default ACCOUNT_CHECKS
   */
  readonly checks?: readonly { readonly name: string; readonly check: Check }[];
}

/**
 * Runs the preflight: the credentials first (every other check needs them: when they fail, that one line is the
 * report), then the region line and the account checks, concurrently, reported in a fixed order.
 */
export async function runPreflight(context: PreflightContext, options: PreflightRunOptions = {}): Promise<PreflightReport> {
  const { config } = context;
  const { configuredRegions = {}, checks = ACCOUNT_CHECKS } = options;
  const base = { stage: config.stageName, region: config.region, ...(config.standby ? { standbyRegion: config.standby.region } : {}) };
  const credentials = await checkCredentials(context);
  if (credentials.account === undefined || credentials.result.status !== 'ok') {
    return { ...base, account: credentials.account, results: [credentials.result], stoppedAtCredentials: true };
  }
  const lines = await Promise.all(checks.map(({ name, check }) => guard(name, check, context)));
  return {
    ...base,
    account: credentials.account,
    results: [credentials.result, checkRegion(config.region, configuredRegions, config.standby?.region), ...lines.flat()],
    stoppedAtCredentials: false,
  };
}

/** Runs a check; an AWS error it does not handle becomes its one `unknown` line, anything else is a bug and is thrown. */
async function guard(name: string, check: Check, context: PreflightContext): Promise<readonly CheckResult[]> {
  try {
    const found = await check(context);
    return isResultList(found) ? found : [found];
  } catch (error) {
    if (!classifyAwsError(error)) throw error;
    return [failedCheck(name, 'an AWS call', error)];
  }
}

/** `Array.isArray`, typed for a check's result (on a readonly array it narrows to `any[]`). */
function isResultList(found: CheckResult | readonly CheckResult[]): found is readonly CheckResult[] {
  return Array.isArray(found);
}

/** 1 when a deploy would fail (any `missing` or `blocked` line), else 0. */
export function exitCode(report: PreflightReport): number {
  return report.results.some((r) => FAILING_STATUSES.includes(r.status)) ? 1 : 0;
}

/** The lines to print: `<status> <check> <message>`, padded into columns, then one summary line. */
export function formatReport(report: PreflightReport): string[] {
  const nameWidth = Math.max(...report.results.map((r) => r.name.length));
  const lines = report.results.map((r) => `${r.status.padEnd(7)} ${r.name.padEnd(nameWidth)} ${r.message}`);
  return [...lines, summary(report)];
}

function summary(report: PreflightReport): string {
  const statuses: CheckStatus[] = ['ok', 'missing', 'blocked', 'manual', 'unknown'];
  const counts = statuses
    .map((s) => [s, report.results.filter((r) => r.status === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`)
    .join(', ');
  const regions = report.standbyRegion ? `${report.region} and standby ${report.standbyRegion}` : report.region;
  const target = `${report.stage} (${report.account ? `account ${report.account}, ` : ''}${regions})`;
  if (report.stoppedAtCredentials) {
    return `preflight ${target}: stopped after the credentials check, which every other check needs: fix it and run the preflight again`;
  }
  if (exitCode(report) !== 0) return `preflight ${target}: ${counts}: a deploy would fail; fix the missing and blocked lines above`;
  const read = report.results.some((r) => r.status === 'manual' || r.status === 'unknown') ? '; read the manual and unknown lines above' : '';
  return `preflight ${target}: ${counts}: nothing above stops a deploy${read}`;
}
