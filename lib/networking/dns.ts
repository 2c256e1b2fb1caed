import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as targets from 'aws-cdk-lib/aws-route53-targets';
import { Construct } from 'constructs';
import { DOMAIN_NAME_PATTERN } from '../shared/domain';
import { HttpHealthCheck } from '../shared/health-check';
import { requirePattern, requireThat } from '../shared/validate';

/** The routing policies the study lists, one record name each, so that they can be compared side by side. */
export const ROUTING_POLICY_RECORDS = ['simple', 'failover', 'geo', 'latency', 'weighted'] as const;

/** A routing policy of `ROUTING_POLICY_RECORDS`. */
export type RoutingPolicy = (typeof ROUTING_POLICY_RECORDS)[number];

/**
 * The routing-policy records that, in a stage with one region, send part of their traffic to CloudFront (the
 * geolocation default, the weighted canary, the failover secondary). CloudFront answers only host names the
 * distribution carries, with a certificate that covers them: the distribution must list these names for the records
 * to point at it. A stage with a standby region sends that share to the standby's load balancer instead.
 */
export const CLOUDFRONT_RECORDS = ['failover', 'geo', 'weighted'] as const;

/** The fully qualified names of `CLOUDFRONT_RECORDS` in a zone: the alternate names the distribution needs. */
export function cloudFrontRecordNames(domainName: string): string[] {
  return CLOUDFRONT_RECORDS.map((name) => `${name}.${domainName}`);
}

/** Country each region's geolocation record answers for: Korea → Seoul, Japan → Tokyo. */
export const REGION_COUNTRY: Readonly<Record<string, string>> = {
  'ap-northeast-2': 'KR',
  'ap-northeast-1': 'JP',
  'ap-northeast-3': 'JP',
  'ap-southeast-1': 'SG',
  'eu-central-1': 'DE',
  'eu-west-1': 'IE',
  'us-east-1': 'US',
  'us-west-2': 'US',
};

/**
 * An alias target for a CloudFront distribution, with CloudFront's alias hosted zone looked up in the record's own
 * stack: the CDK's CloudFrontTarget would put the mapping into the distribution's stack, where nothing uses it once
 * the reference crosses to this one.
 */
function cloudFrontTarget(scope: Construct, distribution: cloudfront.IDistribution): route53.RecordTarget {
  return route53.RecordTarget.fromAlias({
    bind: () => ({ hostedZoneId: targets.CloudFrontTarget.getHostedZoneId(scope), dnsName: distribution.distributionDomainName }),
  });
}

/** Properties of `StageZone`. */
export interface StageZoneProps {
  /** Domain of the public hosted zone, e.g. `atlas.example.com`; delegate it from its parent to serve it. */
  readonly domainName: string;
}

/**
 * The stage's public hosted zone, alone in the first stacks of a stage: certificates are validated against it and
 * the routing records of every region point into it, so it exists before either. The zone serves once its parent
 * delegates to its name servers.
 */
export class StageZone extends Construct {
  /** The hosted zone. */
  public readonly zone: route53.IPublicHostedZone;

  constructor(scope: Construct, id: string, props: StageZoneProps) {
    super(scope, id);
    requirePattern('Dns', 'domainName', props.domainName, DOMAIN_NAME_PATTERN, 'a lower-case DNS name of at least two labels such as atlas.example.com');
    this.zone = new route53.PublicHostedZone(this, 'Zone', { zoneName: props.domainName, comment: `aws-service-atlas ${Stack.of(this).stackName}` });
  }
}

/** The load balancer of one region and where Route 53 probes it. */
export interface RegionalEndpoint {
  /** The web tier's load balancer. */
  readonly loadBalancer: elbv2.IApplicationLoadBalancer;
  /**
   * Where Route 53 probes the load balancer: the web tier's `healthCheck` (its health path, on the protocol and port
   * of the listener that serves clients).
   */
  readonly healthCheck: HttpHealthCheck;
}

/** Properties of `Dns`. */
export interface DnsProps {
  /** The stage's hosted zone (`StageZone`). */
  readonly zone: route53.IPublicHostedZone;
  /** The zone's domain, e.g. `atlas.example.com` (the record names are `<policy>.<domainName>`). */
  readonly domainName: string;
  /** The load balancer of the region this construct's stack runs in, and its health check. */
  readonly endpoint: RegionalEndpoint;
  /**
   * The region's part in a stage with a standby region: the primary publishes the failover PRIMARY, the simple
   * record and the geolocation default; the standby the failover SECONDARY. Both publish their latency, geolocation
   * and weighted records under the same names.
   *
   * @default 'single' - the stage has one region: CloudFront takes the share a second region would
   */
  readonly role?: 'single' | 'primary' | 'standby';
  /**
   * Percentage of the weighted record's answers that go to this region (a second region, or CloudFront, takes the
   * rest).
   *
   * @default 90
   */
  readonly weightPercent?: number;
  /** The CloudFront distribution of the static site (a one-region stage's second target, and `siteDomainName`'s). */
  readonly distribution?: cloudfront.IDistribution;
  /**
   * A name of the zone the distribution serves (it carries the name, with a certificate): published as an alias to
   * the distribution. Only in the primary region's (or the one region's) records.
   *
   * @default - none
   */
  readonly siteDomainName?: string;
  /**
   * The alternate domain names the distribution answers (with a certificate covering them). A record points at
   * CloudFront only for a name listed here; otherwise the load balancer answers it alone.
   *
   * @default - none: every record points at the load balancer
   */
  readonly distributionDomainNames?: readonly string[];
}

/**
 * The study's Route 53 and global server load balancing (GSLB): the records of one region for each routing policy
 * the study lists, each name published by every region that answers it, with an HTTP(S) health check on the
 * region's load balancer guarding every record that chooses between targets.
 *
 * In a stage with a standby region (production: Seoul and Tokyo):
 *
 * | record | policy | answers |
 * |---|---|---|
 * | `simple.<domain>` | simple | the primary's load balancer |
 * | `failover.<domain>` | failover | the primary's load balancer while healthy, else the standby's |
 * | `geo.<domain>` | geolocation | each region's country (Korea → Seoul, Japan → Tokyo) to its load balancer; everyone else → the latency record |
 * | `latency.<domain>` | latency | the region with the lowest latency to the user, among the healthy ones |
 * | `weighted.<domain>` | weighted | the primary and the standby by their weights (90/10 in production) |
 *
 * In a stage with one region (sandbox) the second target is CloudFront, where the distribution answers the name
 * (`distributionDomainNames`, which needs a certificate): the failover's secondary (a CNAME pair, both sides
 * health-checked), the geolocation default and the weighted canary. Without those names the geolocation default
 * goes to the load balancer too, and the weighted canary and the failover pair are left out, so that every
 * published name answers.
 */
export class Dns extends Construct {
  /** The health check on this region's load balancer. */
  public readonly healthCheck: route53.IHealthCheck;
  /** The health check on the CloudFront site (a one-region failover's secondary), where the failover pair exists. */
  public readonly siteHealthCheck?: route53.IHealthCheck;
  /** Fully qualified names of the records this construct publishes, by routing policy. */
  public readonly recordNames: Readonly<Partial<Record<RoutingPolicy, string>>>;
  /** The records this construct publishes, by routing policy (several per policy where the policy has several answers here). */
  public readonly records: Readonly<Partial<Record<RoutingPolicy, readonly route53.IRecordSet[]>>>;
  /** The alias of `siteDomainName` to the distribution, where given. */
  public readonly siteRecord?: route53.IRecordSet;

  constructor(scope: Construct, id: string, props: DnsProps) {
    super(scope, id);
    requirePattern('Dns', 'domainName', props.domainName, DOMAIN_NAME_PATTERN, 'a lower-case DNS name of at least two labels such as atlas.example.com');
    const role = props.role ?? 'single';
    const weight = props.weightPercent ?? 90;
    requireThat(Number.isInteger(weight) && weight >= 1 && weight <= 99, 'Dns', `weightPercent must be a whole percentage from 1 to 99, got ${weight}`);
    const region = Stack.of(this).region;
    const { zone } = props;
    const { loadBalancer, healthCheck: probe } = props.endpoint;

    const https = probe.protocol === 'HTTPS';
    this.healthCheck = new route53.HealthCheck(this, 'LoadBalancerHealthCheck', {
      type: https ? route53.HealthCheckType.HTTPS : route53.HealthCheckType.HTTP,
      fqdn: loadBalancer.loadBalancerDnsName,
      port: probe.port,
      resourcePath: probe.path,
      requestInterval: Duration.seconds(30),
      failureThreshold: 3,
      enableSNI: https ? true : undefined,
    });
    const healthCheck = this.healthCheck;

    const toLoadBalancer = route53.RecordTarget.fromAlias(new targets.LoadBalancerTarget(loadBalancer, { evaluateTargetHealth: true }));
    const records: Partial<Record<RoutingPolicy, route53.IRecordSet[]>> = {};
    const add = <T extends route53.IRecordSet>(policy: RoutingPolicy, created: T): T => {
      (records[policy] ??= []).push(created);
      return created;
    };
    const record = (policy: RoutingPolicy, recordId: string, target: route53.RecordTarget, options: Partial<route53.ARecordProps> = {}) =>
      add(policy, new route53.ARecord(this, recordId, { zone, recordName: policy, target, ...options }));

    if (role === 'single') {
      this.siteHealthCheck = this.singleRegionRecords(props, add, record, toLoadBalancer, weight);
    } else {
      // The region's health is its explicit check on the web tier's health path, not the load balancer's evaluated
      // target health: that would also take in every other target group behind it (the containers in the primary),
      // and a container outage would then take the whole region out of the answers.
      const toRegion = route53.RecordTarget.fromAlias(new targets.LoadBalancerTarget(loadBalancer, { evaluateTargetHealth: false }));
      const country = REGION_COUNTRY[region];
      requireThat(country !== undefined, 'Dns', `a stage with a standby region needs a geolocation country for region ${region} (REGION_COUNTRY)`);
      // The region's answers, each guarded by its health check: an unhealthy region drops out of the latency and
      // weighted answers, and its country falls through to the geolocation default (the latency record).
      const latency = record('latency', 'Latency', toRegion, { region, setIdentifier: region, healthCheck });
      // Failover as a CNAME to the load balancer's name, health-checked: an alias failover record must evaluate its
      // target's health (CDK enforces it), which is what the line above avoids.
      add(
        'failover',
        new route53.CnameRecord(this, role === 'primary' ? 'FailoverPrimary' : 'FailoverSecondary', {
          zone,
          recordName: 'failover',
          domainName: loadBalancer.loadBalancerDnsName,
          failover: role === 'primary' ? route53.Failover.PRIMARY : route53.Failover.SECONDARY,
          setIdentifier: role,
          healthCheck,
          ttl: Duration.seconds(60),
        }),
      );
      record('geo', `Geo${country}`, toRegion, { geoLocation: route53.GeoLocation.country(country), setIdentifier: country.toLowerCase(), healthCheck });
      record('weighted', 'Weighted', toRegion, { weight, setIdentifier: region, healthCheck });
      if (role === 'primary') {
        record('simple', 'Simple', toRegion);
        // Everyone outside the regions' countries: the closest healthy region, through the latency record.
        record('geo', 'GeoDefault', route53.RecordTarget.fromAlias(new targets.Route53RecordTarget(latency)), {
          geoLocation: route53.GeoLocation.default(),
          setIdentifier: 'default',
        });
      }
    }

    if (props.siteDomainName !== undefined) {
      const { siteDomainName, distribution } = props;
      requireThat(
        distribution !== undefined && role !== 'standby' && siteDomainName.endsWith(`.${props.domainName}`),
        'Dns',
        `siteDomainName needs the distribution, the primary region's records and a name in ${props.domainName}, got ${siteDomainName} (${role})`,
      );
      this.siteRecord = new route53.ARecord(this, 'Site', { zone, recordName: siteDomainName, target: cloudFrontTarget(this, distribution!) });
    }

    this.records = records;
    this.recordNames = Object.fromEntries(
      ROUTING_POLICY_RECORDS.filter((policy) => records[policy] !== undefined).map((policy) => [policy, `${policy}.${props.domainName}`]),
    );
  }

  /** The records of a stage with one region, whose second target is CloudFront; returns the site's health check. */
  private singleRegionRecords(
    props: DnsProps,
    add: (policy: RoutingPolicy, created: route53.IRecordSet) => route53.IRecordSet,
    record: (policy: RoutingPolicy, recordId: string, target: route53.RecordTarget, options?: Partial<route53.ARecordProps>) => route53.IRecordSet,
    toLoadBalancer: route53.RecordTarget,
    weight: number,
  ): route53.IHealthCheck | undefined {
    const { zone, distribution } = props;
    const loadBalancer = props.endpoint.loadBalancer;
    const toCloudFront = distribution && cloudFrontTarget(this, distribution);
    const cloudFrontAnswers = (name: string) => distribution !== undefined && (props.distributionDomainNames ?? []).includes(`${name}.${props.domainName}`);
    const region = Stack.of(this).region;

    record('simple', 'Simple', toLoadBalancer);
    // Failover as a CNAME pair, each side with its own health check: Route 53 cannot evaluate a CloudFront alias's
    // health, and CDK requires evaluated health on failover aliases. The pair needs a secondary that answers:
    // without one, no failover record (and no site health check) is published at all.
    let siteHealthCheck: route53.IHealthCheck | undefined;
    if (cloudFrontAnswers('failover')) {
      siteHealthCheck = new route53.HealthCheck(this, 'SiteHealthCheck', {
        type: route53.HealthCheckType.HTTPS,
        fqdn: distribution!.distributionDomainName,
        port: 443,
        resourcePath: '/index.html',
        enableSNI: true,
        requestInterval: Duration.seconds(30),
        failureThreshold: 3,
      });
      const failover = (recordId: string, domainName: string, role: route53.Failover, healthCheck: route53.IHealthCheck) =>
        add(
          'failover',
          new route53.CnameRecord(this, recordId, {
            zone,
            recordName: 'failover',
            domainName,
            failover: role,
            setIdentifier: role.toLowerCase(),
            healthCheck,
            ttl: Duration.seconds(60),
          }),
        );
      failover('FailoverPrimary', loadBalancer.loadBalancerDnsName, route53.Failover.PRIMARY, this.healthCheck);
      failover('FailoverSecondary', distribution!.distributionDomainName, route53.Failover.SECONDARY, siteHealthCheck);
    }
    record('geo', 'GeoKorea', toLoadBalancer, { geoLocation: route53.GeoLocation.country('KR'), setIdentifier: 'korea' });
    record('geo', 'GeoDefault', cloudFrontAnswers('geo') ? toCloudFront! : toLoadBalancer, {
      geoLocation: route53.GeoLocation.default(),
      setIdentifier: 'default',
    });
    record('latency', 'Latency', toLoadBalancer, { region, setIdentifier: region, healthCheck: this.healthCheck });
    record('weighted', 'WeightedLoadBalancer', toLoadBalancer, { weight, setIdentifier: 'load-balancer' });
    if (cloudFrontAnswers('weighted')) record('weighted', 'WeightedCloudFront', toCloudFront!, { weight: 100 - weight, setIdentifier: 'cloudfront' });
    return siteHealthCheck;
  }
}
