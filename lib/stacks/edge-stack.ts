import { CfnOutput } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { cloudFrontRecordNames } from '../networking/dns';
import { ContentDelivery } from '../storage/content-delivery';
import { AtlasStack, AtlasStackProps } from './atlas-stack';

/** S3 + CloudFront. Holds the content bucket, so it is termination-protected in production. */
export class EdgeStack extends AtlasStack {
  /** The content delivery construct. */
  public readonly contentDelivery: ContentDelivery;

  constructor(scope: Construct, id: string, props: AtlasStackProps) {
    super(scope, id, { ...props, terminationProtection: props.config.durability.terminationProtection });
    const { edge, durability, logRetention } = props.config;
    this.contentDelivery = new ContentDelivery(this, 'ContentDelivery', {
      priceClass: edge.priceClass,
      domainName: edge.domainName,
      // With a certificate, the distribution also answers the DNS records that send traffic here.
      additionalDomainNames: edge.certificateArn ? cloudFrontRecordNames(props.config.dns.domainName) : undefined,
      certificateArn: edge.certificateArn,
      removalPolicy: durability.removalPolicy,
      logRetention,
    });
    new CfnOutput(this, 'DistributionDomainName', { description: 'The static site', value: this.contentDelivery.distribution.distributionDomainName });
  }
}
