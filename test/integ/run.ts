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
 *   npx cdk destroy --app cdk.out/integ --force --exclusively --concurrency 3 <the same stacks but Network>
 *   npx cdk destroy --app cdk.out/integ --force --exclusively <Network>   (retried while Lambda ENIs linger)
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
  /** Waits this many seconds (between attempts to delete the network). */
  readonly wait: (seconds: number) => void;
}

/**
 * Attempts at deleting the Network stack, and the wait between them. Lambda functions in a VPC leave their network
 * interfaces behind for a while after the functions are gone (AWS releases them asynchronously, often 20 minutes or
 * more), and until then their subnets and security groups cannot be deleted ("has dependencies").
 */
export const NETWORK_DESTROY_ATTEMPTS = 4;
export const NETWORK_DESTROY_WAIT_SECONDS = 600;

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

  // --exclusively: without it the CLI also destroys every stack that depends on these (the stage's Audit, Dns and
  // Dashboard), which this test never deployed.
  const stacks = [...testCase.stacks, testCase.assertionStack];
  const destroyCommand = `npx cdk destroy --app ${outdir} --force --exclusively ${stacks.map((stack) => `'${stack}'`).join(' ')}`;
  if (keep) {
    io.stdout(`integ: stacks kept (--keep); remove them with: ${destroyCommand}`);
    return code;
  }
  const network = stacks.filter((stack) => stack.endsWith('/Network'));
  const rest = stacks.filter((stack) => !network.includes(stack));
  let destroyed = cdk('destroy', '--app', outdir, '--force', '--exclusively', '--concurrency', '3', ...rest) === 0;
  // The network last, once the functions' network interfaces are released: retried, since AWS gives no event for it.
  for (let attempt = 1; destroyed && network.length > 0; attempt++) {
    if (cdk('destroy', '--app', outdir, '--force', '--exclusively', ...network) === 0) break;
    if (attempt === NETWORK_DESTROY_ATTEMPTS) {
      destroyed = false;
      break;
    }
    io.stderr(
      `integ: ${network.join(' ')} is still held by released Lambda network interfaces; trying again in ${NETWORK_DESTROY_WAIT_SECONDS / 60} minutes (attempt ${attempt + 1} of ${NETWORK_DESTROY_ATTEMPTS})`,
    );
    io.wait(NETWORK_DESTROY_WAIT_SECONDS);
  }
  if (!destroyed) {
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
    wait: (seconds) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, seconds * 1000),
  });
}
