import { CfnOutput, Fn } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import { Dns } from '../networking/dns';
import { HttpHealthCheck } from '../shared/health-check';
import { AtlasStack, AtlasStackProps } from './atlas-stack';

/** Properties of the `DnsStack`. */
export interface DnsStackProps extends AtlasStackProps {
  /** The web tier's load balancer. */
  readonly loadBalancer: elbv2.IApplicationLoadBalancer;
  /** Where Route 53 probes the load balancer: the web tier's `healthCheck`. */
  readonly loadBalancerHealthCheck: HttpHealthCheck;
  /** The CloudFront distribution of the static site. */
  readonly distribution: cloudfront.IDistribution;
  /** The alternate domain names the distribution answers. */
  readonly distributionDomainNames: readonly string[];
}

/** Route 53: the stage's hosted zone, health check and routing-policy records. After Compute and Edge. */
export class DnsStack extends AtlasStack {
  /** The DNS construct. */
  public readonly dns: Dns;

  constructor(scope: Construct, id: string, props: DnsStackProps) {
    super(scope, id, props);
    this.dns = new Dns(this, 'Dns', {
      domainName: props.config.dns.domainName,
      loadBalancer: props.loadBalancer,
      loadBalancerHealthCheck: props.loadBalancerHealthCheck,
      distribution: props.distribution,
      distributionDomainNames: props.distributionDomainNames,
    });
    new CfnOutput(this, 'NameServers', {
      description: 'Delegate the domain to these name servers (NS records in the parent zone)',
      value: Fn.join(', ', this.dns.zone.hostedZoneNameServers!),
    });
    for (const [policy, name] of Object.entries(this.dns.recordNames)) {
      new CfnOutput(this, `${policy[0].toUpperCase()}${policy.slice(1)}RecordName`, { description: `Record with ${policy} routing`, value: name });
    }
  }
}
