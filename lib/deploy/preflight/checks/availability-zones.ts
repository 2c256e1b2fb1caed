import { AvailabilityZone, DescribeAvailabilityZonesCommand } from '@aws-sdk/client-ec2';
import { failedCheck } from '../aws-errors';
import { CheckResult, PreflightContext, result } from '../check';
import { clientsIn, primaryRegion, StageRegion } from '../regions';

const NAME = 'availability-zones';

/**
 * The availability zones the stage pins in a region (`availabilityZones`, `standby.availabilityZones`) are offered
 * to this account there and available (`DescribeAvailabilityZones`). The config knows each region's zones, but not
 * which of them an account sees: a new account sees only ap-northeast-1a, 1c and 1d in Tokyo, never the legacy 1b
 * (docs/design/two-regions.md, section 7). A subnet in a zone the account lacks fails the Network stack.
 *
 * @param where the region (default: the stage's primary region)
 */
export async function checkAvailabilityZones(context: PreflightContext, where: StageRegion = primaryRegion(context.config)): Promise<CheckResult> {
  const { region, label, availabilityZones: pinned } = where;
  let offered: AvailabilityZone[];
  try {
    const described = await clientsIn(context, where).ec2.send(
      new DescribeAvailabilityZonesCommand({ Filters: [{ Name: 'zone-type', Values: ['availability-zone'] }] }),
    );
    offered = described.AvailabilityZones ?? [];
  } catch (error) {
    return failedCheck(NAME, 'ec2:DescribeAvailabilityZones', error, region);
  }
  const byName = new Map(offered.map((zone) => [zone.ZoneName, zone]));
  const field = `${where.configPath}availabilityZones`;
  const missing = pinned.filter((name) => !byName.has(name));
  if (missing.length > 0) {
    const names = offered
      .map((zone) => zone.ZoneName)
      .filter((name): name is string => name !== undefined)
      .sort();
    return result(
      'blocked',
      NAME,
      `${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not offered to this account in ${label} (it offers ${names.join(', ') || 'none'}):` +
        ` set ${field} in lib/config/presets.ts to zones it offers`,
    );
  }
  const unavailable = pinned.filter((name) => byName.get(name)?.State !== 'available');
  if (unavailable.length > 0) {
    return result(
      'manual',
      NAME,
      `${unavailable.map((name) => `${name} is ${byName.get(name)?.State ?? 'in an unknown state'}`).join(', ')} in ${label}:` +
        ` check the AWS Health Dashboard before deploying, or move ${field} in lib/config/presets.ts to available zones`,
    );
  }
  const zones = pinned.map((name) => `${name} (${byName.get(name)?.ZoneId ?? 'no zone id'})`).join(', ');
  return result('ok', NAME, `${zones} available in ${label}`);
}
