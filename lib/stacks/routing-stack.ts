import { CfnOutput } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import { Dns, DnsProps, RegionalEndpoint } from '../networking/dns';
import { AtlasStack, AtlasStackProps } from './atlas-stack';

/** Properties of the `RoutingStack`. */
export interface RoutingStackProps extends AtlasStackProps {
  /** The stage's hosted zone (the `Dns` stack). */
  readonly zone: route53.IPublicHostedZone;
  /** This region's load balancer and where Route 53 probes it. */
  readonly endpoint: RegionalEndpoint;
  /** The region's part in the stage's routing (`DnsProps.role`). */
  readonly role: NonNullable<DnsProps['role']>;
  /** Percentage of the weighted record's answers that go to this region. */
  readonly weightPercent: number;
  /** The CloudFront distribution of the static site (a one-region stage's second target). */
  readonly distribution?: cloudfront.IDistribution;
  /** The alternate domain names the distribution answers (records point at it only in a one-region stage). */
  readonly distributionDomainNames?: readonly string[];
  /** The name the distribution serves as the stage's site (`DnsProps.siteDomainName`). */
  readonly siteDomainName?: string;
}

/**
 * Route 53 records of one region: its health check and its answer for every routing policy, in the region of the
 * load balancer it points at (so only the zone id crosses regions). After Compute (and Edge).
 */
export class RoutingStack extends AtlasStack {
  /** The records and health check. */
  public readonly dns: Dns;

  constructor(scope: Construct, id: string, props: RoutingStackProps) {
    super(scope, id, props);
    this.dns = new Dns(this, 'Dns', {
      zone: props.zone,
      domainName: props.config.dns.domainName,
      endpoint: props.endpoint,
      role: props.role,
      weightPercent: props.weightPercent,
      distribution: props.distribution,
      distributionDomainNames: props.distributionDomainNames,
      siteDomainName: props.siteDomainName,
    });
    if (props.siteDomainName)
      new CfnOutput(this, 'SiteUrl', { description: 'The static site under its own name (CloudFront)', value: `https://${props.siteDomainName}/` });
    // The standby publishes under the same names: the primary's outputs name them once.
    if (props.role !== 'standby') {
      for (const [policy, name] of Object.entries(this.dns.recordNames)) {
        new CfnOutput(this, `${policy[0].toUpperCase()}${policy.slice(1)}RecordName`, { description: `Record with ${policy} routing`, value: name });
      }
    }
  }
}
