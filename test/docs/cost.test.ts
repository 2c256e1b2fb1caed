import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { PRESETS, SANDBOX, StageConfig } from '../../lib/config';
import {
  allPrices,
  COST_SUMMARY_BLOCK,
  computeCostReport,
  CostReport,
  diffEstimates,
  estimateStage,
  monthlyUsd,
  PRICES,
  readStageFacts,
  REGION_PRICES,
  renderCostDoc,
  renderReadmeBlock,
  SANDBOX_MONTHLY_CEILING_USD,
  SANDBOX_SMALLEST,
  sandboxGuardViolations,
  StageCost,
  StageEstimate,
  StageFacts,
  synthesizeStageTemplates,
} from '../../lib/docs/cost';
import { readGeneratedBlock } from '../../lib/docs/generated-block';

const ROOT = path.resolve(__dirname, '..', '..');
const SYNTH_TIMEOUT = 120_000;

// One synth of every stage as its preset and one with every optional part, shared by the whole file.
let report: CostReport;
beforeAll(() => {
  report = computeCostReport(ROOT);
}, SYNTH_TIMEOUT);

const stage = (name: string): StageCost => {
  const found = report.stages.find((s) => s.estimate.stage === name);
  if (!found) throw new Error(`no stage ${name} in the report`);
  return found;
};
/** The line of an item (`nat-gateway`) billed in a region. */
const line = (estimate: StageEstimate, region: string, key: string) => estimate.lines.find((l) => l.key === `${region}/${key}`);

describe('cost docs', () => {
  test('docs/cost.md is the estimate of the current templates and price table (npm run cost)', () => {
    const committed = fs.readFileSync(path.join(ROOT, 'docs', 'cost.md'), 'utf8');
    expect(committed).toBe(renderCostDoc(report));
  });

  test('the README cost summary is the estimate of the current templates and price table (npm run cost)', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect(readGeneratedBlock(readme, COST_SUMMARY_BLOCK)).toBe(renderReadmeBlock(report));
  });

  test('fails with one line and exit 2 on an argument it does not take', () => {
    const tsx = path.join(ROOT, 'node_modules', '.bin', 'tsx');
    const run = spawnSync(tsx, ['bin/cost.ts', '--stage=sandbox'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual([`cost: unexpected argument '--stage=sandbox' (usage: npm run cost [-- --check])`]);
  }, 60_000);
});

describe('price table', () => {
  test('is dated, on demand, a month of 730 hours, with a table for every region a preset deploys to (primary and standby)', () => {
    expect(PRICES.asOf).toMatch(/^20\d\d-(0[1-9]|1[0-2])$/);
    const regions = Object.values(PRESETS).flatMap((config) => [config.region, ...(config.standby ? [config.standby.region] : [])]);
    expect(regions.filter((region) => REGION_PRICES[region]?.region !== region)).toEqual([]);
    expect(new Set(regions).size).toBeGreaterThan(1); // production's standby is in a second region
    expect(PRICES.currency).toBe('USD');
    expect(PRICES.terms).toMatch(/on-demand/);
    expect(PRICES.hoursPerMonth).toBe(730);
  });

  test('every price names its AWS pricing page and its basis; an unverified one says so and what it rests on', () => {
    const problems = allPrices().filter(({ price }) =>
      !/^https:\/\/aws\.amazon\.com\/[a-z0-9/-]+\/$/.test(price.source)
      || price.basis.length < 30
      || !(price.usd > 0)
      || (!price.verified && !/^not verified\b/.test(price.basis)));
    expect(problems).toEqual([]);
  });

  test('every line of every estimate is priced from the table', () => {
    const table = new Set(allPrices().map((p) => p.price));
    const estimates = report.stages.flatMap((s) => [s.estimate, s.everyOptionalPart.estimate]);
    const foreign = estimates.flatMap((e) => e.lines.filter((l) => !table.has(l.price)).map((l) => `${e.stage}: ${l.item}`));
    expect(foreign).toEqual([]);
  });

  test('fails naming the missing entry when a template holds a class the table does not price', () => {
    const [facts] = stage('sandbox').facts;
    const bigger: StageFacts = { ...facts, autoScalingGroups: facts.autoScalingGroups.map((g) => ({ ...g, instanceType: 'x2gd.16xlarge' })) };
    expect(() => estimateStage([bigger])).toThrow(/no price for the EC2 instance type 'x2gd\.16xlarge' in lib\/docs\/cost\/prices\.ts \(the ap-northeast-2 table\)/);
  });

  test('fails when a stage deploys to a region no table is for', () => {
    const [facts] = stage('sandbox').facts;
    expect(() => estimateStage([{ ...facts, region: 'eu-west-1' }])).toThrow(/price tables are for ap-northeast-2, ap-northeast-1, us-east-1, but stage sandbox deploys to eu-west-1/);
  });

  test("fails naming the entry when the standby region's table lacks a price its stacks would need, instead of borrowing the primary's", () => {
    const [primary, standby] = stage('production').facts;
    expect(standby.region).toBe(PRESETS.production.standby!.region);
    expect(() => estimateStage([primary, { ...standby, rdsInstances: primary.rdsInstances }])).toThrow(
      new RegExp(`no price for the RDS engine and class 'postgres db\\.${PRESETS.production.relational.instanceType}' in lib/docs/cost/prices\\.ts \\(the ${standby.region} table\\)`),
    );
  });

  test('every line names its region, and is priced from that region\'s table', () => {
    for (const { facts, estimate } of report.stages) {
      const regions = facts.map((f) => f.region);
      // Every region has lines but us-east-1, which holds only CloudFront's certificate (public ACM certificates are free).
      expect(new Set(estimate.lines.map((l) => l.region))).toEqual(new Set(regions.filter((r) => r !== 'us-east-1')));
      for (const l of estimate.lines) {
        const own = allPrices().filter((p) => p.price === l.price);
        expect([l.key, l.key.startsWith(`${l.region}/`), own.length]).toEqual([l.key, true, 1]);
        // A region's own entry, or one AWS prices the same everywhere that the region's table shares.
        expect(JSON.stringify(REGION_PRICES[l.region])).toContain(JSON.stringify(l.price));
      }
    }
    const standby = PRESETS.production.standby!;
    const nat = line(stage('production').estimate, standby.region, 'nat-gateway');
    expect([nat?.quantity, nat?.price]).toEqual([standby.network.natGateways, REGION_PRICES[standby.region].network.natGatewayHour]);
  });
});

describe('cost estimate', () => {
  test('the total is the sum of its lines, the hourly figure the monthly one over 730 hours', () => {
    for (const { estimate } of report.stages) {
      expect(estimate.monthlyUsd).toBeCloseTo(estimate.lines.reduce((sum, l) => sum + l.monthlyUsd, 0), 9);
      expect(estimate.hourlyUsd).toBeCloseTo(estimate.monthlyUsd / PRICES.hoursPerMonth, 9);
      for (const l of estimate.lines) expect(l.monthlyUsd).toBeCloseTo(l.quantity * monthlyUsd(l.price), 9);
    }
  });

  test('every resource type of every stage is priced, billed by use or free of charge (none unclassified)', () => {
    const unclassified = report.stages.flatMap((s) => [s.estimate, s.everyOptionalPart.estimate]).flatMap((e) => e.unclassified.map((u) => `${e.stage}: ${u}`));
    expect(unclassified).toEqual([]);
  });

  test.each(Object.values(PRESETS).map((config) => [config.stageName, config] as [string, StageConfig]))(
    '%s: NAT gateways, web tier, containers and database are read from its templates, in each region',
    (name, config) => {
      const { facts: regions, estimate } = stage(name);
      const [facts, standbyFacts] = regions;
      expect(regions.map((f) => f.region)).toEqual([config.region, ...(config.standby ? [config.standby.region] : []), ...(config.dns.issueCertificates ? ['us-east-1'] : [])]);
      expect(line(estimate, config.region, 'nat-gateway')?.quantity ?? 0).toBe(config.network.natGateways);
      if (config.standby) {
        expect(line(estimate, config.standby.region, 'nat-gateway')?.quantity ?? 0).toBe(config.standby.network.natGateways);
        expect(standbyFacts.autoScalingGroups.map((g) => [g.instanceType, g.baseCapacity])).toEqual([[config.standby.webTier.instanceType, config.standby.webTier.desiredCapacity]]);
        expect([standbyFacts.rdsInstances, standbyFacts.fargateServices]).toEqual([[], []]);
      }
      const [web] = facts.autoScalingGroups;
      expect(web).toMatchObject({ instanceType: config.webTier.instanceType, baseCapacity: config.webTier.desiredCapacity });
      expect(web.scheduledPeak?.instances).toBe(config.webTier.peakMinCapacity);
      expect(web.averageInstances).toBeGreaterThan(config.webTier.desiredCapacity);
      expect(web.averageInstances).toBeLessThan(config.webTier.peakMinCapacity);
      expect(facts.fargateServices).toEqual([expect.objectContaining({ tasks: config.containers.desiredCount, cpu: config.containers.cpu, memoryMiB: config.containers.memoryMiB })]);
      const deployment = config.relational.multiAz ? 'Multi-AZ' : 'Single-AZ';
      const rds = line(estimate, config.region, `rds:postgres:db.${config.relational.instanceType}:${deployment}`);
      expect(rds?.monthlyUsd).toBeCloseTo(monthlyUsd(PRICES.rdsInstance[`postgres db.${config.relational.instanceType}`][config.relational.multiAz ? 'multiAz' : 'singleAz']), 9);
      expect(line(estimate, config.region, `rds-storage:gp3:${deployment}`)?.quantity).toBe(config.relational.allocatedStorageGiB);
    },
  );

  test('the optional parts add their lines, and only what they bring differs', () => {
    const { estimate, everyOptionalPart } = stage('sandbox');
    const added = diffEstimates(estimate, everyOptionalPart.estimate).map((d) => d.item);
    expect(added).toEqual(expect.arrayContaining([
      expect.stringMatching(/^ElastiCache /), expect.stringMatching(/^DocumentDB /), expect.stringMatching(/^Elastic Beanstalk EC2 /),
      'Site-to-Site VPN connections', expect.stringMatching(/^Direct Connect /),
    ]));
    expect(added).not.toContain('NAT gateways');
    expect(added).not.toContain('Application Load Balancers');
  });
});

describe('the estimate reacts to the templates', () => {
  // One variant of the sandbox: a second NAT gateway and a standby database.
  const variantOf = (config: StageConfig): StageConfig => ({
    ...config,
    network: { ...config.network, natGateways: config.network.natGateways + 1 },
    relational: { ...config.relational, multiAz: true },
  });
  let variant: { facts: StageFacts[]; estimate: StageEstimate };
  beforeAll(() => {
    const [templates] = synthesizeStageTemplates({ root: ROOT, stage: 'sandbox', configure: variantOf });
    const facts = readStageFacts(templates);
    variant = { facts, estimate: estimateStage(facts) };
  }, SYNTH_TIMEOUT);

  test('a second NAT gateway adds the table\'s NAT gateway and public IPv4 prices', () => {
    const differences = diffEstimates(stage('sandbox').estimate, variant.estimate);
    const nat = differences.find((d) => d.item === 'NAT gateways');
    const ipv4 = differences.find((d) => d.item === 'Public IPv4 addresses');
    expect(nat?.monthlyUsd).toBeCloseTo(monthlyUsd(PRICES.network.natGatewayHour), 9);
    expect(ipv4?.monthlyUsd).toBeCloseTo(monthlyUsd(PRICES.network.publicIpv4Hour), 9);
  });

  test('Multi-AZ replaces the Single-AZ instance and storage prices with the Multi-AZ ones', () => {
    const instance = PRICES.rdsInstance[`postgres db.${SANDBOX.relational.instanceType}`];
    const storage = PRICES.rdsStorageGbMonth.gp3;
    const rds = diffEstimates(stage('sandbox').estimate, variant.estimate).filter((d) => d.item.startsWith('RDS '));
    expect(rds.reduce((sum, d) => sum + d.monthlyUsd, 0)).toBeCloseTo(
      monthlyUsd(instance.multiAz) - monthlyUsd(instance.singleAz) + SANDBOX.relational.allocatedStorageGiB * (storage.multiAz.usd - storage.singleAz.usd), 9);
  });

  test('nothing else changes, so the total rises by exactly those prices', () => {
    const differences = diffEstimates(stage('sandbox').estimate, variant.estimate);
    expect(differences.map((d) => d.item).sort()).toEqual([
      'NAT gateways', 'Public IPv4 addresses',
      `RDS postgres db.${SANDBOX.relational.instanceType} Multi-AZ`, `RDS postgres db.${SANDBOX.relational.instanceType} Single-AZ`,
      'RDS gp3 storage Multi-AZ (GB)', 'RDS gp3 storage Single-AZ (GB)',
    ].sort());
    expect(variant.estimate.monthlyUsd - stage('sandbox').estimate.monthlyUsd)
      .toBeCloseTo(differences.reduce((sum, d) => sum + d.monthlyUsd, 0), 9);
  });

  test('the sandbox guard reports both, and the ceiling they break', () => {
    expect(sandboxGuardViolations(variant.facts, variant.estimate)).toEqual([
      '2 NAT gateways: at most 1 (the application subnets share it)',
      expect.stringMatching(/^sandbox-Data\/\w+ is Multi-AZ: the sandbox keeps no standby$/),
      expect.stringMatching(new RegExp(`^the sandbox would cost USD [\\d.]+ a month: above the ceiling of USD ${SANDBOX_MONTHLY_CEILING_USD}$`)),
    ]);
  });
});

describe('sandbox guard', () => {
  test('the sandbox runs at most one NAT gateway, the smallest classes, no Multi-AZ, no costly part, below its ceiling', () => {
    const { facts, estimate } = stage('sandbox');
    expect(sandboxGuardViolations(facts, estimate)).toEqual([]);
    expect(facts.map((f) => f.region)).toEqual([SANDBOX.region]); // one region, no standby
    const [sandbox] = facts;
    expect(sandbox.natGateways).toBeLessThanOrEqual(1);
    expect(sandbox.autoScalingGroups.map((g) => g.instanceType)).toEqual([SANDBOX_SMALLEST.ec2InstanceType]);
    expect(sandbox.rdsInstances.map((db) => [db.instanceClass, db.multiAz])).toEqual([[SANDBOX_SMALLEST.rdsInstanceClass, false]]);
    expect(sandbox.fargateServices.map((s) => [s.cpu, s.memoryMiB])).toEqual([[SANDBOX_SMALLEST.fargateCpu, SANDBOX_SMALLEST.fargateMemoryMiB]]);
    expect([sandbox.cacheGroups, sandbox.documentInstances, sandbox.beanstalkEnvironments, sandbox.directConnectConnections]).toEqual([[], [], [], []]);
    expect([sandbox.cloudTrailEventDataStores, sandbox.vpnConnections]).toEqual([0, 0]);
    expect(estimate.monthlyUsd).toBeLessThan(SANDBOX_MONTHLY_CEILING_USD);
  });

  test('the smallest classes are the ones the sandbox preset asks for', () => {
    expect(SANDBOX.webTier.instanceType).toBe(SANDBOX_SMALLEST.ec2InstanceType);
    expect(`db.${SANDBOX.relational.instanceType}`).toBe(SANDBOX_SMALLEST.rdsInstanceClass);
    expect([SANDBOX.containers.cpu, SANDBOX.containers.memoryMiB]).toEqual([SANDBOX_SMALLEST.fargateCpu, SANDBOX_SMALLEST.fargateMemoryMiB]);
  });

  test('reports a larger class on the web tier, the containers or the database', () => {
    const { facts: [facts], estimate } = stage('sandbox');
    const larger: StageFacts = {
      ...facts,
      autoScalingGroups: facts.autoScalingGroups.map((g) => ({ ...g, instanceType: 't4g.small' })),
      fargateServices: facts.fargateServices.map((s) => ({ ...s, cpu: 512, memoryMiB: 1024 })),
      rdsInstances: facts.rdsInstances.map((db) => ({ ...db, instanceClass: 'db.m7g.large' })),
    };
    expect(sandboxGuardViolations([larger], estimate)).toEqual([
      expect.stringMatching(/runs t4g\.small: the sandbox runs t4g\.micro$/),
      expect.stringMatching(/tasks have 512 CPU units and 1024 MiB: the sandbox runs 256 and 512$/),
      expect.stringMatching(/is db\.m7g\.large: the sandbox runs db\.t4g\.micro$/),
    ]);
  });

  test('reports a standby region: the sandbox runs in one region', () => {
    const { facts, estimate } = stage('production');
    const regions = [PRESETS.production.region, PRESETS.production.standby!.region, ...(PRESETS.production.dns.issueCertificates ? ['us-east-1'] : [])];
    expect(sandboxGuardViolations(facts, estimate)).toContain(`stacks in ${regions.length} regions (${regions.join(', ')}): the sandbox keeps no standby region`);
    expect(sandboxGuardViolations(stage('sandbox').facts, stage('sandbox').estimate).join('\n')).not.toMatch(/regions/);
  });

  test('reports every costly optional part switched on, and the ceiling they break', () => {
    const { facts, estimate } = stage('sandbox').everyOptionalPart;
    const violations = sandboxGuardViolations(facts, estimate).join('\n');
    for (const part of [/the cache \(\d × cache\.t4g\.\w+\)/, /DocumentDB instances/, /Elastic Beanstalk/, /CloudTrail Lake/, /Site-to-Site VPN/, /Direct Connect/, /above the ceiling/]) {
      expect(violations).toMatch(part);
    }
  });
});
