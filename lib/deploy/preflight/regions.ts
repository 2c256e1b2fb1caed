import type { StageConfig } from '../../config';
import type { Placement } from '../../stacks/atlas-stack';
import type { Check, CheckResult, PreflightContext, RegionalClients } from './check';

/**
 * CloudFront takes viewer certificates from ACM in this region only: a stage that issues its certificates deploys a
 * stack there (`EdgeCertificate`), and a configured `edge.certificateArn` must be there.
 */
export const CLOUDFRONT_CERTIFICATE_REGION = 'us-east-1';

/**
 * A region the stage deploys to: the primary (`config.region`), the standby (`config.standby.region`) where the
 * stage has one, and us-east-1 where it issues its certificates (`dns.issueCertificates`: the `EdgeCertificate` stack
 * holds CloudFront's certificate there). Quotas, the CDK bootstrap stack, availability zones and the CloudFormation
 * registry are per region, so the checks of those run once in each that they concern (`zonal`).
 */
export interface StageRegion {
  /** Which of the stage's regions this is. */
  readonly placement: Placement;
  /** The AWS region, e.g. `ap-northeast-1`. */
  readonly region: string;
  /** The zones the stage pins in it (the standby has its own; none in us-east-1, where nothing is zonal). */
  readonly availabilityZones: readonly string[];
  /**
   * How a line names it: the region alone in a stage with one region, else with its part (`the standby region
   * ap-northeast-1`), so that two lines of the same check are told apart.
   */
  readonly label: string;
  /** Where the stage's config sets what differs in this region (`` or `standby.`; `` in us-east-1), for the fixes. */
  readonly configPath: string;
}

/**
 * The regions the stage deploys to: the primary first, then the standby, then us-east-1 for CloudFront's certificate
 * (unless the stage's own regions include it already: its bootstrap stack and registry are then checked once).
 */
export function stageRegions(config: StageConfig): StageRegion[] {
  const standby = config.standby;
  const certificates = config.dns.issueCertificates === true && ![config.region, standby?.region].includes(CLOUDFRONT_CERTIFICATE_REGION);
  const primary: StageRegion = {
    placement: 'primary',
    region: config.region,
    availabilityZones: config.availabilityZones,
    label: standby || certificates ? `the primary region ${config.region}` : config.region,
    configPath: '',
  };
  const regions = [primary];
  if (standby) {
    regions.push({
      placement: 'standby',
      region: standby.region,
      availabilityZones: standby.availabilityZones,
      label: `the standby region ${standby.region}`,
      configPath: 'standby.',
    });
  }
  if (certificates) {
    regions.push({
      placement: 'us-east-1',
      region: CLOUDFRONT_CERTIFICATE_REGION,
      availabilityZones: [],
      label: "us-east-1 (CloudFront's certificate)",
      configPath: '',
    });
  }
  return regions;
}

/**
 * Does the stage run anything zonal in the region (subnets, instances)? Not in us-east-1, which holds only CloudFront's
 * certificate: the availability-zone and EC2 checks do not run there.
 */
export function zonal(where: StageRegion): boolean {
  return where.placement !== 'us-east-1';
}

/** The primary region of the stage: what a regional check looks at when it is given no region. */
export function primaryRegion(config: StageConfig): StageRegion {
  return stageRegions(config)[0];
}

/**
 * The clients of one of the stage's regions.
 *
 * @throws Error when the context has no clients for the standby region or us-east-1 (a bug: `createClients` makes
 * them whenever the stage deploys there)
 */
export function clientsIn(context: PreflightContext, where: StageRegion): RegionalClients {
  if (where.placement === 'primary') return context.clients;
  const clients = where.placement === 'standby' ? context.clients.standby : context.clients.usEast1;
  if (!clients) throw new Error(`the preflight has no AWS clients for ${where.label}: create them with createClients(region, standbyRegion, { usEast1 })`);
  return clients;
}

/** A check of one region: reads with that region's clients and names the region in its lines. */
export type RegionalCheck = (context: PreflightContext, where: StageRegion) => Promise<CheckResult | readonly CheckResult[]>;

/**
 * Runs a regional check in every region the stage deploys to (or those `applies` keeps), the primary's lines first.
 *
 * @param applies which regions the check concerns (default: all; e.g. the primary only, where functions run)
 */
export function inEveryRegion(check: RegionalCheck, applies: (where: StageRegion) => boolean = () => true): Check {
  return async (context) => {
    const lines = await Promise.all(
      stageRegions(context.config)
        .filter(applies)
        .map((where) => check(context, where)),
    );
    return lines.flatMap((found) => (Array.isArray(found) ? (found as readonly CheckResult[]) : [found as CheckResult]));
  };
}
