#!/usr/bin/env node
// Writes docs/cost.md and the README's cost summary (the block between <!-- generated:cost-summary --> markers) from
// the synthesized templates of every stage and the price table in lib/docs/cost/prices.ts. `npm run cost`; with
// `-- --check` it only reports what is out of date (exit 1). A test fails when either file is out of date.
import * as fs from 'fs';
import * as path from 'path';
import { COST_SUMMARY_BLOCK, computeCostReport, renderCostDoc, renderReadmeBlock } from '../lib/docs/cost';
import { replaceGeneratedBlock } from '../lib/docs/generated-block';
import { silenceSpuriousCdkWarnings } from '../lib/shared/known-warnings';

silenceSpuriousCdkWarnings();

const USAGE = 'usage: npm run cost [-- --check]';

function main(args: readonly string[]): number {
  const bad = args.find((arg) => arg !== '--check') ?? (args.length > 1 ? args[1] : undefined);
  if (bad !== undefined) {
    console.error(`cost: unexpected argument '${bad}' (${USAGE})`);
    return 2;
  }
  const check = args.length === 1;
  const started = Date.now();
  const root = path.join(__dirname, '..');
  const report = computeCostReport(root);
  const files = [
    { file: path.join(root, 'docs', 'cost.md'), render: () => renderCostDoc(report) },
    {
      file: path.join(root, 'README.md'),
      render: () => replaceGeneratedBlock(fs.readFileSync(path.join(root, 'README.md'), 'utf8'), COST_SUMMARY_BLOCK, renderReadmeBlock(report)),
    },
  ];
  const changed: string[] = [];
  for (const { file, render } of files) {
    const content = render();
    const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
    if (current === content) continue;
    changed.push(path.relative(root, file));
    if (!check) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content);
    }
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const totals = report.stages.map((s) => `${s.estimate.stage} USD ${s.estimate.monthlyUsd.toFixed(2)}/month`).join(', ');
  if (check) {
    console.error(
      changed.length === 0
        ? `cost: docs/cost.md and the README's cost summary are up to date (${totals}; ${seconds} s)`
        : `cost: out of date: ${changed.join(', ')}; run npm run cost (${seconds} s)`,
    );
    return changed.length === 0 ? 0 : 1;
  }
  console.error(
    changed.length === 0
      ? `cost: docs/cost.md and README.md (${COST_SUMMARY_BLOCK}) already up to date (${totals}; ${seconds} s)`
      : `cost: wrote ${changed.map((f) => (f === 'README.md' ? `README.md (${COST_SUMMARY_BLOCK})` : f)).join(' and ')} (${totals}; ${seconds} s)`,
  );
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  console.error(`cost: ${(error as Error).message}`);
  process.exitCode = 1;
}
