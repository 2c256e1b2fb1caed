import * as fs from 'fs';
import * as path from 'path';
import { PRESETS, REGION_AVAILABILITY_ZONES, StageName } from '../../lib/config';
import {
  ARCHITECTURE_FILE, checkMermaidId, escapeMermaid, GeneratedDiagrams, generateDiagrams, Graph, GraphGroup, groupsOf, hasPath, networkGraph,
  nodeEdges, nodesOf, pipelineGraph, README_BLOCK, REGION_ROLE, requestPathsGraph, StackModel, StageModel, StageView, synthesizeDiagramApp, toDot, toMermaid,
} from '../../lib/docs/diagrams';
import { readGeneratedBlock } from '../../lib/docs/generated-block';
import { cdkJsonContext, ROOT, tempDir } from '../support/context';

// One synth of every stage for the whole file (compliance gate, validation and bundling off, as `npm run diagram`).
let outdir: string;
let stages: StageModel[];
let pipeline: StackModel;
let generated: GeneratedDiagrams;
beforeAll(() => {
  outdir = tempDir('atlas-diagrams-test');
  ({ stages, pipeline } = synthesizeDiagramApp(outdir, cdkJsonContext()));
  generated = generateDiagrams(stages, pipeline);
}, 120_000);
afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

const STAGES = Object.keys(PRESETS) as StageName[];
const view = (stage: string, name: StageView['view']): Graph => generated.views.find((v) => v.stage === stage && v.view === name)!.graph;
const roles = (graph: Graph) => new Set(nodesOf(graph).map((n) => n.role));

/** The regions a stage's config places stacks in: the primary, then the standby where there is one. */
const regionsOf = (stage: StageName) => [PRESETS[stage].region, ...(PRESETS[stage].standby ? [PRESETS[stage].standby.region] : [])];
/** The availability zones a stage's config pins in a region. */
const zonesIn = (stage: StageName, region: string) => {
  const config = PRESETS[stage];
  return region === config.region ? config.availabilityZones : config.standby!.availabilityZones;
};
/** The region groups of a view, by region code (their label is `Region <code>`). */
function regionGroups(graph: Graph): Map<string, GraphGroup> {
  return new Map(groupsOf(graph).filter((g) => g.role === REGION_ROLE).map((g) => [g.label.replace(/^Region /, ''), g]));
}

/** Where two texts first differ, for a failure message a person can act on. */
function firstDifference(expected: string, actual: string): string {
  const a = expected.split('\n');
  const b = actual.split('\n');
  const line = a.findIndex((text, i) => text !== b[i]);
  const at = line === -1 ? a.length : line;
  return `first difference at line ${at + 1}: the app gives ${JSON.stringify(a[at] ?? '<end of file>')}, the file has ${JSON.stringify(b[at] ?? '<end of file>')}`;
}

describe('committed diagrams', () => {
  test(`${ARCHITECTURE_FILE} matches the synthesized app`, () => {
    const committed = fs.existsSync(path.join(ROOT, ARCHITECTURE_FILE)) ? fs.readFileSync(path.join(ROOT, ARCHITECTURE_FILE), 'utf8') : '';
    if (committed !== generated.architecture) {
      throw new Error(`${ARCHITECTURE_FILE} no longer matches the app: run \`npm run diagram\` and commit the result (${firstDifference(generated.architecture, committed)})`);
    }
  });

  test(`the README's ${README_BLOCK} block matches the synthesized app`, () => {
    const block = readGeneratedBlock(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8'), README_BLOCK);
    if (block === undefined) throw new Error(`README.md has no <!-- generated:${README_BLOCK} --> block`);
    if (block !== generated.readmeBlock) {
      throw new Error(`README.md's ${README_BLOCK} block no longer matches the app: run \`npm run diagram\` and commit the result (${firstDifference(generated.readmeBlock, block)})`);
    }
  });

  test('the output is deterministic: a second derivation from the same assembly is identical', () => {
    expect(generateDiagrams(stages, pipeline)).toEqual(generated);
  });
});

describe('delivery pipeline diagram', () => {
  /** The pipeline's stages, read from its template directly (not through the code under test). */
  const pipelineStageNames = () => {
    const resource = Object.values(pipeline.template.Resources ?? {}).find((r) => r.Type === 'AWS::CodePipeline::Pipeline')!;
    return (resource.Properties!.Stages as { Name: string }[]).map((s) => s.Name);
  };

  test('one node per stage of the pipeline, in its order, each leading to the next, with the approval before production', () => {
    const graph = pipelineGraph(pipeline);
    expect(nodesOf(graph).filter((n) => n.role !== 'pipeline-approval').map((n) => n.resources)).toEqual(pipelineStageNames().map((name) => [`${pipeline.id}/${name}`]));
    expect(hasPath(graph, ['pipeline-source', 'pipeline-build', 'pipeline-self-mutation', 'pipeline-assets', 'pipeline-deploy', 'pipeline-approval', 'pipeline-deploy'])).toBe(true);
    const deploys = nodesOf(graph).filter((n) => n.role === 'pipeline-deploy').map((n) => n.lines[0]);
    expect(deploys).toEqual(['sandbox stage', 'production stage']);
    const approval = nodesOf(graph).find((n) => n.role === 'pipeline-approval')!;
    expect(nodeEdges(graph).filter((e) => e.from.id === approval.id).map((e) => e.to.lines[0])).toEqual(['production stage']);
  });

  test('the build node shows the commands the synth step runs; the source node the repository and branch', () => {
    const graph = pipelineGraph(pipeline);
    expect(nodesOf(graph).find((n) => n.role === 'pipeline-build')!.lines).toEqual(['Build: Synth', 'npm ci', 'npm test', 'npm run synth', 'CodeBuild']);
    expect(nodesOf(graph).find((n) => n.role === 'pipeline-source')!.lines[1]).toBe('GitHub your-org/aws-service-atlas · main');
  });
});

describe('stacks diagram', () => {
  /** The stack artifacts of a stage, read from the raw manifest (not through the code under test). */
  function manifestStacks(stage: string): { name: string; dependencies: string[]; terminationProtection: boolean; region: string }[] {
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, `assembly-${stage}`, 'manifest.json'), 'utf8')) as {
      artifacts: Record<string, { type: string; displayName?: string; environment?: string; dependencies?: string[]; properties?: { terminationProtection?: boolean } }>;
    };
    const stacks = Object.entries(manifest.artifacts).filter(([, a]) => a.type === 'aws:cloudformation:stack');
    const nameOf = (id: string) => stacks.find(([artifactId]) => artifactId === id)?.[1].displayName?.replace(`${stage}/`, '');
    return stacks.map(([, a]) => ({
      name: a.displayName!.replace(`${stage}/`, ''),
      dependencies: (a.dependencies ?? []).map(nameOf).filter((n): n is string => n !== undefined),
      terminationProtection: a.properties?.terminationProtection ?? false,
      region: a.environment!.split('/').pop()!,
    }));
  }

  /** Nodes (first label line → id) and `a --> b` edges, parsed from the Mermaid text. */
  function parseStacksMermaid(text: string) {
    const ids = new Map<string, string>();
    for (const [, id, name] of text.matchAll(/^ +(\w+)\("([A-Za-z0-9]+)[^"]*"\)$/gm)) ids.set(name, id);
    const edges = [...text.matchAll(/^ {2}(\w+) --> (\w+)$/gm)].map(([, from, to]) => `${from}->${to}`);
    const protectedIds = text.match(/^ {2}class ([\w,]+) protected$/m)?.[1].split(',') ?? [];
    return { ids, edges, protectedIds };
  }

  test.each(STAGES)('%s: every stack of the manifest appears, with every deployment dependency as an edge and no other', (stage) => {
    const { ids, edges, protectedIds } = parseStacksMermaid(toMermaid(view(stage, 'stacks')));
    const stacks = manifestStacks(stage);
    expect([...ids.keys()].sort()).toEqual(stacks.map((s) => s.name).sort());
    const expected = stacks.flatMap((s) => s.dependencies.map((d) => `${ids.get(d)}->${ids.get(s.name)}`));
    expect(expected.length).toBeGreaterThan(0);
    expect(edges.sort()).toEqual(expected.sort());
    expect(protectedIds.sort()).toEqual(stacks.filter((s) => s.terminationProtection).map((s) => ids.get(s.name)).sort());
  });

  test.each(STAGES)('%s: every stack appears in the group of the region the manifest deploys it to, one group per configured region', (stage) => {
    const groups = regionGroups(view(stage, 'stacks'));
    // The stage's regions, and us-east-1 where it issues CloudFront's certificate; the primary first.
    const configured = [...regionsOf(stage), ...(PRESETS[stage].dns.issueCertificates ? ['us-east-1'] : [])];
    expect([...groups.keys()].sort()).toEqual([...configured].sort());
    expect([...groups.keys()][0]).toBe(PRESETS[stage].region);
    const drawnIn = new Map([...groups].flatMap(([region, group]) => nodesOf({ items: group.children }).map((n) => [n.resources![0], region] as const)));
    const stacks = manifestStacks(stage);
    expect(stacks.map((s) => [s.name, drawnIn.get(s.name)])).toEqual(stacks.map((s) => [s.name, s.region]));
    expect(nodesOf(view(stage, 'stacks'))).toHaveLength(stacks.length); // no stack outside a region group
  });

  test('the sandbox has one region; production draws its cross-region dependencies (a Standby stack before a primary one)', () => {
    expect(regionGroups(view('sandbox', 'stacks')).size).toBe(1);
    const standby = PRESETS.production.standby!.region;
    const crossing = manifestStacks('production').flatMap((s) => s.dependencies.map((d) => [manifestStacks('production').find((x) => x.name === d)!.region, s.region]));
    expect(crossing).toContainEqual([standby, PRESETS.production.region]);
  });

  test('production marks its termination-protected stacks; the sandbox has none', () => {
    expect(stages.find((s) => s.name === 'production')!.stacks.some((s) => s.terminationProtection)).toBe(PRESETS.production.durability.terminationProtection);
    expect(toMermaid(view('sandbox', 'stacks'))).not.toMatch(/termination-protected/);
  });
});

describe('network diagram', () => {
  test.each(STAGES)('%s: one group per region, each with one group per availability zone, exactly the AZs configured for that region', (stage) => {
    const groups = regionGroups(view(stage, 'network'));
    expect([...groups.keys()]).toEqual(regionsOf(stage));
    for (const [region, group] of groups) {
      const zones = groupsOf({ items: group.children }).filter((g) => g.role === 'availability-zone').map((g) => g.label);
      expect([region, zones]).toEqual([region, [...zonesIn(stage, region)].sort()]);
    }
    // And no AZ group outside a region.
    expect(groupsOf(view(stage, 'network')).filter((g) => g.role === 'availability-zone')).toHaveLength(regionsOf(stage).reduce((n, r) => n + zonesIn(stage, r).length, 0));
  });

  test("production: the standby region's VPC has the standby's CIDR and exactly its configured AZs", () => {
    const { standby } = PRESETS.production;
    const group = regionGroups(view('production', 'network')).get(standby!.region)!;
    const vpcs = groupsOf({ items: group.children }).filter((g) => g.role === 'vpc');
    expect(vpcs.map((v) => v.label)).toEqual([`VPC ${standby!.network.vpcCidr}`]);
    expect(groupsOf({ items: vpcs[0].children }).map((g) => g.label)).toEqual([...standby!.availabilityZones].sort());
  });

  test("the sandbox network spans the AZs it is configured with, and none of its region's other AZs", () => {
    const { region, availabilityZones } = PRESETS.sandbox;
    const mermaid = toMermaid(view('sandbox', 'network'));
    for (const az of availabilityZones) expect(mermaid).toContain(`["${az}"]`);
    const others = REGION_AVAILABILITY_ZONES[region].filter((az) => !availabilityZones.includes(az));
    expect(others.length).toBeGreaterThan(0); // the sandbox leaves some of the region's AZs out, or there is nothing to check
    for (const az of others) expect(mermaid).not.toContain(az);
  });

  test.each(STAGES)('%s: every AZ holds a public, an application and an isolated tier', (stage) => {
    for (const zone of groupsOf(view(stage, 'network')).filter((g) => g.role === 'availability-zone')) {
      expect(nodesOf({ items: zone.children }).map((n) => n.role)).toEqual(['subnet:Public', 'subnet:Private', 'subnet:Isolated']);
    }
  });

  test.each(STAGES)('%s: NAT gateways sit in public subnets, compute in the application tier, databases in the isolated tier', (stage) => {
    const primary = regionGroups(view(stage, 'network')).get(PRESETS[stage].region)!;
    const subnets = nodesOf({ items: primary.children });
    const text = (role: string) => subnets.filter((n) => n.role === role).map((n) => n.lines.join('\n')).join('\n');
    expect(text('subnet:Public').match(/NAT gateway/g)).toHaveLength(PRESETS[stage].network.natGateways);
    expect(text('subnet:Public').match(/ALB \(internet-facing\)/g)).toHaveLength(PRESETS[stage].availabilityZones.length);
    for (const compute of ['Auto Scaling group', 'ECS Fargate service', 'Lambda function']) {
      expect(text('subnet:Private').split(compute)).toHaveLength(PRESETS[stage].availabilityZones.length + 1);
    }
    expect(text('subnet:Isolated')).toMatch(/RDS postgres/);
    expect(text('subnet:Public') + text('subnet:Private')).not.toMatch(/RDS|ElastiCache|DocumentDB/);
  });

  test('production standby region: its own NAT gateways and load balancer, only the web tier in the application subnets, no database', () => {
    const { standby } = PRESETS.production;
    const subnets = nodesOf({ items: regionGroups(view('production', 'network')).get(standby!.region)!.children });
    const text = (role: string) => subnets.filter((n) => n.role === role).map((n) => n.lines.join('\n')).join('\n');
    expect(text('subnet:Public').match(/NAT gateway/g)).toHaveLength(standby!.network.natGateways);
    expect(text('subnet:Public').match(/ALB \(internet-facing\)/g)).toHaveLength(standby!.availabilityZones.length);
    expect(text('subnet:Private').match(new RegExp(`Auto Scaling group \\(${standby!.webTier.instanceType}\\)`, 'g'))).toHaveLength(standby!.availabilityZones.length);
    expect(text('subnet:Private')).not.toMatch(/ECS|Lambda/);
    expect(text('subnet:Isolated')).not.toMatch(/RDS|ElastiCache|DocumentDB/);
  });

  test.each(STAGES)('%s: the cache and DocumentDB appear only where the config switches them on, in as many AZs as they have nodes', (stage) => {
    const isolated = nodesOf(view(stage, 'network')).filter((n) => n.role === 'subnet:Isolated').map((n) => n.lines.join('\n')).join('\n');
    expect((isolated.match(/ElastiCache/g) ?? []).length).toBe(PRESETS[stage].cache?.nodes ?? 0);
    expect((isolated.match(/DocumentDB instance/g) ?? []).length).toBe(PRESETS[stage].document?.instances ?? 0);
  });

  test('the sandbox application subnets all route to the one NAT gateway; production routes each AZ to its own, in each region', () => {
    const natRoutes = (stage: StageName, region: string) => {
      const inRegion = new Set(nodesOf({ items: regionGroups(view(stage, 'network')).get(region)!.children }).map((n) => n.id));
      return nodeEdgesAll(view(stage, 'network')).filter((e) => e.label?.endsWith('via NAT') && inRegion.has(e.to));
    };
    const { sandbox, production } = PRESETS;
    expect(new Set(natRoutes('sandbox', sandbox.region).map((e) => e.from)).size).toBe(sandbox.network.natGateways);
    expect(natRoutes('sandbox', sandbox.region)).toHaveLength(sandbox.availabilityZones.length);
    expect(new Set(natRoutes('production', production.region).map((e) => e.from)).size).toBe(production.network.natGateways);
    expect(new Set(natRoutes('production', production.standby!.region).map((e) => e.from)).size).toBe(production.standby!.network.natGateways);
  });
});

/** All edges of a graph as drawn (undirected ones too). */
const nodeEdgesAll = (graph: Graph) => graph.edges.filter((e) => e.style !== 'invisible');

describe('request paths diagram', () => {
  test.each(STAGES)('%s: users → load balancer → instances and containers → RDS', (stage) => {
    const graph = view(stage, 'request-paths');
    expect(hasPath(graph, ['user', 'load-balancer', 'instances', 'relational-database'])).toBe(true);
    expect(hasPath(graph, ['user', 'load-balancer', 'containers', 'relational-database'])).toBe(true);
    expect(hasPath(graph, ['user', 'dns', 'load-balancer'])).toBe(true);
  });

  test.each(STAGES)('%s: users → CloudFront → the content bucket; Route 53 points at CloudFront only where a record does', (stage) => {
    const graph = view(stage, 'request-paths');
    expect(hasPath(graph, ['user', 'cdn', 'bucket'])).toBe(true);
    const records = stages.find((s) => s.name === stage)!.stacks.flatMap((s) => Object.values(s.template.Resources ?? {})).filter((r) => r.Type === 'AWS::Route53::RecordSet');
    const aliasToCloudFront = records.some((r) => JSON.stringify(r.Properties).includes('Distribution'));
    expect(hasPath(graph, ['dns', 'cdn'])).toBe(aliasToCloudFront);
  });

  test.each(STAGES)('%s: a schedule and the bucket\'s object events → Lambda → DynamoDB', (stage) => {
    const graph = view(stage, 'request-paths');
    expect(hasPath(graph, ['schedule', 'function', 'table'])).toBe(true);
    expect(hasPath(graph, ['cdn', 'bucket', 'event-rule', 'function', 'table'])).toBe(true);
    expect(nodeEdges(graph).find((e) => e.to.role === 'table')?.label).toBe('TABLE_NAME');
  });

  test.each(STAGES)('%s: CloudTrail → its bucket and log group; alarms → the alarm topic', (stage) => {
    const graph = view(stage, 'request-paths');
    expect(hasPath(graph, ['trail', 'bucket'])).toBe(true);
    expect(hasPath(graph, ['trail', 'log-group'])).toBe(true);
    expect(hasPath(graph, ['alarms', 'topic'])).toBe(true);
    // No alarmEmail in the presets: the topic has no subscriber to draw.
    expect(roles(graph).has('subscriber')).toBe(PRESETS[stage].monitoring.alarmEmail !== undefined);
  });

  test.each(STAGES)('%s: the cache, DocumentDB and Beanstalk appear only where the config switches them on', (stage) => {
    const graph = view(stage, 'request-paths');
    const config = PRESETS[stage];
    expect(roles(graph).has('cache')).toBe(config.cache !== undefined);
    expect(roles(graph).has('document-database')).toBe(config.document !== undefined);
    expect(roles(graph).has('beanstalk')).toBe(config.beanstalk !== undefined);
    expect(hasPath(graph, ['user', 'load-balancer', 'instances', 'cache'])).toBe(config.cache !== undefined);
    expect(hasPath(graph, ['user', 'load-balancer', 'containers', 'document-database'])).toBe(config.document !== undefined);
  });

  test("production: Route 53 sends users to the load balancers of both regions, each in its region's group", () => {
    const graph = view('production', 'request-paths');
    const regionOfNode = new Map([...regionGroups(graph)].flatMap(([region, group]) => nodesOf({ items: group.children }).map((n) => [n.id, region] as const)));
    const answered = nodeEdges(graph).filter((e) => e.from.role === 'dns' && e.to.role === 'load-balancer' && e.style === 'solid');
    expect([...new Set(answered.map((e) => regionOfNode.get(e.to.id)))].sort()).toEqual(regionsOf('production').sort());
    const checked = nodeEdges(graph).filter((e) => e.from.role === 'dns' && e.to.role === 'load-balancer' && e.style === 'dotted');
    expect([...new Set(checked.map((e) => regionOfNode.get(e.to.id)))].sort()).toEqual(regionsOf('production').sort());
  });

  test("production: CloudFront's origin group reads the primary region's bucket first and the standby's replica as the fallback; the sandbox has one origin", () => {
    const graph = view('production', 'request-paths');
    const regionOfNode = new Map([...regionGroups(graph)].flatMap(([region, group]) => nodesOf({ items: group.children }).map((n) => [n.id, region] as const)));
    const origins = nodeEdges(graph).filter((e) => e.from.role === 'cdn' && e.to.role === 'bucket').map((e) => [regionOfNode.get(e.to.id), e.label]);
    expect(origins).toEqual([
      [PRESETS.production.region, 'origin group: primary, access control'],
      [PRESETS.production.standby!.region, expect.stringMatching(/^origin group: fallback on 500, 502, 503, 504, 403, 404, access control$/)],
    ]);
    expect(nodeEdges(view('sandbox', 'request-paths')).filter((e) => e.from.role === 'cdn').map((e) => e.label)).toEqual(['origin, access control']);
  });

  test('each data edge carries the port the security group admits', () => {
    const labels = nodeEdges(view('production', 'request-paths')).filter((e) => e.to.shape === 'cylinder' && e.label?.startsWith(':')).map((e) => `${e.to.role}${e.label}`);
    expect(new Set(labels)).toEqual(new Set(['relational-database:5432', 'cache:6379', 'document-database:27017']));
  });
});

describe('derivation on hand-made templates', () => {
  const stack = (id: string, resources: Record<string, unknown>, outputs: Record<string, unknown> = {}): StackModel => ({
    id, path: `fixture/${id}`, stackName: `fixture-${id}`, templateFile: `${id}.template.json`, terminationProtection: false, dependencies: [],
    template: { Resources: resources as StackModel['template']['Resources'], Outputs: outputs as StackModel['template']['Outputs'] },
  });
  const fixture = (...stacks: StackModel[]): StageModel => ({ name: 'fixture', directory: 'assembly-fixture', regions: [], stacks });
  const fn = (environment: Record<string, unknown>) => ({
    Type: 'AWS::Lambda::Function', Properties: { Environment: { Variables: environment } },
  });
  const rule = { Type: 'AWS::Events::Rule', Properties: { ScheduleExpression: 'rate(1 hour)', Targets: [{ Arn: { 'Fn::GetAtt': ['Fn', 'Arn'] }, Id: 'T' }] } };
  const table = { Type: 'AWS::DynamoDB::Table', Properties: { BillingMode: 'PAY_PER_REQUEST' } };

  test('a function whose TABLE_NAME is a literal name gets no edge to the table; a reference does', () => {
    const literal = requestPathsGraph(fixture(stack('App', { Fn: fn({ TABLE_NAME: 'my-table' }), Rule: rule, Table: table })));
    expect(hasPath(literal, ['function', 'table'])).toBe(false);
    const referenced = requestPathsGraph(fixture(stack('App', { Fn: fn({ TABLE_NAME: { Ref: 'Table' } }), Rule: rule, Table: table })));
    expect(hasPath(referenced, ['schedule', 'function', 'table'])).toBe(true);
  });

  test('a reference to another stack is followed through its output; one to a missing output yields no edge', () => {
    const data = stack('Data', { Table: table }, { TableOut: { Value: { Ref: 'Table' } } });
    const withOutput = (outputName: string) => requestPathsGraph(fixture(
      data,
      stack('App', { Fn: fn({ TABLE_NAME: { 'Fn::GetStackOutput': { StackName: 'fixture-Data', OutputName: outputName } } }), Rule: rule }),
    ));
    expect(hasPath(withOutput('TableOut'), ['function', 'table'])).toBe(true);
    expect(hasPath(withOutput('NoSuchOutput'), ['function', 'table'])).toBe(false);
  });

  test('compute reaches a database only when an ingress rule admits its security group on the database port', () => {
    const graph = (ingressPort: number) => requestPathsGraph(fixture(stack('App', {
      AppSg: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'App' } },
      DbSg: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'Db' } },
      Ingress: {
        Type: 'AWS::EC2::SecurityGroupIngress',
        Properties: { GroupId: { 'Fn::GetAtt': ['DbSg', 'GroupId'] }, SourceSecurityGroupId: { 'Fn::GetAtt': ['AppSg', 'GroupId'] }, IpProtocol: 'tcp', FromPort: ingressPort, ToPort: ingressPort },
      },
      Fn: { Type: 'AWS::Lambda::Function', Properties: { VpcConfig: { SecurityGroupIds: [{ 'Fn::GetAtt': ['AppSg', 'GroupId'] }] } } },
      Db: { Type: 'AWS::RDS::DBInstance', Properties: { Engine: 'postgres', VPCSecurityGroups: [{ 'Fn::GetAtt': ['DbSg', 'GroupId'] }] } },
    })));
    expect(hasPath(graph(5432), ['function', 'relational-database'])).toBe(true);
    expect(hasPath(graph(3306), ['function', 'relational-database'])).toBe(false);
  });

  test('a record whose alias names a host literally is not drawn as pointing at the distribution', () => {
    const graph = requestPathsGraph(fixture(stack('Edge', {
      Zone: { Type: 'AWS::Route53::HostedZone', Properties: { Name: 'example.com.' } },
      Record: { Type: 'AWS::Route53::RecordSet', Properties: { HostedZoneId: { Ref: 'Zone' }, Name: 'www.example.com.', Type: 'A', AliasTarget: { DNSName: 'd111111abcdef8.cloudfront.net', HostedZoneId: 'Z2FDTNDATAQYW2' } } },
      Cdn: { Type: 'AWS::CloudFront::Distribution', Properties: { DistributionConfig: { Origins: [] } } },
    })));
    expect(hasPath(graph, ['dns', 'cdn'])).toBe(false);
    expect(hasPath(graph, ['user', 'cdn'])).toBe(true);
  });

  test('alarms → topic → subscriber where a subscription references the topic; an alarm on another topic adds no edge', () => {
    const graph = requestPathsGraph(fixture(
      stack('Monitoring', {
        Topic: { Type: 'AWS::SNS::Topic', Properties: {} },
        Mail: { Type: 'AWS::SNS::Subscription', Properties: { TopicArn: { Ref: 'Topic' }, Protocol: 'email', Endpoint: 'ops@example.com' } },
      }, { TopicOut: { Value: { Ref: 'Topic' } } }),
      stack('App', {
        Alarm: { Type: 'AWS::CloudWatch::Alarm', Properties: { Namespace: 'AWS/Lambda', AlarmActions: [{ 'Fn::GetStackOutput': { StackName: 'fixture-Monitoring', OutputName: 'TopicOut' } }] } },
        Elsewhere: { Type: 'AWS::CloudWatch::Alarm', Properties: { Namespace: 'AWS/SQS', AlarmActions: ['arn:aws:sns:ap-northeast-2:111122223333:other'] } },
      }),
    ));
    expect(hasPath(graph, ['alarms', 'topic', 'subscriber'])).toBe(true);
    expect(nodesOf(graph).filter((n) => n.role === 'alarms').map((n) => n.lines)).toEqual([['1 CloudWatch alarm', 'on Lambda']]);
    expect(nodesOf(graph).find((n) => n.role === 'subscriber')?.lines).toEqual(['email subscription']);
  });

  test('a subnet without literal AZ or tier tags still gets a group, named for what the template says', () => {
    const graph = networkGraph(fixture(stack('Net', {
      Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
      Subnet: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.0.0.0/24', AvailabilityZone: { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] } } },
    })));
    expect(groupsOf(graph).filter((g) => g.role === 'availability-zone').map((g) => g.label)).toEqual(['AZ chosen at deploy']);
  });
});

describe('diagram text', () => {
  test('every generated Mermaid diagram is well formed: unique ids, declared edge ends, balanced subgraphs, quoted labels', () => {
    for (const { stage, view: name, graph } of generated.views) {
      const text = toMermaid(graph);
      const declared = [...text.matchAll(/^\s*(?:subgraph )?(\w+)[[({]/gm)].map(([, id]) => id);
      expect({ stage, name, duplicates: declared.filter((id, i) => declared.indexOf(id) !== i) }).toEqual({ stage, name, duplicates: [] });
      for (const [, from, to] of text.matchAll(/^ {2}(\w+) (?:-->|---|-\.->|-\.-|~~~)(?:\|"[^"]*"\|)? (\w+)$/gm)) {
        expect(declared).toEqual(expect.arrayContaining([from, to]));
      }
      expect(text.match(/^\s*subgraph /gm)?.length ?? 0).toBe(text.match(/^\s*end$/gm)?.length ?? 0);
      // Every label is one quoted string: a stray quote would end it early.
      for (const line of text.split('\n').filter((l) => /\["|\("|\{\{"/.test(l))) expect(line.match(/"/g)!.length % 2).toBe(0);
    }
  });

  test('fails on an id Mermaid would misread, and escapes quotes and angle brackets in labels', () => {
    expect(() => checkMermaidId('end')).toThrow(/'end' is not a safe Mermaid id/);
    expect(() => checkMermaidId('a-b')).toThrow(/'a-b' is not a safe Mermaid id/);
    expect(escapeMermaid('say "hi" <b>')).toBe('say #quot;hi#quot; #lt;b#gt;');
  });

  test('the DOT text has the same nodes, clusters and edges, an edge from a group clipped at its cluster', () => {
    const graph: Graph = {
      direction: 'LR',
      items: [
        { type: 'node', id: 'a', lines: ['A "quoted"'] },
        { type: 'group', id: 'g', label: 'Group', children: [{ type: 'node', id: 'b', lines: ['B', 'second line'], shape: 'cylinder' }] },
      ],
      edges: [{ from: 'a', to: 'b', label: ':5432' }, { from: 'g', to: 'a', style: 'dotted' }],
    };
    const dot = toDot(graph, 'fixture');
    expect(dot).toContain('"a" [shape=box, label="A \\"quoted\\""];');
    expect(dot).toContain('subgraph "cluster_g" {');
    expect(dot).toContain('"b" [shape=cylinder, label="B\\nsecond line"];');
    expect(dot).toContain('"a" -> "b" [label=":5432"];');
    expect(dot).toContain('"b" -> "a" [style=dashed, ltail="cluster_g"];');
  });
});
