import * as fs from 'fs';
import * as path from 'path';
import { PRESETS, PRODUCTION, SANDBOX, StageName } from '../../lib/config';
import { STANDBY_STACK_IDS, stageStackIds } from '../../lib/docs/concepts/model';
import { assemblyDir } from '../support/context';

/*
 * The study's first chapter as assertions on the two-region production stage: a region is a set of isolated AZs,
 * Route 53 spreads users over regions (GSLB), and some data follows them there while the rest stays in the primary
 * region. The concept map (docs/concepts.md) cites these tests. Templates and regions are read from the shared cloud
 * assembly (the global setup's synth): the manifest says where each stack deploys, the templates what it holds.
 */

interface Resource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
}

interface StackInfo {
  readonly id: string;
  readonly stackName: string;
  readonly region: string;
  readonly resources: Readonly<Record<string, Resource>>;
}

/** Every stack of a stage, from its manifest: id, CloudFormation name, region (from its environment) and resources. */
function stacksOf(stage: StageName): StackInfo[] {
  const dir = path.join(assemblyDir(), `assembly-${stage}`);
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as {
    artifacts: Record<string, { type: string; displayName?: string; environment?: string; properties?: { templateFile: string; stackName?: string } }>;
  };
  return Object.values(manifest.artifacts)
    .filter((a) => a.type === 'aws:cloudformation:stack')
    .map((a) => {
      const template = JSON.parse(fs.readFileSync(path.join(dir, a.properties!.templateFile), 'utf8')) as { Resources?: Record<string, Resource> };
      return {
        id: a.displayName!.slice(stage.length + 1),
        stackName: a.properties!.stackName!,
        region: a.environment!.split('/').pop()!,
        resources: template.Resources ?? {},
      };
    });
}

const standby = PRODUCTION.standby!;
let production: StackInfo[];
let sandbox: StackInfo[];
beforeAll(() => {
  production = stacksOf('production');
  sandbox = stacksOf('sandbox');
});

const stack = (stacks: StackInfo[], id: string) => {
  const found = stacks.find((s) => s.id === id);
  if (!found) throw new Error(`no stack ${id}`);
  return found;
};
const ofType = (s: StackInfo, type: string) => Object.entries(s.resources).filter(([, r]) => r.Type === type);
/** The stack names a value's `Fn::GetStackOutput` references name, in order. */
const outputStacks = (value: unknown): string[] => [...JSON.stringify(value ?? null).matchAll(/"Fn::GetStackOutput":\{"StackName":"([^"]+)"/g)].map((m) => m[1]);
/** The records of a Routing stack, by name prefix (`latency`, `failover`, …). */
const records = (s: StackInfo, policy: string) =>
  ofType(s, 'AWS::Route53::RecordSet').filter(([, r]) => String(r.Properties?.Name).startsWith(`${policy}.`)).map(([, r]) => r.Properties!);
/** The load balancer stack a record answers with: an alias's DNS name, or a CNAME's value (through its weak reference). */
const aliasStack = (record: Record<string, unknown>) =>
  outputStacks(record.Type === 'CNAME' ? record.ResourceRecords : (record.AliasTarget as Record<string, unknown> | undefined)?.DNSName)[0];

describe('two regions (production)', () => {
  test('the stacks of each stage, in deployment order: the Standby stacks only where the config has a standby', () => {
    expect(production.map((s) => s.id).sort()).toEqual([...stageStackIds(PRODUCTION)].sort());
    expect(sandbox.map((s) => s.id).sort()).toEqual([...stageStackIds(SANDBOX)].sort());
    expect(stageStackIds(SANDBOX).filter((id) => (STANDBY_STACK_IDS as readonly string[]).includes(id))).toEqual([]);
  });

  test("every Standby stack deploys to the standby region, CloudFront's certificate to us-east-1, every other stack to the primary region; the sandbox has one region", () => {
    const regionOf = (id: string) => ((STANDBY_STACK_IDS as readonly string[]).includes(id) ? standby.region : id === 'EdgeCertificate' ? 'us-east-1' : PRODUCTION.region);
    for (const s of production) expect([s.id, s.region]).toEqual([s.id, regionOf(s.id)]);
    expect(standby.region).not.toBe(PRODUCTION.region);
    expect(new Set(sandbox.map((s) => s.region))).toEqual(new Set([SANDBOX.region]));
  });

  test('the standby network spans exactly its configured availability zones, with a VPC CIDR of its own', () => {
    const network = stack(production, 'StandbyNetwork');
    const zones = new Set(ofType(network, 'AWS::EC2::Subnet').map(([, r]) => r.Properties?.AvailabilityZone));
    expect([...zones].sort()).toEqual([...standby.availabilityZones].sort());
    expect(ofType(network, 'AWS::EC2::VPC').map(([, r]) => r.Properties?.CidrBlock)).toEqual([standby.network.vpcCidr]);
    expect(standby.network.vpcCidr).not.toBe(PRODUCTION.network.vpcCidr);
    expect(ofType(network, 'AWS::EC2::NatGateway')).toHaveLength(standby.network.natGateways);
  });

  test("Route 53 answers from both regions: each region's latency record names its region, failover is PRIMARY in the primary and SECONDARY in the standby, each health-checked", () => {
    const [primary, secondary] = [stack(production, 'Routing'), stack(production, 'StandbyRouting')];
    const compute = stack(production, 'Compute').stackName;
    const standbyCompute = stack(production, 'StandbyCompute').stackName;
    for (const [routing, region, loadBalancerStack] of [[primary, PRODUCTION.region, compute], [secondary, standby.region, standbyCompute]] as const) {
      const [latency] = records(routing, 'latency');
      expect([latency.Region, aliasStack(latency)]).toEqual([region, loadBalancerStack]);
      const [check] = ofType(routing, 'AWS::Route53::HealthCheck');
      for (const record of [...records(routing, 'latency'), ...records(routing, 'failover')]) expect(record.HealthCheckId).toEqual({ Ref: check[0] });
    }
    expect(records(primary, 'failover').map((r) => [r.Failover, aliasStack(r)])).toEqual([['PRIMARY', compute]]);
    expect(records(secondary, 'failover').map((r) => [r.Failover, aliasStack(r)])).toEqual([['SECONDARY', standbyCompute]]);
  });

  test('geolocation: Korea to the primary, Japan to the standby, everyone else through the latency record', () => {
    const [primary, secondary] = [stack(production, 'Routing'), stack(production, 'StandbyRouting')];
    const country = (r: Record<string, unknown>) => (r.GeoLocation as { CountryCode?: string } | undefined)?.CountryCode;
    expect(records(primary, 'geo').filter((r) => country(r) === 'KR').map(aliasStack)).toEqual([stack(production, 'Compute').stackName]);
    expect(records(secondary, 'geo').filter((r) => country(r) === 'JP').map(aliasStack)).toEqual([stack(production, 'StandbyCompute').stackName]);
    const [fallback] = records(primary, 'geo').filter((r) => country(r) === '*');
    const [latencyId] = ofType(primary, 'AWS::Route53::RecordSet').find(([, r]) => String(r.Properties?.Name).startsWith('latency.'))!;
    expect((fallback.AliasTarget as Record<string, unknown>).DNSName).toEqual({ Ref: latencyId });
    expect(records(secondary, 'geo').filter((r) => country(r) === '*')).toEqual([]);
  });

  test('weighted: the primary and the standby share the answers by their configured weights', () => {
    const weights = [stack(production, 'Routing'), stack(production, 'StandbyRouting')].map((s) => records(s, 'weighted').map((r) => r.Weight));
    expect(weights).toEqual([[100 - standby.weightPercent], [standby.weightPercent]]);
  });

  test('the content bucket replicates to its replica in the standby region, and CloudFront fails over from the primary bucket to the replica', () => {
    const edge = stack(production, 'Edge');
    const standbyData = stack(production, 'StandbyData').stackName;
    const [[bucketId, bucket]] = ofType(edge, 'AWS::S3::Bucket').filter(([, r]) => r.Properties?.ReplicationConfiguration !== undefined);
    const rules = (bucket.Properties!.ReplicationConfiguration as { Rules: { Destination: unknown }[] }).Rules;
    expect(rules.flatMap((rule) => outputStacks(rule.Destination))).toEqual([standbyData, standbyData]); // the bucket and its key
    const [[, distribution]] = ofType(edge, 'AWS::CloudFront::Distribution');
    const config = distribution.Properties!.DistributionConfig as {
      Origins: { Id: string; DomainName: unknown }[];
      OriginGroups: { Items: { Members: { Items: { OriginId: string }[] } }[] };
    };
    const members = config.OriginGroups.Items.map((group) => group.Members.Items.map((m) => config.Origins.find((o) => o.Id === m.OriginId)!.DomainName));
    expect(members).toEqual([[{ 'Fn::GetAtt': [bucketId, 'RegionalDomainName'] }, expect.anything()]]);
    expect(outputStacks(members[0][1])).toEqual([standbyData]);
  });

  test('the key-value table has a replica in the standby region, encrypted with the standby key', () => {
    const [[, table]] = ofType(stack(production, 'Data'), 'AWS::DynamoDB::GlobalTable');
    const replicas = table.Properties!.Replicas as { Region: string; SSESpecification?: { KMSMasterKeyId?: unknown } }[];
    expect(replicas.map((r) => r.Region).sort()).toEqual([PRODUCTION.region, standby.region].sort());
    const replica = replicas.find((r) => r.Region === standby.region)!;
    expect(JSON.stringify(replica.SSESpecification?.KMSMasterKeyId)).toContain(`:${standby.region}:`);
  });

  test('what stays in the primary region: RDS, ElastiCache, DocumentDB, functions, containers, Beanstalk, State Manager, the trail, the dashboard, the IAM boundary', () => {
    const primaryOnly = [
      'AWS::RDS::DBInstance', 'AWS::ElastiCache::ReplicationGroup', 'AWS::DocDB::DBCluster', 'AWS::ECS::Service', 'AWS::ElasticBeanstalk::Environment',
      'AWS::SSM::Association', 'AWS::CloudTrail::Trail', 'AWS::CloudWatch::Dashboard', 'AWS::IAM::ManagedPolicy', 'AWS::DLM::LifecyclePolicy',
      'AWS::EC2::VPNGateway', 'AWS::DirectConnect::DirectConnectGateway', 'AWS::Events::Rule', 'AWS::DynamoDB::GlobalTable',
    ];
    const inStandby = production.filter((s) => s.region === standby.region).flatMap((s) => Object.values(s.resources).map((r) => r.Type));
    const inPrimary = new Set(production.filter((s) => s.region === PRODUCTION.region).flatMap((s) => Object.values(s.resources).map((r) => r.Type)));
    expect(primaryOnly.filter((type) => inStandby.includes(type))).toEqual([]);
    expect(primaryOnly.filter((type) => !inPrimary.has(type))).toEqual([]); // each is there, in the primary
    // The trail records every region, so the standby needs none of its own.
    const [[, trail]] = ofType(stack(production, 'Audit'), 'AWS::CloudTrail::Trail');
    expect(trail.Properties?.IsMultiRegionTrail).toBe(true);
  });

  test.each(Object.keys(PRESETS) as StageName[])('%s: one dashboard for the stage', (stage) => {
    const stacks = stage === 'production' ? production : sandbox;
    expect(stacks.flatMap((s) => ofType(s, 'AWS::CloudWatch::Dashboard'))).toHaveLength(1);
  });
});
