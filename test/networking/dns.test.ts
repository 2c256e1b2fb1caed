import { Stack } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { addAtlasStages } from '../../lib/atlas-app';
import type { AtlasStage } from '../../lib/atlas-stage';
import { HEALTH_CHECK_PATH } from '../../lib/compute/web-tier';
import { PRESETS, StageName, withEveryOptionalPart } from '../../lib/config';
import { Dns } from '../../lib/networking/dns';
import type { HttpHealthCheck } from '../../lib/shared/health-check';
import { unitTestApp } from '../support/app';
import { stackTemplate } from '../support/assembly';
import { resourcesOf } from '../support/fixtures';
import { expectProperties, resourceOf } from '../support/select';

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
  describe.each(['sandbox', 'production'] as const)('%s presets (no certificate on CloudFront): every published name answers', (stage) => {
    const template = stackTemplate(stage, 'Dns');
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
      expect(Object.keys(template.findOutputs('*')).sort()).toEqual([
        'GeoRecordName',
        'LatencyRecordName',
        'NameServers',
        'SimpleRecordName',
        'WeightedRecordName',
      ]);
    });
  });

  describe.each(['sandbox', 'production'] as const)('%s with a certificate on CloudFront', (stage) => {
    const built = withCloudFrontNames(stage);
    const template = Template.fromStack(built.dnsStack);
    const domain = PRESETS[stage].dns.domainName;
    const records = resourcesOf(template, 'AWS::Route53::RecordSet').map((r) => r.props);
    const named = (name: string) => records.filter((r) => r.Name === `${name}.${domain}.`);
    const target = (r: Record<string, unknown>) => JSON.stringify(r.AliasTarget ?? r.ResourceRecords);

    test(`a public hosted zone for ${domain}`, () => {
      template.hasResourceProperties('AWS::Route53::HostedZone', { Name: `${domain}.` });
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
      expectProperties(resourceOf(template, built.dnsStack.dns.healthCheck, 'AWS::Route53::HealthCheck'), {
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

    test('the stack outputs the name servers to delegate to and every record name', () => {
      const outputs = Object.keys(template.findOutputs('*'));
      expect(outputs.sort()).toEqual(['FailoverRecordName', 'GeoRecordName', 'LatencyRecordName', 'NameServers', 'SimpleRecordName', 'WeightedRecordName']);
    });
  });

  test.each<HttpHealthCheck>([
    { path: '/health', protocol: 'HTTP', port: 80 },
    { path: '/status/ready', protocol: 'HTTPS', port: 8443 },
  ])('the load balancer health check probes the path, protocol and port it is given: $protocol $port $path', (loadBalancerHealthCheck) => {
    const stack = new Stack(unitTestApp(), 'Test', { env: { region: 'ap-northeast-2' } });
    const dns = new Dns(stack, 'Dns', { domainName: 'atlas.example.com', ...targets(stack), loadBalancerHealthCheck });
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
    const loadBalancerHealthCheck = { path: '/health', protocol: 'HTTP', port: 80 } as const;
    expect(() => new Dns(stack, 'Dns', { domainName, loadBalancer, distribution, loadBalancerHealthCheck })).toThrow(
      `Dns domainName must be a lower-case DNS name of at least two labels such as atlas.example.com, got '${domainName}'`,
    );
  });
});
