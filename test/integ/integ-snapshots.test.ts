import * as fs from 'fs';
import * as path from 'path';
import { CONTAINER_PATH } from '../../lib/compute/container-service';
import { AssemblyStack, assemblyStacks, readIntegManifest } from './assembly';
import { CONTAINER_MARKER, SITE_MARKER, WEB_TIER_MARKER } from './integ.sandbox';
import { tempDir } from '../support/context';
import { at, text } from '../support/select';
import {
  compareSnapshots,
  describeDifferences,
  INTEG_APPS,
  IntegApp,
  normaliseTemplate,
  readSnapshot,
  snapshotDir,
  snapshotFilesOf,
  SnapshotFiles,
  UPDATE_COMMAND,
  writeSnapshot,
} from './snapshot';

// The committed integration snapshots (integ.<name>.ts.snapshot/), verified offline: each integration app is
// synthesized once into a temporary directory (no credentials, bundling skipped) and compared file by file; the
// sandbox app's assertions are then checked against the same synth.
const outdirs = new Map<IntegApp, string>();
beforeAll(() => {
  for (const app of INTEG_APPS) {
    const outdir = tempDir('integ-snapshot-test');
    outdirs.set(app, outdir);
    app.synth(outdir);
  }
});
afterAll(() => {
  for (const outdir of outdirs.values()) fs.rmSync(outdir, { recursive: true, force: true });
});

describe.each(INTEG_APPS.map((app) => [app.file, app] as const))('integration app %s', (_file, app) => {
  const outdir = () => outdirs.get(app)!;
  let synthesized: SnapshotFiles;
  beforeAll(() => {
    synthesized = snapshotFilesOf(outdir());
  });

  test('synthesizes exactly its committed snapshot', () => {
    const differences = compareSnapshots(readSnapshot(snapshotDir(app)), synthesized);
    if (differences.length > 0) throw new Error(describeDifferences(app, differences));
  });

  test('the snapshot holds the integ manifest and the template of every stack the test deploys', () => {
    const stacks = assemblyStacks(outdir());
    const deployed = Object.values(readIntegManifest(outdir()).testCases).flatMap((testCase) => [...testCase.stacks, testCase.assertionStack!]);
    expect(deployed.length).toBeGreaterThan(1);
    expect([...synthesized.keys()].sort()).toEqual(['integ.json', ...deployed.map((stack) => stacks.get(stack)!.templateFile)].sort());
  });

  test('every stack the test depends on is one it deploys', () => {
    // The run deploys the test stacks, then the assertion stack alone (`--exclusively`): a dependency outside the
    // test stacks would be missing from the account.
    const stacks = assemblyStacks(outdir());
    for (const testCase of Object.values(readIntegManifest(outdir()).testCases)) {
      const closure = new Set<string>();
      const visit = (stack: string) => {
        for (const dependency of stacks.get(stack)?.dependencies ?? []) {
          if (!closure.has(dependency)) {
            closure.add(dependency);
            visit(dependency);
          }
        }
      };
      [...testCase.stacks, testCase.assertionStack!].forEach(visit);
      expect([...closure].filter((stack) => !testCase.stacks.includes(stack))).toEqual([]);
    }
  });

  test('fails on a changed template, naming the file and the update command', () => {
    // A committed copy that someone edited (or an architecture change the snapshot does not have yet).
    const [file, text] = [...synthesized.entries()].find(([name]) => name.endsWith('.template.json'))!;
    const template = JSON.parse(text) as { Resources: Record<string, unknown> };
    template.Resources.Tampered = { Type: 'AWS::SNS::Topic' };
    const tampered = new Map(synthesized).set(file, `${JSON.stringify(template, undefined, 2)}\n`);

    const differences = compareSnapshots(tampered, synthesized);

    expect(differences).toEqual([expect.objectContaining({ file, kind: 'changed' })]);
    const message = describeDifferences(app, differences);
    expect(message).toContain(`${path.relative(process.cwd(), snapshotDir(app))}/${file}: changed`);
    expect(message).toContain(UPDATE_COMMAND);
  });

  test('fails on a stack added to or removed from the test', () => {
    const [removed] = [...synthesized.keys()].filter((name) => name.endsWith('.template.json'));
    const withoutOne = new Map(synthesized);
    withoutOne.delete(removed);
    const withExtra = new Map(synthesized).set('assembly-sandbox/sandboxExtra12345678.template.json', '{}\n');

    expect(compareSnapshots(withoutOne, synthesized)).toEqual([{ file: removed, kind: 'missing from the snapshot' }]);
    expect(compareSnapshots(withExtra, synthesized)).toEqual([{ file: 'assembly-sandbox/sandboxExtra12345678.template.json', kind: 'no longer synthesized' }]);
  });
});

interface CfnResource {
  Type: string;
  Properties?: Record<string, unknown>;
  DependsOn?: string[];
}

interface CfnTemplate {
  Resources: Record<string, CfnResource>;
  Outputs?: Record<string, { Value: unknown }>;
}

describe('integ.sandbox.ts assertions', () => {
  let stacks: Map<string, AssemblyStack>;
  let byName: Map<string, CfnTemplate>;
  let assertions: CfnTemplate;
  let probes: CfnTemplate;
  beforeAll(() => {
    const outdir = outdirs.get(INTEG_APPS.find((app) => app.file === 'integ.sandbox.ts')!)!;
    stacks = assemblyStacks(outdir);
    byName = new Map(
      [...stacks.values()].map((stack) => [stack.stackName, JSON.parse(fs.readFileSync(path.join(outdir, stack.templateFile), 'utf8')) as CfnTemplate]),
    );
    assertions = byName.get(stacks.get('sandbox/IntegAssertions')!.stackName)!;
    probes = byName.get(stacks.get('sandbox/IntegProbes')!.stackName)!;
  });

  /** Follows a cross-stack reference to the producer: its stack's template and the referenced logical id. */
  const producer = (value: unknown): { template: CfnTemplate; logicalId: string; attribute?: string } => {
    const ref = at(value, 'Fn::GetStackOutput') as { StackName: string; OutputName: string };
    const template = byName.get(ref.StackName)!;
    const output = template.Outputs![ref.OutputName].Value as { Ref?: string; 'Fn::GetAtt'?: [string, string] };
    if (output.Ref) return { template, logicalId: output.Ref };
    const [logicalId, attribute] = output['Fn::GetAtt']!;
    return { template, logicalId, attribute };
  };
  const resourceOf = (value: unknown): CfnResource & { logicalId: string; attribute?: string } => {
    const { template, logicalId, attribute } = producer(value);
    return { ...template.Resources[logicalId], logicalId, attribute };
  };
  /** The reference inside an `Fn::Join` (URLs, and the parameters integ-tests encodes as JSON strings). */
  const joined = (value: unknown): unknown => (at(value, 'Fn::Join', 1) as unknown[]).find((part) => typeof part === 'object');
  /** A parameter of an assertion's API call. */
  const parameter = (resource: CfnResource, name: string): unknown => at(resource.Properties, 'parameters', name);
  const expected = (id: string): unknown => JSON.parse(text(assertions.Resources[id].Properties!.expected)) as unknown;

  test.each([
    ['LoadBalancerServesWebTierPage', 'http://', 'AWS::ElasticLoadBalancingV2::LoadBalancer', 'DNSName', '/', WEB_TIER_MARKER],
    ['LoadBalancerServesContainerPage', 'http://', 'AWS::ElasticLoadBalancingV2::LoadBalancer', 'DNSName', CONTAINER_PATH, CONTAINER_MARKER],
    ['CloudFrontServesSite', 'https://', 'AWS::CloudFront::Distribution', 'DomainName', '/', SITE_MARKER],
  ])('%s: GETs %s<%s %s>%s until it answers 200 with its marker', (id, scheme, type, attribute, suffix, marker) => {
    const [before, reference, after] = at(parameter(assertions.Resources[id], 'url'), 'Fn::Join', 1) as unknown[];
    expect([before, after]).toEqual([scheme, suffix]);
    expect(resourceOf(reference)).toEqual(expect.objectContaining({ Type: type, attribute }));

    const pattern = at(expected(id), '$ObjectLike') as { status: unknown; body: { $StringLike: string } };
    expect(pattern.status).toBe(200);
    expect(new RegExp(pattern.body.$StringLike).test(`<html>${marker}</html>`)).toBe(true);
    // Retried by the waiter state machine: instances boot after their stack completes.
    const stateMachineArn = at(assertions.Resources[id].Properties, 'stateMachineArn');
    expect(stateMachineArn).toEqual({ Ref: text(at(stateMachineArn, 'Ref')) }); // a { Ref } with a string, nothing else
  });

  test("the markers are what the stage serves: the instances' page, the container's answer, the site's paragraph", () => {
    const compute = JSON.stringify(byName.get(stacks.get('sandbox/Compute')!.stackName));
    expect(compute).toContain(WEB_TIER_MARKER);
    expect(compute).toContain(CONTAINER_MARKER);
    expect(fs.readFileSync(path.join(__dirname, '..', '..', 'assets', 'site', 'index.html'), 'utf8')).toContain(`<p>${SITE_MARKER}</p>`);
  });

  test('the function is invoked with a scheduled event and must answer {kind: schedule}', () => {
    const invoke = assertions.Resources.ProcessorHandlesScheduledRun;
    const fn = resourceOf(joined(parameter(invoke, 'FunctionName')));
    expect(fn.Type).toBe('AWS::Lambda::Function');
    expect(at(fn.Properties, 'Environment', 'Variables', 'TABLE_NAME')).toBeDefined();
    expect(JSON.parse(text(JSON.parse(text(parameter(invoke, 'Payload'))))) as unknown).toEqual({
      source: 'aws.events',
      'detail-type': 'Scheduled Event',
      time: '2000-01-01T00:00:00Z',
    });
    expect(expected('ProcessorHandlesScheduledRun')).toEqual({ $ObjectLike: { StatusCode: 200, Payload: { $SerializedJson: { kind: 'schedule' } } } });
  });

  test("the record is deleted before the invocation and read back with a consistent read after it, from the function's table", () => {
    const { ClearProcessorRecord: clear, ProcessorHandlesScheduledRun: invoke, TableHoldsProcessorRecord: read } = assertions.Resources;
    expect(invoke.DependsOn).toContain('ClearProcessorRecord');
    expect(read.DependsOn).toContain('ProcessorHandlesScheduledRun');
    expect(clear.Properties!.api).toBe('deleteItem');
    expect(read.Properties!.api).toBe('getItem');
    expect(JSON.parse(text(parameter(read, 'ConsistentRead')))).toBe(true);

    const key = { pk: { S: 'RUN#2000-01-01' }, sk: { S: 'EVENT#2000-01-01T00:00:00Z' } };
    expect(JSON.parse(text(parameter(clear, 'Key')))).toEqual(key);
    expect(JSON.parse(text(parameter(read, 'Key')))).toEqual(key);
    expect(expected('TableHoldsProcessorRecord')).toEqual({ $ObjectLike: { Item: { ...key, kind: { S: 'schedule' } } } });

    const table = resourceOf(joined(parameter(read, 'TableName')));
    expect(table.Type).toBe('AWS::DynamoDB::GlobalTable');
    expect(resourceOf(joined(parameter(clear, 'TableName'))).logicalId).toBe(table.logicalId);
    const fn = resourceOf(joined(parameter(invoke, 'FunctionName')));
    expect(producer(at(fn.Properties, 'Environment', 'Variables', 'TABLE_NAME')).logicalId).toBe(table.logicalId);
  });

  test.each([
    ['DatabaseReachableFromApplicationTier', 'Application', { reachable: true, outcome: 'connected' }],
    ['DatabaseUnreachableFromPublicTier', 'Public', { reachable: false, outcome: 'timeout' }],
  ])('%s: a probe in the %s subnets, with the group the database admits, must report %j', (id, subnetName, outcome) => {
    expect(expected(id)).toEqual({ $ObjectLike: { StatusCode: 200, Payload: { $SerializedJson: { $ObjectLike: outcome } } } });
    const probe = probes.Resources[resourceOf(joined(parameter(assertions.Resources[id], 'FunctionName'))).logicalId];
    expect(probe.Type).toBe('AWS::Lambda::Function');

    const subnets = (at(probe.Properties, 'VpcConfig', 'SubnetIds') as unknown[]).map((subnet) => resourceOf(subnet));
    expect(subnets.length).toBeGreaterThanOrEqual(2);
    for (const subnet of subnets) expect(subnet.Properties!.Tags).toContainEqual({ Key: 'aws-cdk:subnet-name', Value: subnetName });

    // The group the data tier admits on the database's port, so that only the subnet tier decides.
    const [group] = (at(probe.Properties, 'VpcConfig', 'SecurityGroupIds') as unknown[]).map((g) => resourceOf(g));
    const network = byName.get(stacks.get('sandbox/Network')!.stackName)!;
    const admitted = Object.values(network.Resources).filter(
      (r) =>
        r.Type === 'AWS::EC2::SecurityGroupIngress' &&
        r.Properties!.FromPort === 5432 &&
        (r.Properties!.SourceSecurityGroupId as { 'Fn::GetAtt'?: string[] } | undefined)?.['Fn::GetAtt']?.[0] === group.logicalId,
    );
    expect(admitted).toHaveLength(1);

    const { TARGET_HOST: host, TARGET_PORT: port } = at(probe.Properties, 'Environment', 'Variables') as Record<string, unknown>;
    expect(resourceOf(host)).toEqual(expect.objectContaining({ Type: 'AWS::RDS::DBInstance', attribute: 'Endpoint.Address' }));
    expect(resourceOf(port)).toEqual(expect.objectContaining({ Type: 'AWS::RDS::DBInstance', attribute: 'Endpoint.Port' }));
  });

  test("the assertion roles go without the stage's boundary (Step Functions lies outside it); the probes keep it", () => {
    const roles = (template: CfnTemplate) => Object.values(template.Resources).filter((r) => r.Type === 'AWS::IAM::Role');
    expect(roles(assertions).length).toBeGreaterThan(0);
    for (const role of roles(assertions)) expect(role.Properties!.PermissionsBoundary).toBeUndefined();
    expect(roles(probes).length).toBe(2);
    for (const role of roles(probes)) expect(resourceOf(role.Properties!.PermissionsBoundary).Type).toBe('AWS::IAM::ManagedPolicy');
  });

  test('each assertion reports under an output named for what it proves', () => {
    expect(Object.keys(assertions.Outputs ?? {}).sort()).toEqual([
      'AssertionResultsCloudFrontServesSite',
      'AssertionResultsDatabaseReachableFromApplicationTier',
      'AssertionResultsDatabaseUnreachableFromPublicTier',
      'AssertionResultsLoadBalancerServesContainerPage',
      'AssertionResultsLoadBalancerServesWebTierPage',
      'AssertionResultsProcessorHandlesScheduledRun',
      'AssertionResultsTableHoldsProcessorRecord',
    ]);
  });
});

describe('integration snapshot files', () => {
  test('asset hashes and assertion salts are replaced, nothing else', () => {
    const hash = 'ab'.repeat(32);
    const text = normaliseTemplate({
      Resources: {
        Assertion: { Type: 'Custom::DeployAssert@HttpCall', Properties: { salt: '1796088317258', url: 'http://x/' } },
        Other: { Type: 'Custom::Other', Properties: { salt: 'kept' } },
        Fn: { Type: 'AWS::Lambda::Function', Properties: { Code: { S3Key: `${hash}.zip` } } },
      },
    });

    expect(JSON.parse(text)).toEqual({
      Resources: {
        Assertion: { Type: 'Custom::DeployAssert@HttpCall', Properties: { salt: '[SALT]', url: 'http://x/' } },
        Other: { Type: 'Custom::Other', Properties: { salt: 'kept' } },
        Fn: { Type: 'AWS::Lambda::Function', Properties: { Code: { S3Key: '[ASSET HASH].zip' } } },
      },
    });
  });

  test('a written snapshot reads back unchanged', () => {
    const dir = tempDir('integ-snapshot-write');
    try {
      const files: SnapshotFiles = new Map([
        ['assembly-x/a.template.json', '{}\n'],
        ['integ.json', '{"testCases":{}}\n'],
      ]);
      writeSnapshot(path.join(dir, 'snap'), files);
      expect(readSnapshot(path.join(dir, 'snap'))).toEqual(files);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
