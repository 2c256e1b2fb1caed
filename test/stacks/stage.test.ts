import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { addAtlasStages } from '../../lib/atlas-app';
import type { AtlasStage } from '../../lib/atlas-stage';
import { PRESETS, STAGE_NAMES, StageName } from '../../lib/config';
import { unitTestApp } from '../support/app';
import { stackArtifacts as artifacts, stackIds, stackTemplate, stackTemplateJson } from '../support/assembly';
import { resourcesOfType } from '../support/select';

/** Both stages as the presets build them (constructed, not synthesized): for what the stage passes between constructs. */
let built: AtlasStage[] | undefined;
const builtStage = (name: StageName): AtlasStage => (built ??= addAtlasStages(unitTestApp(), { compliance: false })).find((s) => s.stageName === name)!;

describe.each(STAGE_NAMES)('AtlasStage %s', (stage) => {
  test('composes the stacks, each named after its stage', () => {
    expect(stackIds(stage)).toEqual(['Access', 'Audit', 'Compute', 'Dashboard', 'Data', 'Dns', 'Edge', 'Monitoring', 'Network']);
    for (const a of artifacts(stage)) expect(a.properties.stackName).toMatch(new RegExp(`^${stage}-`));
  });

  test(`stateful stacks are termination-protected: ${PRESETS[stage].durability.terminationProtection}`, () => {
    const stateful = artifacts(stage).filter((a) => ['Data', 'Edge', 'Audit'].some((s) => a.displayName.endsWith(`/${s}`)));
    expect(stateful).toHaveLength(3);
    for (const a of stateful) expect(Boolean(a.properties.terminationProtection)).toBe(PRESETS[stage].durability.terminationProtection);
    const stateless = artifacts(stage).filter((a) =>
      ['Access', 'Network', 'Compute', 'Monitoring', 'Dns', 'Dashboard'].some((s) => a.displayName.endsWith(`/${s}`)),
    );
    for (const a of stateless) expect(Boolean(a.properties.terminationProtection)).toBe(false);
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
    expect(outputs('Dns')).toEqual(expect.arrayContaining(['NameServers', 'SimpleRecordName']));
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
