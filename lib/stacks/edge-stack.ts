import { CfnOutput } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { cloudFrontRecordNames } from '../networking/dns';
import { ContentDelivery, ContentReplicaTarget } from '../storage/content-delivery';
import { AtlasStack, AtlasStackProps } from './atlas-stack';

/** Properties of the `EdgeStack`. */
export interface EdgeStackProps extends AtlasStackProps {
  /**
   * The standby region's copy of the content bucket (`StandbyData`): replicated to, and CloudFront's secondary origin.
   *
   * @default - none
   */
  readonly replica?: ContentReplicaTarget;
  /**
   * CloudFront's certificate where the stage issues its certificates (`EdgeCertificateStack`): the distribution then
   * serves `www.<zone>` with it.
   *
   * @default - the configured `edge.certificateArn` and `edge.domainName`, if any
   */
  readonly certificate?: acm.ICertificate;
  /** The stage's alarm topic (alarms on the content bucket's replication). */
  readonly alarmTopic: sns.ITopic;
}

/** The name CloudFront serves in a stage that issues its certificates: `www.<zone>`. */
export const SITE_RECORD = 'www';

/** S3 + CloudFront. Holds the content bucket, so it is termination-protected in production. */
export class EdgeStack extends AtlasStack {
  /** The content delivery construct. */
  public readonly contentDelivery: ContentDelivery;

  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    super(scope, id, { ...props, terminationProtection: props.config.durability.terminationProtection });
    const { edge, durability, logRetention } = props.config;
    const certificateArn = props.certificate?.certificateArn ?? edge.certificateArn;
    const siteName = props.certificate ? `${SITE_RECORD}.${props.config.dns.domainName}` : edge.domainName;
    this.contentDelivery = new ContentDelivery(this, 'ContentDelivery', {
      priceClass: edge.priceClass,
      domainName: siteName,
      // With a certificate, the distribution also answers the DNS records that send traffic here (in a stage with one
      // region; a standby region takes that traffic otherwise).
      additionalDomainNames: certificateArn && !props.config.standby ? cloudFrontRecordNames(props.config.dns.domainName) : undefined,
      replica: props.replica,
      alarmTopic: props.replica ? props.alarmTopic : undefined,
      certificateArn,
      removalPolicy: durability.removalPolicy,
      logRetention,
    });
    new CfnOutput(this, 'DistributionDomainName', { description: 'The static site', value: this.contentDelivery.distribution.distributionDomainName });
  }
}
