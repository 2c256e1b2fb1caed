import { Stack } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { addAtlasStages } from '../../lib/atlas-app';
import type { AtlasStage } from '../../lib/atlas-stage';
import { HEALTH_CHECK_PATH } from '../../lib/compute/web-tier';
import { PRESETS, StageName, withEveryOptionalPart } from '../../lib/config';
import { Dns, REGION_COUNTRY, StageZone } from '../../lib/networking/dns';
import { SITE_RECORD } from '../../lib/stacks/edge-stack';
import type { HttpHealthCheck } from '../../lib/shared/health-check';
import { unitTestApp } from '../support/app';
import { stackArtifacts, stackTemplate } from '../support/assembly';
import { resourcesOf } from '../support/fixtures';
import { at, expectProperties, logicalIdAt, refTarget, resourceAt, resourceOf, stackOutputTarget } from '../support/select';

/** An imported load balancer and distribution for unit builds of the DNS construct. */
function targets(stack: Stack) {
  const loadBalancer = elbv2.ApplicationLoadBalancer.fromApplicationLoadBalancerAttributes(stack, 'Lb', {
    loadBalancerArn: 'arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:loadbalancer/app/lb/1',
    securityGroupId: 'sg-1',
    loadBalancerDnsName: 'lb.example.com',
    loadBalancerCanonicalHostedZoneId: 'Z1',
  });
  const distribution = cloudfront.Distribution.fromDistributionAttributes(stack, 'Cdn', { domainName: 'd1.cloudfront.net', distributionId: 'E1' });
  return { loadBalancer, distribution };
}

/** A stage with every optional part: the distribution carries the routing names (a certificate). */
function withCloudFrontNames(stage: StageName): AtlasStage {
  const app = unitTestApp();
  const [built] = addAtlasStages(app, { stage, compliance: false, configure: withEveryOptionalPart });
  return built;
}

describe('Dns', () => {
  describe.each(['sandbox'] as const)('%s preset (one region, no certificate on CloudFront): every published name answers', (stage) => {
    const template = stackTemplate(stage, 'Routing');
    const domain = PRESETS[stage].dns.domainName;
    const records = resourcesOf(template, 'AWS::Route53::RecordSet').map((r) => r.props);
    const named = (name: string) => records.filter((r) => r.Name === `${name}.${domain}.`);
    const target = (r: Record<string, unknown>) => JSON.stringify(r.AliasTarget ?? r.ResourceRecords);

    test('no record points at CloudFront, which would answer 403 for a name it does not carry', () => {
      expect(records.map(target).filter((t) => /Distribution/.test(t))).toEqual([]);
    });

    test('geolocation: Korea and everyone else to the load balancer; no weighted canary and no failover pair without a secondary', () => {
      const geo = named('geo');
      expect(geo.map((r) => JSON.stringify(r.GeoLocation)).sort()).toEqual(['{"CountryCode":"*"}', '{"CountryCode":"KR"}']);
      for (const r of geo) expect(target(r)).toMatch(/LoadBalancer/);
      expect(named('weighted')).toEqual([expect.objectContaining({ Weight: 90 })]);
      expect(named('failover')).toEqual([]);
      template.resourceCountIs('AWS::Route53::HealthCheck', 1);
      expect(Object.keys(template.findOutputs('*')).sort()).toEqual(['GeoRecordName', 'LatencyRecordName', 'SimpleRecordName', 'WeightedRecordName']);
    });
  });

  describe.each(['sandbox'] as const)('%s (one region) with a certificate on CloudFront', (stage) => {
    const built = withCloudFrontNames(stage);
    const template = Template.fromStack(built.routingStack);
    const zoneTemplate = Template.fromStack(built.dnsStack);
    const domain = PRESETS[stage].dns.domainName;
    const records = resourcesOf(template, 'AWS::Route53::RecordSet').map((r) => r.props);
    const named = (name: string) => records.filter((r) => r.Name === `${name}.${domain}.`);
    const target = (r: Record<string, unknown>) => JSON.stringify(r.AliasTarget ?? r.ResourceRecords);

    test(`a public hosted zone for ${domain}`, () => {
      zoneTemplate.hasResourceProperties('AWS::Route53::HostedZone', { Name: `${domain}.` });
      template.resourceCountIs('AWS::Route53::HostedZone', 0);
    });

    test("an HTTPS health check on the load balancer's /health (it has a certificate here), and one on the CloudFront site", () => {
      const checks = resourcesOf(template, 'AWS::Route53::HealthCheck').map((c) => c.props.HealthCheckConfig as Record<string, unknown>);
      expect(checks).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ Type: 'HTTPS', Port: 443, ResourcePath: '/health' }),
          expect.objectContaining({ Type: 'HTTPS', Port: 443, ResourcePath: '/index.html', EnableSNI: true }),
        ]),
      );
    });

    test("the load balancer's health check probes what the web tier exposes: its health path on its HTTPS listener", () => {
      const { healthCheck } = built.computeStack.webTier;
      expect(healthCheck).toEqual({ path: HEALTH_CHECK_PATH, protocol: 'HTTPS', port: 443 });
      expectProperties(resourceOf(template, built.routingStack.dns.healthCheck, 'AWS::Route53::HealthCheck'), {
        HealthCheckConfig: Match.objectLike({ Type: healthCheck.protocol, Port: healthCheck.port, ResourcePath: healthCheck.path, EnableSNI: true }),
      });
    });

    test('simple: one alias to the load balancer', () => {
      expect(named('simple')).toHaveLength(1);
      expect(target(named('simple')[0])).toMatch(/LoadBalancer/);
    });

    test('failover: the load balancer while healthy, else the CloudFront site; both sides health-checked', () => {
      const pair = named('failover');
      expect(pair.map((r) => r.Failover).sort()).toEqual(['PRIMARY', 'SECONDARY']);
      for (const r of pair) expect(r.HealthCheckId).toBeDefined();
      expect(target(pair.find((r) => r.Failover === 'PRIMARY')!)).toMatch(/LoadBalancer/);
      expect(target(pair.find((r) => r.Failover === 'SECONDARY')!)).toMatch(/Distribution/);
    });

    test('geolocation: Korea to the load balancer, everyone else to CloudFront', () => {
      const geo = named('geo');
      expect(target(geo.find((r) => JSON.stringify(r.GeoLocation) === '{"CountryCode":"KR"}')!)).toMatch(/LoadBalancer/);
      expect(target(geo.find((r) => JSON.stringify(r.GeoLocation) === '{"CountryCode":"*"}')!)).toMatch(/Distribution/);
    });

    test("latency: the region's record, health-checked", () => {
      const latency = named('latency');
      expect(latency).toEqual([expect.objectContaining({ Region: built.config.region })]);
      expect(latency[0].HealthCheckId).toEqual(expect.anything());
    });

    test('weighted: 90 to the load balancer, 10 to CloudFront', () => {
      const weighted = named('weighted');
      expect(target(weighted.find((r) => r.Weight === 90)!)).toMatch(/LoadBalancer/);
      expect(target(weighted.find((r) => r.Weight === 10)!)).toMatch(/Distribution/);
    });

    test('the zone stack outputs the name servers to delegate to, the routing stack every record name', () => {
      // (and the zone id, published for the stacks that read it)
      expect(Object.keys(zoneTemplate.findOutputs('*')).filter((k) => !k.startsWith('PublishOutput'))).toEqual(['NameServers']);
      const outputs = Object.keys(template.findOutputs('*'));
      expect(outputs.sort()).toEqual(['FailoverRecordName', 'GeoRecordName', 'LatencyRecordName', 'SimpleRecordName', 'WeightedRecordName']);
    });
  });

  describe('production: two regions, every routing policy with a target in each, every choice health-checked', () => {
    const stage = 'production';
    const config = PRESETS.production;
    const standby = config.standby!;
    const domain = config.dns.domainName;
    const regional = [
      { stackId: 'Routing', computeStackId: 'Compute', region: config.region },
      { stackId: 'StandbyRouting', computeStackId: 'StandbyCompute', region: standby.region },
    ] as const;
    type RecordOf = { stackId: string; region: string; id: string; props: Record<string, unknown> };
    const records: RecordOf[] = regional.flatMap(({ stackId, region }) =>
      resourcesOf(stackTemplate(stage, stackId), 'AWS::Route53::RecordSet').map((r) => ({ stackId, region, id: r.id, props: r.props })),
    );
    const named = (policy: string) => records.filter((r) => r.props.Name === `${policy}.${domain}.`);
    // The load balancer a record answers with (an alias to it, or a CNAME of its name), as `<stack>/<logical id>`.
    const aliasTarget = (r: RecordOf) => {
      let name: unknown;
      if (r.props.Type === 'CNAME') {
        [name] = r.props.ResourceRecords as unknown[];
      } else {
        const parts = (at(r.props, 'AliasTarget', 'DNSName') as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
        expect(parts[0]).toBe('dualstack.');
        name = parts[1];
      }
      const target = stackOutputTarget(stage, name, 'AWS::ElasticLoadBalancingV2::LoadBalancer');
      return `${target.stackId}/${target.resource.id}`;
    };
    const answersWithLoadBalancer = (r: RecordOf) => r.props.Type === 'CNAME' || at(r.props, 'AliasTarget', 'DNSName', 'Fn::Join') !== undefined;
    const loadBalancerOf = (computeStackId: string) =>
      `${computeStackId}/${resourceAt(stage, computeStackId, 'WebTier/LoadBalancer', 'AWS::ElasticLoadBalancingV2::LoadBalancer').id}`;
    const regionOf = (r: RecordOf) => regional.find((x) => x.stackId === r.stackId)!;
    // The health check a record names: in its own stack, probing that stack's region's load balancer.
    const healthCheckOf = (r: RecordOf) => {
      const check = refTarget(stackTemplate(stage, r.stackId), r.props.HealthCheckId, 'AWS::Route53::HealthCheck');
      const probed = stackOutputTarget(
        stage,
        at(check.Properties, 'HealthCheckConfig', 'FullyQualifiedDomainName'),
        'AWS::ElasticLoadBalancingV2::LoadBalancer',
      );
      return { check, probed: `${probed.stackId}/${probed.resource.id}` };
    };

    test('the zone lives alone in the Dns stack (its logical id kept), and every record of both regions is in it', () => {
      const zones = resourcesOf(stackTemplate(stage, 'Dns'), 'AWS::Route53::HostedZone');
      expect(zones.map((z) => z.id)).toEqual([logicalIdAt(stage, 'Dns', 'Dns/Zone')]);
      expect(zones[0].id).toMatch(/^DnsZone/);
      expect(resourcesOf(stackTemplate(stage, 'Dns'), 'AWS::Route53::RecordSet')).toEqual([]);
      for (const r of records)
        expect(stackOutputTarget(stage, r.props.HostedZoneId, 'AWS::Route53::HostedZone')).toMatchObject({ stackId: 'Dns', resource: { id: zones[0].id } });
    });

    test("each region's records live in a stack of that region", () => {
      for (const { stackId, region } of regional) {
        expect(stackArtifacts(stage).find((a) => a.displayName === `${stage}/${stackId}`)!.environment).toBe(`aws://unknown-account/${region}`);
      }
    });

    test.each(['failover', 'geo', 'latency', 'weighted'])('%s: a target in each region, each region answered by its own load balancer', (policy) => {
      const withLoadBalancer = named(policy).filter(answersWithLoadBalancer);
      const byRegion = new Map(regional.map((x) => [x.region, withLoadBalancer.filter((r) => r.region === x.region)]));
      for (const x of regional) {
        expect(byRegion.get(x.region)!.length).toBeGreaterThan(0);
        for (const r of byRegion.get(x.region)!) expect(aliasTarget(r)).toBe(loadBalancerOf(x.computeStackId));
      }
      const identifiers = named(policy).map((r) => r.props.SetIdentifier);
      expect(new Set(identifiers).size).toBe(identifiers.length);
    });

    test("latency, failover, weighted and each region's country: guarded by a health check on that region's own load balancer", () => {
      const country = (r: RecordOf) => (r.props.GeoLocation as { CountryCode?: string } | undefined)?.CountryCode;
      // Every record that chooses between the regions; the geolocation default (an alias to the latency record, which
      // is guarded) is the only one without a health check of its own.
      const routing = records.filter((r) => ['failover', 'geo', 'latency', 'weighted'].some((policy) => r.props.Name === `${policy}.${domain}.`));
      const guarded = routing.filter((r) => country(r) !== '*');
      expect(guarded).toHaveLength(8); // latency, failover, weighted and one country per region
      for (const r of guarded) {
        const { probed } = healthCheckOf(r);
        expect({ record: `${r.stackId}/${r.id}`, probed }).toEqual({ record: `${r.stackId}/${r.id}`, probed: loadBalancerOf(regionOf(r).computeStackId) });
      }
    });

    test('failover: the primary region primary, the standby region secondary, a CNAME pair of the load balancers with a one-minute TTL', () => {
      const pair = named('failover');
      expect(pair.map((r) => [r.region, r.props.Failover, r.props.Type, r.props.TTL])).toEqual([
        [config.region, 'PRIMARY', 'CNAME', '60'],
        [standby.region, 'SECONDARY', 'CNAME', '60'],
      ]);
    });

    test("no record takes the load balancer's evaluated target health: the primary's also covers the containers' target group", () => {
      const aliases = records.filter((r) => r.props.AliasTarget !== undefined);
      expect(aliases.length).toBeGreaterThan(0);
      for (const r of aliases)
        expect({ record: `${r.stackId}/${r.id}`, eth: at(r.props, 'AliasTarget', 'EvaluateTargetHealth') ?? false }).toEqual({
          record: `${r.stackId}/${r.id}`,
          eth: false,
        });
      // The primary's load balancer does carry a second target group, which is why.
      const compute = stackTemplate(stage, 'Compute');
      expect(resourcesOf(compute, 'AWS::ElasticLoadBalancingV2::TargetGroup').length).toBeGreaterThan(1);
    });

    test('latency: each record carries the region of the load balancer it answers with', () => {
      expect(named('latency').map((r) => [r.props.Region, r.region])).toEqual([
        [config.region, config.region],
        [standby.region, standby.region],
      ]);
    });

    test("geolocation: each region's country to it (Korea → Seoul, Japan → Tokyo), everyone else to the latency record", () => {
      const geo = named('geo');
      const country = (r: RecordOf) => at(r.props, 'GeoLocation', 'CountryCode');
      expect(REGION_COUNTRY[config.region]).toBe('KR');
      expect(REGION_COUNTRY[standby.region]).toBe('JP');
      expect(geo.map((r) => [country(r), r.region]).sort()).toEqual(
        [
          ['*', config.region],
          ['JP', standby.region],
          ['KR', config.region],
        ].sort(),
      );
      const fallback = geo.find((r) => country(r) === '*')!;
      const latency = named('latency').find((r) => r.stackId === fallback.stackId)!;
      expect(at(fallback.props, 'AliasTarget', 'DNSName')).toEqual({ Ref: latency.id });
    });

    test(`weighted: ${100 - standby.weightPercent} % to the primary region, ${standby.weightPercent} % to the standby`, () => {
      expect(named('weighted').map((r) => [r.region, r.props.Weight])).toEqual([
        [config.region, 100 - standby.weightPercent],
        [standby.region, standby.weightPercent],
      ]);
    });

    test("no routing record points at CloudFront (the standby region is the second target); www.<zone> is the site's own name, on CloudFront with the stage's us-east-1 certificate", () => {
      const toCloudFront = records.filter((r) => JSON.stringify(r.props).includes('AWSCloudFrontPartitionHostedZoneIdMap'));
      expect(toCloudFront.map((r) => [r.stackId, r.props.Name])).toEqual([['Routing', `${SITE_RECORD}.${domain}.`]]);
      const distribution = resourceAt(stage, 'Edge', 'ContentDelivery/Distribution', 'AWS::CloudFront::Distribution');
      expect(stackOutputTarget(stage, at(toCloudFront[0].props, 'AliasTarget', 'DNSName')).resource.id).toBe(distribution.id);
      const distributionConfig = at(distribution.Properties, 'DistributionConfig');
      expect(at(distributionConfig, 'Aliases')).toEqual([`${SITE_RECORD}.${domain}`]);
      const certificate = stackOutputTarget(stage, at(distributionConfig, 'ViewerCertificate', 'AcmCertificateArn'), 'AWS::CertificateManager::Certificate');
      expect(certificate.stackId).toBe('EdgeCertificate');
      expect(stackArtifacts(stage).find((a) => a.displayName === `${stage}/EdgeCertificate`)!.environment).toBe('aws://unknown-account/us-east-1');
      expectProperties(certificate.resource, { DomainName: domain, SubjectAlternativeNames: [`*.${domain}`], ValidationMethod: 'DNS' });
      expect(at(distributionConfig, 'ViewerCertificate')).toMatchObject({ MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' });
      expect(named('simple').map((r) => [r.region, aliasTarget(r)])).toEqual([[config.region, loadBalancerOf('Compute')]]);
    });

    test('the primary routing stack outputs every record name once, and the site URL; the standby publishes under the same names', () => {
      expect(Object.keys(stackTemplate(stage, 'Routing').findOutputs('*')).sort()).toEqual([
        'FailoverRecordName',
        'GeoRecordName',
        'LatencyRecordName',
        'SimpleRecordName',
        'SiteUrl',
        'WeightedRecordName',
      ]);
      expect(Object.keys(stackTemplate(stage, 'StandbyRouting').findOutputs('*')).filter((k) => !k.startsWith('PublishOutput'))).toEqual([]);
    });
  });

  test.each<HttpHealthCheck>([
    { path: '/health', protocol: 'HTTP', port: 80 },
    { path: '/status/ready', protocol: 'HTTPS', port: 8443 },
  ])('the load balancer health check probes the path, protocol and port it is given: $protocol $port $path', (loadBalancerHealthCheck) => {
    const stack = new Stack(unitTestApp(), 'Test', { env: { region: 'ap-northeast-2' } });
    const { loadBalancer, distribution } = targets(stack);
    const zone = new StageZone(stack, 'Zone', { domainName: 'atlas.example.com' }).zone;
    const dns = new Dns(stack, 'Dns', {
      zone,
      domainName: 'atlas.example.com',
      endpoint: { loadBalancer, healthCheck: loadBalancerHealthCheck },
      distribution,
    });
    const https = loadBalancerHealthCheck.protocol === 'HTTPS';
    expectProperties(resourceOf(Template.fromStack(stack), dns.healthCheck, 'AWS::Route53::HealthCheck'), {
      HealthCheckConfig: {
        Type: loadBalancerHealthCheck.protocol,
        FullyQualifiedDomainName: 'lb.example.com',
        Port: loadBalancerHealthCheck.port,
        ResourcePath: loadBalancerHealthCheck.path,
        RequestInterval: 30,
        FailureThreshold: 3,
        ...(https ? { EnableSNI: true } : {}),
      },
    });
  });

  test.each(['Example.COM', 'localhost', 'a..b.com', '-bad.example.com'])('fails on the domain name %s', (domainName) => {
    const stack = new Stack(unitTestApp(), 'Test', { env: { region: 'ap-northeast-2' } });
    const { loadBalancer, distribution } = targets(stack);
    const healthCheck = { path: '/health', protocol: 'HTTP', port: 80 } as const;
    const message = `Dns domainName must be a lower-case DNS name of at least two labels such as atlas.example.com, got '${domainName}'`;
    expect(() => new StageZone(stack, 'Zone', { domainName })).toThrow(message);
    const zone = new StageZone(stack, 'Valid', { domainName: 'atlas.example.com' }).zone;
    expect(() => new Dns(stack, 'Dns', { zone, domainName, endpoint: { loadBalancer, healthCheck }, distribution })).toThrow(message);
  });
});
