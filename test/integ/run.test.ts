import * as fs from 'fs';
import * as path from 'path';
import { INTEG_APP_COMMAND, INTEG_OUTDIR, NETWORK_DESTROY_ATTEMPTS, NETWORK_DESTROY_WAIT_SECONDS, runIntegration } from './run';
import { tempDir } from '../support/context';

const STACKS = ['sandbox/Access', 'sandbox/Network', 'sandbox/Compute'];
const ASSERTIONS = 'sandbox/IntegAssertions';
const PASS = JSON.stringify({ status: 'success' });
const FAIL = JSON.stringify({ status: 'fail', message: 'Expected 200 but received 502' });

interface Scenario {
  /** Exit code per cdk command (`synth`, `deploy`, `assert`, `destroy`). */
  readonly codes?: Partial<Record<'synth' | 'deploy' | 'assert' | 'destroy', number>>;
  /** Exit codes of successive attempts to destroy the Network stack (default: 0 at once). */
  readonly network?: number[];
  /** The assertion results the assertion deploy writes. */
  readonly results?: Record<string, string>;
  readonly argv?: string[];
}

/** Runs the orchestration against a fake CLI that writes what the real one would: integ.json, the outputs file. */
function simulate(outdir: string, scenario: Scenario = {}) {
  const commands: string[][] = [];
  const stdout: string[] = [];
  const stderr: string[] = [];
  const waits: number[] = [];
  const network = [...(scenario.network ?? [])];
  const code = runIntegration(
    scenario.argv ?? [],
    {
      stdout: (line) => stdout.push(line),
      stderr: (line) => stderr.push(line),
      exec: (args) => {
        commands.push([...args]);
        const step = args[1] === 'deploy' && args.includes('--outputs-file') ? 'assert' : (args[1] as 'synth' | 'deploy' | 'destroy');
        const exit = step === 'destroy' && args.includes('sandbox/Network') ? (network.shift() ?? 0) : (scenario.codes?.[step] ?? 0);
        if (step === 'synth' && exit === 0) {
          fs.mkdirSync(outdir, { recursive: true });
          const testCase = { stacks: STACKS, assertionStack: ASSERTIONS, assertionStackName: 'sandbox-IntegAssertions' };
          fs.writeFileSync(path.join(outdir, 'integ.json'), JSON.stringify({ version: '55.0.0', testCases: { 'SandboxInteg/DefaultTest': testCase } }));
        }
        if (step === 'assert' && exit === 0) {
          const file = args[args.indexOf('--outputs-file') + 1];
          fs.writeFileSync(file, JSON.stringify({ 'sandbox-IntegAssertions': scenario.results ?? { AssertionResultsA: PASS } }));
        }
        return exit;
      },
      wait: (seconds) => waits.push(seconds),
    },
    outdir,
  );
  return { code, commands, stdout, stderr, waits, steps: commands.map((args) => (args.includes('--outputs-file') ? 'assert' : args[1])) };
}

describe('run (the integration test against an account)', () => {
  let root: string;
  let outdir: string;
  beforeEach(() => {
    root = tempDir('integ-run');
    outdir = path.join(root, 'integ');
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  test('synthesizes, deploys the test stacks, then the assertion stack alone, checks and destroys', () => {
    const run = simulate(outdir);

    expect(run.code).toBe(0);
    expect(run.commands).toEqual([
      ['cdk', 'synth', '--app', INTEG_APP_COMMAND, '--output', outdir, '--quiet', '**'],
      ['cdk', 'deploy', '--app', outdir, '--require-approval', 'never', '--concurrency', '3', ...STACKS],
      [
        'cdk',
        'deploy',
        '--app',
        outdir,
        '--require-approval',
        'never',
        '--exclusively',
        '--no-rollback',
        '--outputs-file',
        path.join(outdir, 'assertion-results.json'),
        ASSERTIONS,
      ],
      // Exclusively (not the stage's other stacks that depend on these), and the network last.
      ['cdk', 'destroy', '--app', outdir, '--force', '--exclusively', '--concurrency', '3', 'sandbox/Access', 'sandbox/Compute', ASSERTIONS],
      ['cdk', 'destroy', '--app', outdir, '--force', '--exclusively', 'sandbox/Network'],
    ]);
    expect(run.stdout).toEqual([
      'PASS  A',
      `integ: 1 passed, 0 failed (${path.join(outdir, 'assertion-results.json')})`,
      'integ: every assertion passed; stacks destroyed',
    ]);
  });

  test('passes cdk options such as --profile to every command', () => {
    const run = simulate(outdir, { argv: ['--profile', 'atlas'] });
    expect(run.commands.every((args) => args.slice(-2).join(' ') === '--profile atlas')).toBe(true);
  });

  test('fails with exit 1 and still destroys when an assertion failed', () => {
    const run = simulate(outdir, { results: { AssertionResultsA: PASS, AssertionResultsB: FAIL } });

    expect(run.code).toBe(1);
    expect(run.steps).toEqual(['synth', 'deploy', 'assert', 'destroy', 'destroy']);
    expect(run.stdout).toContain('FAIL  B: Expected 200 but received 502');
    expect(run.stdout).toContain('integ: FAILED; stacks destroyed');
  });

  test('fails with exit 1 and still destroys when the assertion stack fails to deploy', () => {
    const run = simulate(outdir, { codes: { assert: 1 } });

    expect(run.code).toBe(1);
    expect(run.steps).toEqual(['synth', 'deploy', 'assert', 'destroy', 'destroy']);
    expect(run.stderr).toEqual([expect.stringMatching(/^integ: sandbox\/IntegAssertions failed to deploy: an HTTP assertion ran out of retries/)]);
  });

  test('fails with exit 1, deploys no assertions and destroys when a test stack fails to deploy', () => {
    const run = simulate(outdir, { codes: { deploy: 1 } });

    expect(run.code).toBe(1);
    expect(run.steps).toEqual(['synth', 'deploy', 'destroy', 'destroy']);
    expect(run.stderr).toEqual(['integ: deploying the stacks under test failed (the CloudFormation events above name the resource)']);
  });

  test('fails with exit 1 and deploys nothing when the synth fails', () => {
    const run = simulate(outdir, { codes: { synth: 1 } });

    expect(run.code).toBe(1);
    expect(run.steps).toEqual(['synth']);
    expect(run.stderr).toEqual(['integ: the synth failed; nothing was deployed']);
  });

  test('fails with exit 1 and prints the command to finish when destroy fails', () => {
    const run = simulate(outdir, { codes: { destroy: 1 } });

    expect(run.code).toBe(1);
    expect(run.stderr).toEqual([
      `integ: destroy failed; finish it with: npx cdk destroy --app ${outdir} --force --exclusively 'sandbox/Access' 'sandbox/Network' 'sandbox/Compute' 'sandbox/IntegAssertions'`,
    ]);
  });

  test('retries the network while released Lambda interfaces hold it, then gives up with the command to finish', () => {
    const recovered = simulate(outdir, { network: [1, 1, 0] });
    expect(recovered.code).toBe(0);
    expect(recovered.waits).toEqual([NETWORK_DESTROY_WAIT_SECONDS, NETWORK_DESTROY_WAIT_SECONDS]);
    expect(recovered.stderr).toEqual([
      expect.stringMatching(/still held by released Lambda network interfaces; trying again in 10 minutes \(attempt 2 of 4\)/),
      expect.stringMatching(/attempt 3 of 4/),
    ]);

    const stuck = simulate(outdir, { network: [1, 1, 1, 1] });
    expect(stuck.code).toBe(1);
    expect(stuck.commands.filter((args) => args.includes('sandbox/Network') && args[1] === 'destroy')).toHaveLength(NETWORK_DESTROY_ATTEMPTS);
    expect(stuck.stderr.at(-1)).toMatch(/^integ: destroy failed; finish it with: npx cdk destroy .* --exclusively /);
  });

  test('--keep skips destroy, prints its command and is not passed to cdk', () => {
    const run = simulate(outdir, { argv: ['--keep'] });

    expect(run.code).toBe(0);
    expect(run.steps).toEqual(['synth', 'deploy', 'assert']);
    expect(run.commands.flat()).not.toContain('--keep');
    expect(run.stdout).toContain(
      `integ: stacks kept (--keep); remove them with: npx cdk destroy --app ${outdir} --force --exclusively 'sandbox/Access' 'sandbox/Network' 'sandbox/Compute' 'sandbox/IntegAssertions'`,
    );
  });

  test('starts from an empty output directory, so old results cannot pass a new run', () => {
    fs.mkdirSync(outdir, { recursive: true });
    fs.writeFileSync(path.join(outdir, 'assertion-results.json'), JSON.stringify({ 'sandbox-IntegAssertions': { AssertionResultsOld: PASS } }));

    const run = simulate(outdir, { codes: { assert: 1 } });

    expect(run.code).toBe(1);
    expect(run.stdout.join('\n')).not.toContain('Old');
  });

  test('writes into cdk.out/, which git ignores', () => {
    const ignored = fs.readFileSync(path.join(__dirname, '..', '..', '.gitignore'), 'utf8').split('\n');
    expect(ignored).toContain('cdk.out/');
    expect(INTEG_OUTDIR.startsWith('cdk.out/')).toBe(true);
  });
});
