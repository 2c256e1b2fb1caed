/**
 * The integration test against an AWS account, in one command: synthesize the integration app, deploy the stacks
 * under test, deploy the assertion stack, read its results, destroy everything again.
 *
 *   npx tsx test/integ/run.ts [--keep] [options for every cdk command, e.g. --profile atlas]
 *
 * It runs the pinned CLI the way integ-runner would (integ-runner cannot read cloud-assembly schema 55 yet):
 *
 *   npx cdk synth   --app 'npx tsx test/integ/integ.sandbox.ts' --output cdk.out/integ --quiet '**'
 *   npx cdk deploy  --app cdk.out/integ --require-approval never --concurrency 3 <the test case's stacks>
 *   npx cdk deploy  --app cdk.out/integ --require-approval never --exclusively --no-rollback \
 *                   --outputs-file cdk.out/integ/assertion-results.json sandbox/IntegAssertions
 *   npx tsx test/integ/check-results.ts cdk.out/integ/assertion-results.json
 *   npx cdk destroy --app cdk.out/integ --force --concurrency 3 <the same stacks>
 *
 * The stacks come from the synthesized `integ.json`. Destroy runs even when a deploy or an assertion failed;
 * `--keep` skips it and prints the command. Exit code 0 only when every assertion passed and the stacks are gone.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { soleTestCase } from './assembly';
import { checkResults, CheckIo, DEFAULT_RESULTS_FILE } from './check-results';

/** The integration app, as the CLI runs it. */
export const INTEG_APP_COMMAND = 'npx tsx test/integ/integ.sandbox.ts';
/** Where the run synthesizes to (inside the ignored cdk.out/), beside the results check-results reads by default. */
export const INTEG_OUTDIR = path.posix.dirname(DEFAULT_RESULTS_FILE);

/** Output streams and the CLI, so that tests can replace them. */
export interface RunIo extends CheckIo {
  /** Runs `npx <args>` with inherited output; returns its exit code. */
  readonly exec: (args: readonly string[]) => number;
}

/** Runs the integration test; returns the exit code. */
export function runIntegration(argv: readonly string[], io: RunIo, outdir: string = INTEG_OUTDIR): number {
  const keep = argv.includes('--keep');
  const cdkOptions = argv.filter((arg) => arg !== '--keep');
  const results = path.join(outdir, path.basename(DEFAULT_RESULTS_FILE));
  const cdk = (...args: string[]) => io.exec(['cdk', ...args, ...cdkOptions]);

  fs.rmSync(outdir, { recursive: true, force: true });
  if (cdk('synth', '--app', INTEG_APP_COMMAND, '--output', outdir, '--quiet', '**') !== 0) {
    io.stderr('integ: the synth failed; nothing was deployed');
    return 1;
  }
  let testCase: ReturnType<typeof soleTestCase>;
  try {
    testCase = soleTestCase(outdir);
  } catch (error) {
    io.stderr(`integ: ${(error as Error).message}; nothing was deployed`);
    return 1;
  }

  let code: number;
  if (cdk('deploy', '--app', outdir, '--require-approval', 'never', '--concurrency', '3', ...testCase.stacks) !== 0) {
    io.stderr('integ: deploying the stacks under test failed (the CloudFormation events above name the resource)');
    code = 1;
  } else if (
    // Without rollback, as integ-runner deploys it: a failed assertion leaves the others' events to read.
    cdk('deploy', '--app', outdir, '--require-approval', 'never', '--exclusively', '--no-rollback', '--outputs-file', results, testCase.assertionStack) !== 0
  ) {
    io.stderr(
      `integ: ${testCase.assertionStack} failed to deploy: an HTTP assertion ran out of retries or an API call failed (the CloudFormation events above name the assertion)`,
    );
    code = 1;
  } else {
    code = checkResults([results], io) === 0 ? 0 : 1;
  }

  const stacks = [...testCase.stacks, testCase.assertionStack];
  const destroyCommand = `npx cdk destroy --app ${outdir} --force ${stacks.map((stack) => `'${stack}'`).join(' ')}`;
  if (keep) {
    io.stdout(`integ: stacks kept (--keep); remove them with: ${destroyCommand}`);
    return code;
  }
  if (cdk('destroy', '--app', outdir, '--force', '--concurrency', '3', ...stacks) !== 0) {
    io.stderr(`integ: destroy failed; finish it with: ${destroyCommand}`);
    return 1;
  }
  io.stdout(code === 0 ? 'integ: every assertion passed; stacks destroyed' : 'integ: FAILED; stacks destroyed');
  return code;
}

if (require.main === module) {
  const env = { ...process.env, CDK_DISABLE_VERSION_CHECK: 'true', CDK_DISABLE_CLI_TELEMETRY: 'true' };
  process.exitCode = runIntegration(process.argv.slice(2), {
    stdout: (line) => console.log(line),
    stderr: (line) => console.error(line),
    exec: (args) => {
      console.log(`$ npx ${args.map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg}'`)).join(' ')}`);
      return spawnSync('npx', args, { stdio: 'inherit', env }).status ?? 1;
    },
  });
}
