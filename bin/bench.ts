/**
 * `npm run bench`: times the inner loop on this machine and prints medians and ratios, for the README's figures.
 *
 *   npm run bench [-- --runs N] [-- --tests]      (default 3 runs each)
 *
 * - gated synth: the app as `npm run synth` runs it (every stage, the whole compliance gate), without the CLI, once
 *   with the validation cache off and once warm (after any earlier synth of the same templates);
 * - plain synth: the same app with the gate off (what the gate costs is the difference);
 * - read one template from an existing assembly: `cdk synth --app <assembly> sandbox/Network`;
 * - list stacks from it: `cdk ls --app <assembly>`;
 * - `npm run synth` itself (the CLI, every stage, warm cache), into the temporary directory;
 * - with `--tests`: `npm test`'s two steps, warm (`tsc --noEmit`, then jest), once before the runs to warm them.
 * Everything is written to a temporary directory that is removed afterwards. Only Node and the project's own
 * dependencies are used.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');
const runsArg = process.argv.indexOf('--runs');
const runs = runsArg === -1 ? 3 : Number(process.argv[runsArg + 1]);
const withTests = process.argv.includes('--tests');
const unknown = process.argv.slice(2).filter((arg, i, args) => arg !== '--runs' && arg !== '--tests' && args[i - 1] !== '--runs');
if (unknown.length > 0) {
  console.error(`bench: unknown argument ${unknown[0]} (takes --runs N and --tests)`);
  process.exit(2);
}
if (!Number.isInteger(runs) || runs < 1 || runs > 20) {
  console.error(`bench: --runs must be a whole number from 1 to 20, got ${process.argv[runsArg + 1]}`);
  process.exit(2);
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-bench-'));
const cli = require.resolve('aws-cdk/bin/cdk');
const env = { ...process.env, CDK_DISABLE_VERSION_CHECK: 'true', CDK_DISABLE_CLI_TELEMETRY: 'true', CI: 'true' };

/** Runs a command, returns its wall time in seconds; a failure stops the bench with its output. */
function time(args: string[], extraEnv: Record<string, string> = {}): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { cwd: ROOT, env: { ...env, ...extraEnv }, encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) {
    console.error(`bench: ${args.join(' ')} failed:\n${result.stderr.slice(-2000)}`);
    process.exit(1);
  }
  return seconds;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const app = (outdir: string, gate: boolean) => ({
  args: ['--import', 'tsx', path.join(ROOT, gate ? 'bin/atlas.ts' : 'bin/bench-plain-app.ts')],
  env: {
    CDK_OUTDIR: outdir,
    CDK_CONTEXT_JSON: JSON.stringify((JSON.parse(fs.readFileSync(path.join(ROOT, 'cdk.json'), 'utf8')) as { context?: object }).context),
  },
});

try {
  const COLD = 'gated synth, no cache';
  const WARM = 'gated synth, warm cache';
  const CLI_SYNTH = 'npm run synth (CLI)';
  const TSC = 'npm test: tsc --noEmit';
  const JEST = 'npm test: jest';
  const results: Record<string, number[]> = {
    [COLD]: [],
    [WARM]: [],
    'plain synth (no gate)': [],
    [CLI_SYNTH]: [],
    'read one template (--app)': [],
    'list stacks (--app)': [],
    ...(withTests ? { [TSC]: [], [JEST]: [] } : {}),
  };
  const tsc = [require.resolve('typescript/bin/tsc'), '--noEmit'];
  const jest = [require.resolve('jest/bin/jest'), '--silent'];
  if (withTests) {
    time(tsc);
    time(jest);
  }
  // Warm the validation cache once (not measured), as any earlier synth of the same templates would.
  const warmUp = app(path.join(work, 'warm-up'), true);
  time(warmUp.args, warmUp.env);
  for (let i = 0; i < runs; i++) {
    const gated = path.join(work, `gated-${i}`);
    const plain = path.join(work, `plain-${i}`);
    const cold = app(path.join(work, `cold-${i}`), true);
    results[COLD].push(time(cold.args, { ...cold.env, ATLAS_VALIDATION_CACHE: 'off' }));
    const g = app(gated, true);
    results[WARM].push(time(g.args, g.env));
    const p = app(plain, false);
    results['plain synth (no gate)'].push(time(p.args, p.env));
    results['read one template (--app)'].push(time([cli, 'synth', '--app', gated, 'sandbox/Network']));
    results['list stacks (--app)'].push(time([cli, 'ls', '--app', gated]));
    results[CLI_SYNTH].push(
      time([path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(ROOT, 'bin', 'synth.ts'), '--output', path.join(work, `cli-${i}`)]),
    );
    if (withTests) {
      results[TSC].push(time(tsc));
      results[JEST].push(time(jest));
    }
  }
  const cpus = os.cpus();
  console.log(
    `bench: ${runs} runs each on ${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, Node ${process.version}, load ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  for (const [name, values] of Object.entries(results))
    console.log(`  ${name.padEnd(28)} median ${median(values).toFixed(1)} s   (${values.map((v) => v.toFixed(1)).join(', ')})`);
  const plainMedian = median(results['plain synth (no gate)']);
  console.log(`  no cache / plain synth       ${(median(results[COLD]) / plainMedian).toFixed(1)}×`);
  console.log(`  warm cache / plain synth     ${(median(results[WARM]) / plainMedian).toFixed(1)}×   (target ≤ 3×)`);
  if (withTests) console.log(`  npm test (tsc + jest)        ${(median(results[TSC]) + median(results[JEST])).toFixed(1)} s   (target ≤ 30 s)`);
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
