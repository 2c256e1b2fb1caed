import { withEveryOptionalPart } from '../../config';
import { CostLine, Driver, DRIVERS, estimateStage, optionalPartsOn, StageEstimate } from './estimate';
import { readStageFacts, StageFacts } from './facts';
import { SANDBOX_MONTHLY_CEILING_USD, SANDBOX_SMALLEST } from './guard';
import { allPrices, monthlyUsd, PRICES, REGION_PRICES, UnitPrice } from './prices';
import { synthesizeStageTemplates } from './templates';

/** The README block `npm run cost` writes. */
export const COST_SUMMARY_BLOCK = 'cost-summary';

/** A stage priced as its preset and again with every optional part switched on; facts per region, the primary first. */
export interface StageCost {
  readonly facts: readonly StageFacts[];
  readonly estimate: StageEstimate;
  readonly everyOptionalPart: { readonly facts: readonly StageFacts[]; readonly estimate: StageEstimate };
}

/** Every stage, priced. */
export interface CostReport {
  readonly stages: readonly StageCost[];
}

/**
 * Synthesizes every stage twice (the presets, and `withEveryOptionalPart`) and prices both.
 *
 * @param root the project root (where cdk.json is)
 */
export function computeCostReport(root: string): CostReport {
  const presets = synthesizeStageTemplates({ root }).map(readStageFacts);
  const every = synthesizeStageTemplates({ root, configure: withEveryOptionalPart }).map(readStageFacts);
  return {
    stages: presets.map((facts) => {
      const other = every.find((f) => f[0].stage === facts[0].stage);
      if (!other) throw new Error(`cost estimate: stage ${facts[0].stage} is missing from the synth with every optional part`);
      return { facts, estimate: estimateStage(facts), everyOptionalPart: { facts: other, estimate: estimateStage(other) } };
    }),
  };
}

/** One line of the difference between two estimates of a stage. */
export interface LineDifference {
  readonly item: string;
  readonly region: string;
  readonly before?: CostLine;
  readonly after?: CostLine;
  readonly monthlyUsd: number;
}

/** What changes, item by item, from one estimate to another; largest increase first. */
export function diffEstimates(before: StageEstimate, after: StageEstimate): LineDifference[] {
  const keys = [...new Set([...before.lines.map((l) => l.key), ...after.lines.map((l) => l.key)])];
  return keys
    .map((key) => {
      const b = before.lines.find((l) => l.key === key);
      const a = after.lines.find((l) => l.key === key);
      return { item: (a ?? b)!.item, region: (a ?? b)!.region, before: b, after: a, monthlyUsd: (a?.monthlyUsd ?? 0) - (b?.monthlyUsd ?? 0) };
    })
    .filter((d) => Math.abs(d.monthlyUsd) >= 0.005)
    .sort((x, y) => y.monthlyUsd - x.monthlyUsd || x.item.localeCompare(y.item));
}

/** USD with cents and thousands separators. */
export function usd(n: number): string {
  return n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** Whole USD with thousands separators. */
function wholeUsd(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

function unitPrice(price: UnitPrice): string {
  return `${price.usd} / ${price.unit}${price.verified ? '' : ' †'}`;
}

function driverTotal(estimate: StageEstimate, driver: Driver): number {
  return estimate.lines.filter((l) => l.driver === driver).reduce((sum, l) => sum + l.monthlyUsd, 0);
}

const README_DRIVER_LABELS: Readonly<Record<Driver, string>> = {
  'NAT gateways': 'NAT gateways',
  'instances and containers': 'instances and containers (EC2 and its volumes, Fargate)',
  'load balancer': 'load balancer',
  databases: 'database (RDS instance and storage)',
  'KMS keys': 'KMS keys',
  'optional parts': 'costly optional parts switched on (below)',
  'everything else': 'everything else (public IPv4, endpoints, WAF, Route 53, alarms, dashboard, secrets)',
};

/** `ap-northeast-2 (Seoul)`: a region by code and name, as the price tables know it. */
const regionLabel = (region: string) => `${region} (${REGION_PRICES[region]?.name ?? region})`;

/** The regions the stages deploy to, primary first, as `ap-northeast-2 (Seoul) and ap-northeast-1 (Tokyo)`. */
function regionsOf(report: CostReport): string {
  const regions = [...new Set(report.stages.flatMap((s) => s.facts.map((f) => f.region)))].map(regionLabel);
  return regions.length <= 1 ? regions.join('') : `${regions.slice(0, -1).join(', ')} and ${regions[regions.length - 1]}`;
}

/** The README's compact summary: the main drivers per stage, the totals a month and an hour, the prices' date. */
export function renderReadmeBlock(report: CostReport): string {
  const stages = report.stages;
  const header = `| main cost drivers, USD a month | ${stages.map((s) => `\`${s.estimate.stage}\``).join(' | ')} |`;
  const rule = `|---|${stages.map(() => '--:').join('|')}|`;
  const rows = DRIVERS.map((driver) => `| ${README_DRIVER_LABELS[driver]} | ${stages.map((s) => wholeUsd(driverTotal(s.estimate, driver))).join(' | ')} |`);
  return [
    `On-demand list prices of ${regionsOf(report)} as of **${PRICES.asOf}**, each stack priced in its own region, USD before tax, a month of ${PRICES.hoursPerMonth} hours; what is billed by use (data transfer, requests, Lambda, S3, CloudFront, logs) is not included:`,
    '',
    header,
    rule,
    ...rows,
    `| **total a month** | ${stages.map((s) => `**${wholeUsd(s.estimate.monthlyUsd)}**`).join(' | ')} |`,
    `| **total an hour** | ${stages.map((s) => `**${usd(s.estimate.hourlyUsd)}**`).join(' | ')} |`,
    '',
    `Costly optional parts switched on: ${stages.map((s) => `${s.estimate.stage} ${optionalPartsOn(s.facts).join(', ') || 'none'}`).join('; ')}. ` +
      'Every line item, what each optional part would add, how to keep the sandbox cheap and the dated price table with its sources: [docs/cost.md](docs/cost.md).',
  ].join('\n');
}

function stageSection(stage: StageCost): string[] {
  const { estimate } = stage;
  const regions = stage.facts.map((f) => f.region);
  const perRegion = regions.length > 1
    ? regions.map((region) => `${regionLabel(region)} USD ${usd(estimate.lines.filter((l) => l.region === region).reduce((sum, l) => sum + l.monthlyUsd, 0))}`)
    : [];
  const lines = [
    `## ${estimate.stage}`,
    '',
    ...(perRegion.length > 0 ? [`In ${regions.length} regions, a month: ${perRegion.join(', ')}.`, ''] : []),
    '| item | region | count | unit price (USD) | a month (USD) |',
    '|---|---|---|--:|--:|',
    ...estimate.lines.map((l) => `| ${l.item} | ${l.region} | ${l.quantityLabel} | ${unitPrice(l.price)} | ${usd(l.monthlyUsd)} |`),
    `| billed by use, not estimated | ${regions.join(', ')} | ${estimate.usageBilled.join(', ')} | | – |`,
    `| **total** | | | | **${usd(estimate.monthlyUsd)}** |`,
    '',
    `About USD ${usd(estimate.hourlyUsd)} an hour, USD ${usd(estimate.hourlyUsd * 24)} a day.`,
  ];
  if (estimate.usagePrices.length > 0) lines.push(`Per-use prices on top: ${estimate.usagePrices.join('; ')}.`);
  if (estimate.unclassified.length > 0) {
    lines.push('', `Not priced because the estimate does not know these resource types (classify them in lib/docs/cost/facts.ts): ${estimate.unclassified.join(', ')}.`);
  }
  return lines;
}

function optionalPartsSection(stage: StageCost): string[] {
  const differences = diffEstimates(stage.estimate, stage.everyOptionalPart.estimate);
  const total = stage.everyOptionalPart.estimate.monthlyUsd - stage.estimate.monthlyUsd;
  const quantity = (line?: CostLine) => (line === undefined ? '–' : line.quantityLabel);
  const lakes = (regions: readonly StageFacts[]) => regions.reduce((n, f) => n + f.cloudTrailEventDataStores, 0);
  const lake = lakes(stage.everyOptionalPart.facts) > lakes(stage.facts)
    ? ['', 'CloudTrail Lake adds no fixed monthly charge beyond its key: it is billed by the GB ingested and retained.']
    : [];
  return [
    `### ${stage.estimate.stage}: + USD ${usd(total)} a month (USD ${usd(stage.everyOptionalPart.estimate.monthlyUsd)} in all)`,
    '',
    '| item | region | now | with every optional part | a month (USD) |',
    '|---|---|---|---|--:|',
    ...differences.map((d) => `| ${d.item} | ${d.region} | ${quantity(d.before)} | ${quantity(d.after)} | ${d.monthlyUsd >= 0 ? '+' : ''}${usd(d.monthlyUsd)} |`),
    ...lake,
  ];
}

function keepCheapSection(sandbox: StageCost): string[] {
  const { estimate } = sandbox;
  const facts = sandbox.facts[0];
  const natMonth = monthlyUsd(PRICES.network.natGatewayHour);
  const addressMonth = monthlyUsd(PRICES.network.publicIpv4Hour);
  const standby = facts.rdsInstances.filter((db) => !db.multiAz).reduce((sum, db) => {
    const instance = PRICES.rdsInstance[`${db.engine} ${db.instanceClass}`];
    const storage = PRICES.rdsStorageGbMonth[db.storageType];
    return sum + monthlyUsd(instance.multiAz) - monthlyUsd(instance.singleAz) + db.storageGiB * (storage.multiAz.usd - storage.singleAz.usd);
  }, 0);
  const optional = sandbox.everyOptionalPart.estimate.monthlyUsd - estimate.monthlyUsd;
  const parts = diffEstimates(estimate, sandbox.everyOptionalPart.estimate)
    .filter((d) => d.after?.driver === 'optional parts')
    .map((d) => `${d.item.replace(/ \(GB\)$/, '')} +${usd(d.monthlyUsd)}`);
  return [
    '## Keeping a sandbox cheap',
    '',
    `- **Destroy it when you are done** (\`npx cdk destroy --app cdk.out --force 'sandbox/*'\`, see the README): it costs about USD ${usd(estimate.hourlyUsd)} an hour, USD ${usd(estimate.hourlyUsd * 24)} a day and USD ${usd(estimate.hourlyUsd * 24 * 7)} a week, used or not; most of it is the NAT gateway, the load balancer and the database, which bill by the hour.`,
    `- **One NAT gateway**: the application subnets of both AZs share it; each further one adds USD ${usd(natMonth)} a month, plus USD ${usd(addressMonth)} for its Elastic IP.`,
    `- **The smallest classes**: ${SANDBOX_SMALLEST.ec2InstanceType} instances, ${SANDBOX_SMALLEST.rdsInstanceClass} for PostgreSQL, ${SANDBOX_SMALLEST.fargateCpu / 1024} vCPU and ${SANDBOX_SMALLEST.fargateMemoryMiB / 1024} GB Fargate tasks (\`SANDBOX_SMALLEST\` in lib/docs/cost/guard.ts says why each is the smallest that works).`,
    '- **One region**: no standby region (production\'s second region runs its own NAT gateways, load balancer and instances).',
    `- **No Multi-AZ**: a standby for the sandbox database would add USD ${usd(standby)} a month; the sandbox keeps its data for an afternoon, not through an AZ failure.`,
    `- **Costly optional parts off**: switched on, they would add USD ${usd(optional)} a month in all (${parts.join(', ')}; the rest is their keys, secrets and alarms, and the health check of the custom CloudFront domain, see the table above).`,
    `- \`test/docs/cost.test.ts\` fails when the sandbox's templates break any of these, or when its estimate exceeds USD ${SANDBOX_MONTHLY_CEILING_USD} a month (\`SANDBOX_MONTHLY_CEILING_USD\`, with its reason).`,
  ];
}

const ASSUMPTIONS = [
  'Idle load: an Auto Scaling group runs its desired capacity, raised to its scheduled minimum while a schedule holds it there (the web tier\'s weekday peak); scale-out under load, Fargate service auto scaling and Beanstalk above its minimum are not estimated.',
  'Burstable (t4g) instances run in unlimited mode: CPU above their baseline for long is billed as surplus credits on top.',
  'Elastic Beanstalk has no charge of its own: it is priced as its instances at their minimum count, their root volumes, its load balancer and the load balancer\'s public addresses.',
  'Public IPv4: every Elastic IP and one address per subnet of each internet-facing load balancer, in use or not.',
  'Route 53 health checks of the load balancer and the CloudFront distribution are priced as checks of AWS endpoints; HTTPS is an optional feature billed on top.',
  'An alarm is billed per metric it evaluates: a metric-math alarm over five metrics counts five.',
  'KMS: USD 1 a month per customer managed key in its first year; the first and second yearly rotation add USD 1 a month each. AWS managed keys are free.',
  'CloudTrail: the first copy of management events is free; in an account that already has a trail (Control Tower, an organization trail) this one is a paid copy, billed by events. CloudTrail Lake is billed by the GB ingested and retained.',
  'Free tiers (CloudWatch\'s 10 alarm metrics and 3 dashboards, a new account\'s EC2 and RDS hours) are not subtracted; reservations and Savings Plans are not applied.',
  'Prices are before tax; an invoice from AWS Korea adds VAT.',
];

function priceTableSection(): string[] {
  const prices = allPrices();
  const unverified = prices.filter((p) => !p.price.verified).length;
  return [
    '## Price table',
    '',
    `\`lib/docs/cost/prices.ts\`: one table per region (${Object.keys(REGION_PRICES).map(regionLabel).join(', ')}), ${PRICES.currency}, ${PRICES.terms}, ${PRICES.hoursPerMonth} hours a month, as of ${PRICES.asOf}. ` +
      `${prices.length - unverified} of ${prices.length} prices were verified against a public record of their region's prices (or a region-independent price, listed once under the first region); ` +
      `the ${unverified} marked † were not, and their basis says what they rest on. A region's table prices only what its stacks create: the estimate fails, naming the entry, rather than borrow another region's price.`,
    '',
    '| region | price | USD | per | verified | basis | source |',
    '|---|---|--:|---|---|---|---|',
    ...prices.map(({ region, name, price }) => `| ${region} | \`${name}\` | ${price.usd} | ${price.unit} | ${price.verified ? 'yes' : 'no †'} | ${price.basis.replace(/\|/g, '\\|')} | ${price.source} |`),
  ];
}

/** docs/cost.md. */
export function renderCostDoc(report: CostReport): string {
  const sandbox = report.stages.find((s) => s.estimate.stage === 'sandbox');
  const lines = [
    '# Cost per stage',
    '',
    '<!-- Generated by `npm run cost` (bin/cost.ts) from the synthesized templates and lib/docs/cost/prices.ts: do not edit; change those and run it again. -->',
    '',
    `What each stage costs while it exists, estimated from its synthesized CloudFormation templates (resource counts, ` +
      `instance classes, sizes, schedules) and dated price tables, each stack priced in the region it deploys to: **${regionsOf(report)}, ${PRICES.terms}, USD, as of ${PRICES.asOf}**, ` +
      `a month of ${PRICES.hoursPerMonth} hours. A change that reaches the templates (one more NAT gateway, a larger class, a standby) ` +
      'changes these figures, and the tests fail until `npm run cost` writes them again. What is billed by use (data transfer, ' +
      'requests, Lambda, S3, CloudFront, logs) is listed, not estimated: at sandbox traffic it is cents.',
    '',
    '| stage | a month (USD) | an hour (USD) | a day (USD) |',
    '|---|--:|--:|--:|',
    ...report.stages.map((s) => `| ${s.estimate.stage} | ${usd(s.estimate.monthlyUsd)} | ${usd(s.estimate.hourlyUsd)} | ${usd(s.estimate.hourlyUsd * 24)} |`),
    '',
    '† marks a price not verified for its region (see the price table).',
    '',
    ...report.stages.flatMap((s) => [...stageSection(s), '']),
    '## What the optional parts would add',
    '',
    'Each stage synthesized again with `withEveryOptionalPart` (lib/config/variants.ts: ElastiCache, DocumentDB, Elastic Beanstalk, ' +
      'CloudTrail Lake, the Site-to-Site VPN and the Direct Connect connection, plus HTTPS on the load balancer, a custom CloudFront domain ' +
      'and an alarm address), priced the same way and compared item by item:',
    '',
    ...report.stages.flatMap((s) => [...optionalPartsSection(s), '']),
    ...(sandbox ? [...keepCheapSection(sandbox), ''] : []),
    '## Assumptions',
    '',
    ...ASSUMPTIONS.map((a) => `- ${a}`),
    '',
    ...priceTableSection(),
    '',
  ];
  return lines.join('\n');
}
