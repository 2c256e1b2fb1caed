import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';

/** Properties of `ZoneCertificate`. */
export interface ZoneCertificateProps {
  /** The stage's hosted zone: the certificate covers its apex and every name one label below it. */
  readonly zone: route53.IHostedZone;
  /** The zone's name (a plain string: the certificate's names are known at synth). */
  readonly zoneName: string;
}

/**
 * An ACM certificate for `<zone>` and `*.<zone>` (every record name the stage publishes), validated by DNS in the
 * stage's own zone: CloudFormation writes the validation record through ACM and waits until ACM sees it, which it
 * can only once the parent domain delegates to the zone (deploy the `Dns` stack first and delegate; until then the
 * stack waits, and CloudFormation gives up after about 12 hours: cloudformation-coverage-roadmap#130). It lives in the region of what serves it: each load balancer's region, and
 * us-east-1 for CloudFront. ACM renews it for as long as the validation record stays in the zone.
 *
 * The validation record is not removed when the certificate is deleted, and a zone that still holds records cannot
 * be deleted: a stage that issues certificates keeps its zone (production).
 */
export class ZoneCertificate extends Construct {
  /** The certificate. */
  public readonly certificate: acm.ICertificate;

  constructor(scope: Construct, id: string, props: ZoneCertificateProps) {
    super(scope, id);
    this.certificate = new acm.Certificate(this, 'Resource', {
      domainName: props.zoneName,
      subjectAlternativeNames: [`*.${props.zoneName}`],
      validation: acm.CertificateValidation.fromDns(props.zone),
    });
  }
}
