import { HostedZone, ListHostedZonesByNameCommand } from '@aws-sdk/client-route-53';
import { isReservedDomain } from '../../../shared/domain';
import { failedCheck } from '../aws-errors';
import { CheckResult, PreflightContext, result } from '../check';

const NAME = 'hosted-zone';

/**
 * The comment the app gives its hosted zone (lib/networking/dns.ts: `aws-service-atlas ${stackName}`, the stack being
 * `<stage>-Dns`), by which a zone from an earlier deploy of the same stage is told from someone else's.
 */
export function appZoneComment(stage: string): string {
  return `aws-service-atlas ${stage}-Dns`;
}

/**
 * The stage's hosted zone (`dns.domainName`, which `-c domain` sets), which the app creates itself:
 * - still the presets' placeholder (a name reserved for documentation, which Route 53 refuses): `missing`, pass
 *   `-c domain`;
 * - a public zone of the same name that is not this stage's own is `blocked`: the deploy would make a second zone
 *   of that name, and which one answers depends on the NS records at the parent;
 * - the parent zone hosted in this account, or not: either way the zone is served only once the parent delegates
 *   to the `NameServers` output of the Dns stack, and the line says where to add those NS records;
 * - a stage that issues its certificates (`dns.issueCertificates`) validates them in the zone, so the delegation
 *   comes before the rest of the deploy: `manual`, deploy `<stage>/Dns` first, delegate, then the rest (otherwise each
 *   stack with a certificate waits for its DNS validation for hours, then fails).
 */
export async function checkHostedZone(context: PreflightContext): Promise<CheckResult> {
  const { config, clients } = context;
  const zone = config.dns.domainName;
  const stage = config.stageName;
  if (isReservedDomain(zone)) {
    return result(
      'missing',
      NAME,
      `the ${stage} zone would be ${zone}, a name reserved for documentation that Route 53 refuses: pass -c domain=<a domain you control> to the deploy and to this preflight`,
    );
  }
  const publicZones = async (name: string): Promise<HostedZone[]> => {
    const listed = await clients.route53.send(new ListHostedZonesByNameCommand({ DNSName: name, MaxItems: 20 }));
    return (listed.HostedZones ?? []).filter((z) => trimDot(z.Name) === name && z.Config?.PrivateZone !== true);
  };
  let same: HostedZone[];
  let parentZones: HostedZone[];
  const parent = zone.slice(zone.indexOf('.') + 1);
  const parentHosted = parent.includes('.');
  try {
    same = await publicZones(zone);
    parentZones = parentHosted ? await publicZones(parent) : [];
  } catch (error) {
    return failedCheck(NAME, 'route53:ListHostedZonesByName', error);
  }

  const id = (z: HostedZone) => String(z.Id).replace('/hostedzone/', '');
  const foreign = same.filter((z) => z.Config?.Comment !== appZoneComment(stage));
  if (foreign.length > 0) {
    return result(
      'blocked',
      NAME,
      `a public hosted zone ${zone} already exists in this account (${foreign.map(id).join(', ')}) and is not the ${stage} stage's:` +
        ` the deploy would add a second ${zone}, and which one answers depends on the NS records at ${parent}.` +
        ` Delete the old zone (remove its records, then \`aws route53 delete-hosted-zone --id ${id(foreign[0])}\`) or pass another -c domain`,
    );
  }
  const created = same.length > 0 ? `${zone} is the ${stage} stage's zone from an earlier deploy (${same.map(id).join(', ')})` : `the deploy creates ${zone}`;
  const delegate = `with the NameServers output of the ${stage}-Dns stack`;
  const nsRecords =
    parentZones.length > 0
      ? `add an NS record for ${zone} in ${parent} ${delegate}`
      : `add NS records for ${zone} at ${parent}'s DNS host or registrar ${delegate}`;
  const where =
    parentZones.length > 0 ? `its parent ${parent} is hosted in this account (${parentZones.map(id).join(', ')})` : `${parent} is not hosted in this account`;
  if (config.dns.issueCertificates) {
    // Every certificate the stage issues is validated in the zone (lib/networking/certificate.ts): a stack that
    // creates one waits until the zone answers publicly. ACM gives up after 72 hours (VALIDATION_TIMED_OUT), but
    // CloudFormation fails the certificate after about 12, an undocumented resource timeout
    // (aws-cloudformation/cloudformation-coverage-roadmap#130).
    return result(
      'manual',
      NAME,
      `${created}; ${where}: the stage issues its certificates, validated in ${zone}, so deploy \`${stage}/Dns\` first` +
        ` (\`npx cdk deploy --app cdk.out ${stage}/Dns\`), ${nsRecords}, and only then the rest: until ${parent} delegates to the zone,` +
        " every stack with a certificate waits for its validation, then fails (after about 12 hours, CloudFormation's limit for a certificate; ACM's own is 72)",
    );
  }
  return result('ok', NAME, `${created}; ${where}: after the deploy, ${nsRecords}`);
}

function trimDot(name: string | undefined): string {
  return (name ?? '').replace(/\.$/, '').toLowerCase();
}
