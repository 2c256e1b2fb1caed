import { ACMClient, DescribeCertificateCommand } from '@aws-sdk/client-acm';
import { cloudFrontRecordNames, ROUTING_POLICY_RECORDS } from '../../../networking/dns';
import { failedCheck, isNamed } from '../aws-errors';
import { CheckResult, CheckStatus, PreflightContext, result } from '../check';
import { clientsIn, CLOUDFRONT_CERTIFICATE_REGION, stageRegions, zonal } from '../regions';

/**
 * Does a certificate with these names (its domain name and subject alternative names) cover `name`? An exact name
 * does, and a wildcard `*.zone` covers one label under `zone` (`geo.zone`, not `a.geo.zone` nor `zone` itself).
 */
export function certificateCovers(certificateNames: readonly string[], name: string): boolean {
  const wanted = name.toLowerCase();
  return certificateNames.some((raw) => {
    const n = raw.toLowerCase();
    if (n === wanted) return true;
    return n.startsWith('*.') && wanted.includes('.') && wanted.slice(wanted.indexOf('.') + 1) === n.slice(2);
  });
}

/** A certificate the stage config names, and what it must do. */
interface CertificateUse {
  /** The check's name. */
  readonly name: string;
  readonly arn: string;
  /** The region the certificate must be in (and is looked up in). */
  readonly region: string;
  readonly client: ACMClient;
  /** The host names it must cover. */
  readonly names: readonly string[];
  /** The status of a certificate that does not cover every name: `blocked` when the deploy fails because of it. */
  readonly uncovered: CheckStatus;
  /** What happens when it does not cover a name. */
  readonly consequence: string;
}

/**
 * The ACM certificates the stage config names, only when it names them (ACM `DescribeCertificate`): in the right
 * region, `ISSUED`, and covering every host name they serve.
 * - `edge.certificateArn`, CloudFront's, in us-east-1: it must cover `edge.domainName` and the DNS records that send
 *   traffic to the distribution (`cloudFrontRecordNames`, lib/networking/dns.ts), which the Edge stack adds as
 *   alternate names; CloudFront refuses a distribution whose certificate misses one, so that is `blocked`.
 * - `webTier.certificateArn`, the load balancer's, in the stage's region: the routing-policy records
 *   (`ROUTING_POLICY_RECORDS`) answer from it. A name it misses deploys, but browsers refuse it: `manual`.
 * - `standby.webTier.certificateArn`, the standby load balancer's (line `standby-alb-certificate`), in the standby
 *   region, read there: the same records answer from it too.
 *
 * A stage that issues its certificates (`dns.issueCertificates`) names none (the config refuses them), so nothing is
 * read and no line written, as for a stage without HTTPS: the deploy creates them, and the hosted-zone line says what
 * their validation waits for.
 */
export async function checkCertificates(context: PreflightContext): Promise<CheckResult[]> {
  const { config, clients } = context;
  const zone = config.dns.domainName;
  const uses: CertificateUse[] = [];
  if (config.edge.certificateArn) {
    uses.push({
      name: 'cloudfront-certificate',
      arn: config.edge.certificateArn,
      region: CLOUDFRONT_CERTIFICATE_REGION,
      client: clients.acmCloudFront,
      names: [...new Set([...(config.edge.domainName ? [config.edge.domainName] : []), ...cloudFrontRecordNames(zone)])],
      uncovered: 'blocked',
      consequence: 'CloudFront refuses alternate domain names its certificate does not cover',
    });
  }
  // The load balancers' regions: us-east-1 has none (only CloudFront's certificate, above).
  for (const where of stageRegions(config).filter(zonal)) {
    const arn = where.placement === 'standby' ? config.standby?.webTier.certificateArn : config.webTier.certificateArn;
    if (!arn) continue;
    uses.push({
      name: where.placement === 'standby' ? 'standby-alb-certificate' : 'alb-certificate',
      arn,
      region: where.region,
      client: clientsIn(context, where).acm,
      names: ROUTING_POLICY_RECORDS.map((record) => `${record}.${zone}`),
      uncovered: 'manual',
      consequence: 'the deploy succeeds, but browsers refuse HTTPS to the names it misses',
    });
  }
  return Promise.all(uses.map(checkCertificate));
}

async function checkCertificate(use: CertificateUse): Promise<CheckResult> {
  const arnRegion = use.arn.split(':')[3];
  if (arnRegion !== use.region) {
    return result(
      'blocked',
      use.name,
      `${use.arn} is in ${arnRegion}, but it must be in ${use.region}: request or import the certificate in ${use.region} and use its ARN`,
    );
  }
  let certificate;
  try {
    certificate = (await use.client.send(new DescribeCertificateCommand({ CertificateArn: use.arn }))).Certificate;
  } catch (error) {
    if (isNamed(error, 'ResourceNotFoundException')) {
      return result(
        'blocked',
        use.name,
        `${use.arn} does not exist in this account: request it with \`aws acm request-certificate --region ${use.region} --domain-name '*.<zone>' --validation-method DNS\` and use its ARN`,
      );
    }
    return failedCheck(use.name, 'acm:DescribeCertificate', error, use.arn);
  }
  const status = String(certificate?.Status);
  if (status !== 'ISSUED') {
    const fix =
      status === 'PENDING_VALIDATION'
        ? 'add the validation CNAME records ACM shows (ACM console → the certificate → Create records in Route 53) and wait for ISSUED'
        : `request a new certificate in ${use.region} and use its ARN`;
    return result('blocked', use.name, `${use.arn} is ${status}, not ISSUED: ${fix}`);
  }
  const names = [certificate?.DomainName, ...(certificate?.SubjectAlternativeNames ?? [])].filter((n): n is string => n !== undefined);
  const missed = use.names.filter((n) => !certificateCovers(names, n));
  if (missed.length > 0) {
    return result(
      use.uncovered,
      use.name,
      `${use.arn} covers ${names.join(', ')} but not ${missed.join(', ')} (${use.consequence}): use a certificate for *.${missed[0].slice(missed[0].indexOf('.') + 1)} or one listing those names`,
    );
  }
  const expires = certificate?.NotAfter ? `, expires ${certificate.NotAfter.toISOString().slice(0, 10)}` : '';
  return result('ok', use.name, `ISSUED, covers ${use.names.join(', ')}${expires}`);
}
