import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import { ZoneCertificate } from '../networking/certificate';
import { AtlasStack, AtlasStackProps } from './atlas-stack';

/** Properties of the `EdgeCertificateStack`. */
export interface EdgeCertificateStackProps extends AtlasStackProps {
  /** The stage's hosted zone (the `Dns` stack), where the certificate is validated. */
  readonly zone: route53.IHostedZone;
}

/**
 * CloudFront's certificate, in us-east-1 (the only region CloudFront takes certificates from), for the stage's names,
 * validated in its zone. Only in a stage that issues its certificates (`dns.issueCertificates`).
 */
export class EdgeCertificateStack extends AtlasStack {
  /** The certificate. */
  public readonly certificate: acm.ICertificate;

  constructor(scope: Construct, id: string, props: EdgeCertificateStackProps) {
    super(scope, id, { ...props, placement: 'us-east-1' });
    this.certificate = new ZoneCertificate(this, 'Certificate', { zone: props.zone, zoneName: props.config.dns.domainName }).certificate;
  }
}
