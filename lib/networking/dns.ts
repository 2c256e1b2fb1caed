import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as targets from 'aws-cdk-lib/aws-route53-targets';
import { Construct } from 'constructs';
import { DOMAIN_NAME_PATTERN } from '../shared/domain';
import { HttpHealthCheck } from '../shared/health-check';
import { requirePattern } from '../shared/validate';

/** The routing policies the study lists, one record name each, so that they can be compared side by side. */
export const ROUTING_POLICY_RECORDS = ['simple', 'failover', 'geo', 'latency', 'weighted'] as const;

/**
 * The routing-policy records that send part of their traffic to CloudFront (the geolocation default, the weighted
 * canary, the failover secondary). CloudFront answers only host names the distribution carries, with a certificate
 * that covers them: the distribution must list these names for the records to point at it.
 */
export const CLOUDFRONT_RECORDS = ['failover', 'geo', 'weighted'] as const;

/** The fully qualified names of `CLOUDFRONT_RECORDS` in a zone: the alternate names the distribution needs. */
export function cloudFrontRecordNames(domainName: string): string[] {
  return CLOUDFRONT_RECORDS.map((name) => `${name}.${domainName}`);
}

/** Properties of `Dns`. */
export interface DnsProps {
  /** Domain of the public hosted zone, e.g. `atlas.example.com`; delegate it from its parent to serve it. */
  readonly domainName: string;
  /** The web tier's load balancer. */
  readonly loadBalancer: elbv2.IApplicationLoadBalancer;
  /** The CloudFront distribution of the static site. */
  readonly distribution: cloudfront.IDistribution;
  /**
   * The alternate domain names the distribution answers (with a certificate covering them). A record points at
   * CloudFront only for a name listed here; otherwise the load balancer answers it alone.
   *
   * @default - none: every record points at the load balancer
   */
  readonly distributionDomainNames?: readonly string[];
  /**
   * Where Route 53 probes the load balancer: the web tier's `healthCheck` (its health path, on the protocol and port
   * of the listener that serves clients).
   */
  readonly loadBalancerHealthCheck: HttpHealthCheck;
}

/**
 * The study's Route 53 and global server load balancing (GSLB): a public hosted zone for the stage's domain with
 * alias records for the load balancer and the CloudFront distribution, an HTTP(S) health check on the load
 * balancer (and one on the site, for the failover's secondary), and one record name per routing policy the study
 * lists:
 *
 * | record | policy | answers |
 * |---|---|---|
 * | `simple.<domain>` | simple | the load balancer |
 * | `failover.<domain>` | failover (CNAME pair, both health-checked) | the load balancer while its health check passes, else the CloudFront site |
 * | `geo.<domain>` | geolocation | Korea → the load balancer; everyone else → CloudFront |
 * | `latency.<domain>` | latency | the region with the lowest latency (one region here; add another stage region to compare) |
 * | `weighted.<domain>` | weighted | 90 % the load balancer, 10 % CloudFront (a canary split) |
 *
 * The zone serves once its parent delegates to the name servers in the `NameServers` output. CloudFront answers
 * only host names the distribution carries (`distributionDomainNames`, which needs a certificate for them): a name it
 * does not carry is never pointed at it. Without them the geolocation default goes to the load balancer too, and
 * the weighted canary and the failover secondary are left out, so that every published name answers.
 */
export class Dns extends Construct {
  /** The hosted zone. */
  public readonly zone: route53.IPublicHostedZone;
  /** The health check on the load balancer. */
  public readonly healthCheck: route53.IHealthCheck;
  /** The health check on the CloudFront site (the failover's secondary), where the failover pair exists. */
  public readonly siteHealthCheck?: route53.IHealthCheck;
  /** Fully qualified record names by routing policy. */
  public readonly recordNames: Readonly<Partial<Record<(typeof ROUTING_POLICY_RECORDS)[number], string>>>;

  constructor(scope: Construct, id: string, props: DnsProps) {
    super(scope, id);
    requirePattern('Dns', 'domainName', props.domainName, DOMAIN_NAME_PATTERN, 'a lower-case DNS name of at least two labels such as atlas.example.com');
    const zone = new route53.PublicHostedZone(this, 'Zone', { zoneName: props.domainName, comment: `aws-service-atlas ${Stack.of(this).stackName}` });
    this.zone = zone;

    const probe = props.loadBalancerHealthCheck;
    const https = probe.protocol === 'HTTPS';
    this.healthCheck = new route53.HealthCheck(this, 'LoadBalancerHealthCheck', {
      type: https ? route53.HealthCheckType.HTTPS : route53.HealthCheckType.HTTP,
      fqdn: props.loadBalancer.loadBalancerDnsName,
      port: probe.port,
      resourcePath: probe.path,
      requestInterval: Duration.seconds(30),
      failureThreshold: 3,
      enableSNI: https ? true : undefined,
    });

    const toLoadBalancer = route53.RecordTarget.fromAlias(new targets.LoadBalancerTarget(props.loadBalancer, { evaluateTargetHealth: true }));
    // CloudFront's alias hosted zone, looked up in this stack: the CDK's CloudFrontTarget would put the mapping into
    // the distribution's stack, where nothing uses it once the reference crosses to this one.
    const distribution = props.distribution;
    const toCloudFront = route53.RecordTarget.fromAlias({
      bind: () => ({ hostedZoneId: targets.CloudFrontTarget.getHostedZoneId(this), dnsName: distribution.distributionDomainName }),
    });
    const record = (recordId: string, recordName: string, target: route53.RecordTarget, options: Partial<route53.ARecordProps> = {}) =>
      new route53.ARecord(this, recordId, { zone, recordName, target, ...options });

    const cloudFrontAnswers = (name: string) => (props.distributionDomainNames ?? []).includes(`${name}.${props.domainName}`);
    record('Simple', 'simple', toLoadBalancer);
    // Failover as a CNAME pair, each side with its own health check: Route 53 cannot evaluate a CloudFront alias's
    // health, and CDK requires evaluated health on failover aliases. The pair needs a secondary that answers:
    // without one, no failover record (and no site health check) is published at all.
    const withFailover = cloudFrontAnswers('failover');
    if (withFailover) {
      const siteHealthCheck = new route53.HealthCheck(this, 'SiteHealthCheck', {
        type: route53.HealthCheckType.HTTPS,
        fqdn: props.distribution.distributionDomainName,
        port: 443,
        resourcePath: '/index.html',
        enableSNI: true,
        requestInterval: Duration.seconds(30),
        failureThreshold: 3,
      });
      const failover = (recordId: string, domainName: string, role: route53.Failover, healthCheck: route53.IHealthCheck) =>
        new route53.CnameRecord(this, recordId, {
          zone,
          recordName: 'failover',
          domainName,
          failover: role,
          setIdentifier: role.toLowerCase(),
          healthCheck,
          ttl: Duration.seconds(60),
        });
      failover('FailoverPrimary', props.loadBalancer.loadBalancerDnsName, route53.Failover.PRIMARY, this.healthCheck);
      failover('FailoverSecondary', props.distribution.distributionDomainName, route53.Failover.SECONDARY, siteHealthCheck);
      this.siteHealthCheck = siteHealthCheck;
    }
    record('GeoKorea', 'geo', toLoadBalancer, { geoLocation: route53.GeoLocation.country('KR'), setIdentifier: 'korea' });
    record('GeoDefault', 'geo', cloudFrontAnswers('geo') ? toCloudFront : toLoadBalancer, {
      geoLocation: route53.GeoLocation.default(),
      setIdentifier: 'default',
    });
    record('Latency', 'latency', toLoadBalancer, { region: Stack.of(this).region, setIdentifier: Stack.of(this).region, healthCheck: this.healthCheck });
    record('WeightedLoadBalancer', 'weighted', toLoadBalancer, { weight: 90, setIdentifier: 'load-balancer' });
    if (cloudFrontAnswers('weighted')) record('WeightedCloudFront', 'weighted', toCloudFront, { weight: 10, setIdentifier: 'cloudfront' });

    this.recordNames = Object.fromEntries(
      ROUTING_POLICY_RECORDS.filter((name) => name !== 'failover' || withFailover).map((name) => [name, `${name}.${props.domainName}`]),
    );
  }
}
