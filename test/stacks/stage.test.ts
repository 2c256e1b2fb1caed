import { RemovalPolicy } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { addAtlasStages } from '../../lib/atlas-app';
import type { AtlasStage } from '../../lib/atlas-stage';
import { PRESETS, STAGE_NAMES, StageName } from '../../lib/config';
import { unitTestApp } from '../support/app';
import { stackArtifacts as artifacts, stackIds, stackTemplate, stackTemplateJson } from '../support/assembly';
import { at, joinedText, resourcesOfType, stackOutputTarget, text } from '../support/select';

/** Both stages as the presets build them (constructed, not synthesized): for what the stage passes between constructs. */
let built: AtlasStage[] | undefined;
const builtStage = (name: StageName): AtlasStage => (built ??= addAtlasStages(unitTestApp(), { compliance: false })).find((s) => s.stageName === name)!;

describe.each(STAGE_NAMES)('AtlasStage %s', (stage) => {
  const standby = PRESETS[stage].standby;
  const primaryStacks = ['Access', 'Audit', 'Compute', 'Dashboard', 'Data', 'Dns', 'Edge', 'Monitoring', 'Network', 'Routing'];
  const standbyStacks = standby ? ['StandbyCompute', 'StandbyData', 'StandbyMonitoring', 'StandbyNetwork', 'StandbyRouting'] : [];
  // CloudFront's certificate, where the stage issues its own.
  const usEast1Stacks = PRESETS[stage].dns.issueCertificates ? ['EdgeCertificate'] : [];

  test(`composes the stacks, each named after its stage, in ${standby ? 'two regions' : 'one region'}`, () => {
    expect(stackIds(stage)).toEqual([...primaryStacks, ...standbyStacks, ...usEast1Stacks].sort());
    for (const a of artifacts(stage)) expect(a.properties.stackName).toMatch(new RegExp(`^${stage}-`));
    const regionOf = (id: string) =>
      artifacts(stage)
        .find((a) => a.displayName === `${stage}/${id}`)!
        .environment.split('/')
        .pop();
    for (const id of primaryStacks) expect([id, regionOf(id)]).toEqual([id, PRESETS[stage].region]);
    for (const id of standbyStacks) expect([id, regionOf(id)]).toEqual([id, standby!.region]);
    for (const id of usEast1Stacks) expect([id, regionOf(id)]).toEqual([id, 'us-east-1']);
  });

  test(`stateful stacks are termination-protected: ${PRESETS[stage].durability.terminationProtection}`, () => {
    // Dns too: its name servers are what the parent delegates to, and ACM's validation records stay in it.
    const statefulIds = ['Dns', 'Data', 'Edge', 'Audit', ...(standby ? ['StandbyData'] : [])];
    const stateful = artifacts(stage).filter((a) => statefulIds.some((s) => a.displayName.endsWith(`/${s}`)));
    expect(stateful).toHaveLength(statefulIds.length);
    for (const a of stateful) expect(Boolean(a.properties.terminationProtection)).toBe(PRESETS[stage].durability.terminationProtection);
    const stateless = artifacts(stage).filter((a) => !statefulIds.some((s) => a.displayName.endsWith(`/${s}`)));
    expect(stateless.length + stateful.length).toBe(stackIds(stage).length);
    for (const a of stateless) expect(Boolean(a.properties.terminationProtection)).toBe(false);
  });

  const retained = PRESETS[stage].durability.removalPolicy === RemovalPolicy.RETAIN;
  test(`the hosted zone is ${retained ? 'retained' : 'deleted'} with its stack`, () => {
    const [zone] = resourcesOfType(stackTemplate(stage, 'Dns'), 'AWS::Route53::HostedZone');
    expect([zone.DeletionPolicy, zone.UpdateReplacePolicy]).toEqual(retained ? ['Retain', 'Retain'] : ['Delete', 'Delete']);
  });

  test('the zone deploys before every stack that writes records into it, and each routing stack after the load balancer it points at', () => {
    const dependencies = (id: string) => artifacts(stage).find((a) => a.displayName === `${stage}/${id}`)!.dependencies ?? [];
    const artifactId = (id: string) => artifacts(stage).find((a) => a.displayName === `${stage}/${id}`)!.id;
    expect(dependencies('Dns').filter((d) => !d.endsWith('.assets'))).toEqual([]);
    expect(dependencies('Routing')).toEqual(expect.arrayContaining([artifactId('Dns'), artifactId('Compute')]));
    if (standby) expect(dependencies('StandbyRouting')).toEqual(expect.arrayContaining([artifactId('Dns'), artifactId('StandbyCompute')]));
  });

  test('no stack carries a custom resource for a cross-region value (CloudFormation Fn::GetStackOutput carries them)', () => {
    for (const id of stackIds(stage)) {
      const text = JSON.stringify(stackTemplateJson(stage, id));
      expect({ id, crossRegion: /CrossRegionExport|ExportsReader|ExportsWriter/.test(text) }).toEqual({ id, crossRegion: false });
    }
  });

  test('every resource that takes tags carries the project and stage tags', () => {
    for (const id of stackIds(stage)) {
      const resources = (stackTemplateJson(stage, id).Resources ?? {}) as Record<string, { Properties?: { Tags?: { Key: string; Value: string }[] } }>;
      for (const [logicalId, r] of Object.entries(resources)) {
        const tags = r.Properties?.Tags;
        if (!Array.isArray(tags)) continue;
        const ours = tags.filter((t) => ['project', 'stage'].includes(t.Key)).map((t) => `${t.Key}=${t.Value}`);
        expect({ logicalId, tags: ours.sort() }).toEqual({ logicalId, tags: ['project=aws-service-atlas', `stage=${stage}`] });
      }
    }
  });

  test('each dashboard row shows the alarms and metrics its construct exposes (the same objects)', () => {
    const atlas = builtStage(stage);
    const { webTier, containers, functions } = atlas.computeStack;
    const { relational, keyValue, cache, document } = atlas.dataStack;
    type Shown = { readonly alarms: readonly cloudwatch.IAlarm[]; readonly metrics: readonly cloudwatch.IMetric[] };
    const expected: [string, Shown][] = [
      ['Web tier', webTier],
      ...(atlas.standby ? [[`Web tier, standby region ${atlas.config.standby!.region}`, atlas.standby.computeStack.webTier] as [string, Shown]] : []),
      ['Containers', containers],
      ['Functions', functions],
      ['Database', relational],
      ['Key-value table', keyValue],
      ...(cache ? [['Cache', cache] as [string, Shown]] : []),
      ...(document ? [['Document database', document] as [string, Shown]] : []),
    ];
    const { rows } = atlas.dashboardStack.dashboard;
    expect(rows.map((row) => row.title)).toEqual(expected.map(([title]) => title));
    rows.forEach((row, i) => {
      const construct = expected[i][1];
      expect(row.alarms).toBe(construct.alarms);
      expect(row.metrics).toBe(construct.metrics);
      expect([row.alarms.length > 0, row.metrics.length > 0]).toEqual([true, true]);
    });
  });

  test('user-facing endpoints are stack outputs', () => {
    const outputs = (id: string) =>
      Object.keys(stackTemplate(stage, id).findOutputs('*')).filter((k) => !k.startsWith('PublishOutput') && !k.startsWith('ExportsOutput'));
    expect(outputs('Compute')).toEqual(expect.arrayContaining(['LoadBalancerUrl', 'ContainersUrl']));
    expect(outputs('Edge')).toEqual(['DistributionDomainName']);
    expect(outputs('Data')).toEqual(expect.arrayContaining(['DatabaseEndpoint', 'TableName', 'ArchiveBucketName']));
    expect(outputs('Dns')).toEqual(['NameServers']);
    expect(outputs('Routing')).toEqual(expect.arrayContaining(['SimpleRecordName', 'LatencyRecordName']));
    if (standby) expect(outputs('StandbyCompute')).toEqual(['LoadBalancerUrl']);
  });
});

describe('AtlasStage production: the standby region', () => {
  const standby = PRESETS.production.standby!;

  test("the dashboard graphs the standby web tier's metrics in the standby region, and shows its alarms by ARN", () => {
    const [dashboard] = resourcesOfType(stackTemplate('production', 'Dashboard'), 'AWS::CloudWatch::Dashboard');
    const body = JSON.parse(
      joinedText(dashboard.Properties.DashboardBody, (part) =>
        JSON.stringify(part).includes('"Fn::GetStackOutput"') ? `<${text(at(part, 'Fn::GetStackOutput', 'StackName'))}>` : '<region>',
      ),
    ) as { widgets: { type: string; properties: { title?: string; metrics?: unknown[][]; alarms?: string[] } }[] };
    const title = `Web tier, standby region ${standby.region}`;
    const graph = body.widgets.find((w) => w.type === 'metric' && w.properties.title === title)!;
    expect(graph.properties.metrics!.length).toBeGreaterThan(0);
    for (const metric of graph.properties.metrics!) {
      expect(metric).toEqual(expect.arrayContaining(['<production-StandbyCompute>', expect.objectContaining({ region: standby.region })]));
    }
    const alarms = body.widgets.find((w) => w.type === 'alarm' && w.properties.title === `${title} alarms`)!;
    expect(alarms.properties.alarms!.length).toBeGreaterThan(0);
    for (const alarm of alarms.properties.alarms!) expect(alarm).toBe('<production-StandbyCompute>');
  });

  test(`its network and web tier span its ${standby.availabilityZones.length} availability zones (${standby.availabilityZones.join(', ')})`, () => {
    const network = stackTemplate('production', 'StandbyNetwork');
    const subnets = resourcesOfType(network, 'AWS::EC2::Subnet');
    expect(subnets).toHaveLength(3 * standby.availabilityZones.length);
    expect([...new Set(subnets.map((s) => s.Properties.AvailabilityZone))].sort()).toEqual([...standby.availabilityZones].sort());
    const vpcs = resourcesOfType(network, 'AWS::EC2::VPC');
    expect(vpcs.map((v) => v.Properties.CidrBlock)).toEqual([standby.network.vpcCidr]);
    expect(resourcesOfType(network, 'AWS::EC2::NatGateway')).toHaveLength(standby.network.natGateways);
    // The web tier's instances and its load balancer in every one of those zones.
    const compute = stackTemplate('production', 'StandbyCompute');
    const zonesOf = (subnetRefs: unknown[]) =>
      [...new Set(subnetRefs.map((ref) => String(stackOutputTarget('production', ref, 'AWS::EC2::Subnet').resource.Properties.AvailabilityZone)))].sort();
    const [asg] = resourcesOfType(compute, 'AWS::AutoScaling::AutoScalingGroup');
    expect(zonesOf(asg.Properties.VPCZoneIdentifier as unknown[])).toEqual([...standby.availabilityZones].sort());
    const [loadBalancer] = resourcesOfType(compute, 'AWS::ElasticLoadBalancingV2::LoadBalancer');
    expect(zonesOf(loadBalancer.Properties.Subnets as unknown[])).toEqual([...standby.availabilityZones].sort());
    expect(asg.Properties).toMatchObject({ MinSize: String(standby.webTier.minCapacity), MaxSize: String(standby.webTier.maxCapacity) });
  });

  test('only the network, the alarm topic, the data replicas, the web tier and its records run there (no database, functions or containers)', () => {
    const standbyIds = stackIds('production').filter((id) => id.startsWith('Standby'));
    const types = new Set(
      standbyIds.flatMap((id) => Object.values((stackTemplateJson('production', id).Resources ?? {}) as Record<string, { Type: string }>).map((r) => r.Type)),
    );
    for (const type of [
      'AWS::RDS::DBInstance',
      'AWS::ElastiCache::ReplicationGroup',
      'AWS::DocDB::DBCluster',
      'AWS::ECS::Service',
      'AWS::CloudTrail::Trail',
      'AWS::DynamoDB::GlobalTable',
    ]) {
      expect([type, types.has(type)]).toEqual([type, false]);
    }
    expect(types.has('AWS::ElasticLoadBalancingV2::LoadBalancer')).toBe(true);
  });
});

describe('AtlasStage production', () => {
  // A requirement, not the preset's value: the tests of each log group read their retention from the preset.
  test('keeps every log group at least a year (a retained stage keeps its logs 365 days or more)', () => {
    const logGroups = stackIds('production').flatMap((id) =>
      resourcesOfType(stackTemplate('production', id), 'AWS::Logs::LogGroup').map((g) => ({ logGroup: `${id}/${g.id}`, days: g.Properties.RetentionInDays })),
    );
    expect(logGroups.length).toBeGreaterThan(0);
    // Without RetentionInDays a log group keeps its events forever.
    expect(logGroups.filter((g) => g.days !== undefined && Number(g.days) < 365)).toEqual([]);
  });
});
