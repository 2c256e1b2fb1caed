import type { StageConfig } from '../../config';
import type { Placement } from '../../stacks/atlas-stack';
import type { Check, CheckResult, PreflightContext, RegionalClients } from './check';

/**
 * A region the stage deploys to: the primary (`config.region`), and the standby (`config.standby.region`) where the
 * stage has one. Quotas, the CDK bootstrap stack, availability zones and the CloudFormation registry are per region,
 * so the checks of those run once in each.
 */
export interface StageRegion {
  /** Which of the stage's regions this is. */
  readonly placement: Placement;
  /** The AWS region, e.g. `ap-northeast-1`. */
  readonly region: string;
  /** The zones the stage pins in it (the standby has its own). */
  readonly availabilityZones: readonly string[];
  /**
   * How a line names it: the region alone in a stage with one region, else with its part (`the standby region
   * ap-northeast-1`), so that two lines of the same check are told apart.
   */
  readonly label: string;
  /** Where the stage's config sets what differs in this region (`` or `standby.`), for the fixes. */
  readonly configPath: string;
}

/** The regions the stage deploys to, the primary first. */
export function stageRegions(config: StageConfig): StageRegion[] {
  const standby = config.standby;
  const primary: StageRegion = {
    placement: 'primary',
    region: config.region,
    availabilityZones: config.availabilityZones,
    label: standby ? `the primary region ${config.region}` : config.region,
    configPath: '',
  };
  if (!standby) return [primary];
  return [
    primary,
    {
      placement: 'standby',
      region: standby.region,
      availabilityZones: standby.availabilityZones,
      label: `the standby region ${standby.region}`,
      configPath: 'standby.',
    },
  ];
}

/** The primary region of the stage: what a regional check looks at when it is given no region. */
export function primaryRegion(config: StageConfig): StageRegion {
  return stageRegions(config)[0];
}

/**
 * The clients of one of the stage's regions.
 *
 * @throws Error when the context has no clients for the standby region (a bug: `createClients` makes them whenever
 * the stage has a standby)
 */
export function clientsIn(context: PreflightContext, where: StageRegion): RegionalClients {
  if (where.placement === 'primary') return context.clients;
  const standby = context.clients.standby;
  if (!standby) throw new Error(`the preflight has no AWS clients for ${where.label}: create them with createClients(region, standbyRegion)`);
  return standby;
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
