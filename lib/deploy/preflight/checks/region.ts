import { CheckResult, result } from '../check';

/** Where a region is configured outside the stage: what the shell or the profile says. */
export interface ConfiguredRegions {
  /** `AWS_REGION`. */
  readonly awsRegion?: string;
  /** `AWS_DEFAULT_REGION` (read by the AWS CLI, not by the JS SDK). */
  readonly awsDefaultRegion?: string;
  /** The `region` of the profile in use (what the SDK resolves when `AWS_REGION` is unset). */
  readonly profileRegion?: string;
}

/**
 * The region the stage deploys to (and its standby region, where it has one). They are fixed by the stage config
 * (and every client of the preflight uses them), so a different `AWS_REGION`, `AWS_DEFAULT_REGION` or profile region
 * is reported, never followed.
 *
 * @param standbyRegion the stage's standby region, if any
 */
export function checkRegion(stageRegion: string, configured: ConfiguredRegions, standbyRegion?: string): CheckResult {
  const others = [
    configured.awsRegion && configured.awsRegion !== stageRegion ? `AWS_REGION=${configured.awsRegion}` : undefined,
    configured.awsDefaultRegion && configured.awsDefaultRegion !== stageRegion ? `AWS_DEFAULT_REGION=${configured.awsDefaultRegion}` : undefined,
    configured.profileRegion && configured.profileRegion !== stageRegion && configured.profileRegion !== configured.awsRegion
      ? `the profile's region ${configured.profileRegion}`
      : undefined,
  ].filter((s): s is string => s !== undefined);
  const standby = standbyRegion ? ` (and ${standbyRegion}, its standby region)` : '';
  return others.length === 0
    ? result('ok', 'region', `${stageRegion}, the stage's region${standby}`)
    : result(
        'ok',
        'region',
        `the stage deploys to ${stageRegion}${standby} regardless of ${others.join(' and ')}: the app and this preflight use the stage's region`,
      );
}
