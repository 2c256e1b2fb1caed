import * as fs from 'fs';
import { gatePluginNames } from '../../lib/compliance';
import { PRESETS } from '../../lib/config';
import { tempDir } from '../support/context';
import { DEPLOY_SECTION, readDoc, runWithoutCredentials, section, shellLines } from '../support/readme';

/**
 * The README's pipeline section, run as written without credentials (as test/readme/deploy-path.test.ts runs the
 * deploy path): after the deploy path's `export` lines (the section uses its domain and alarm address), every command
 * of the section's shell blocks, in order, in one shell. The synth of the app with the pipeline on must pass the whole
 * compliance gate offline and print the pipeline's compliance line; every command that needs an account must stop at
 * once with the CLI's message about credentials, with no stack trace. A command without an expectation here fails it.
 */
const PIPELINE_SECTION = '## Delivery pipeline (optional)';

const NO_CREDENTIALS = /Unable to resolve AWS account|credentials/i;
const STACK_TRACE = /^\s+at .+:\d+:\d+\)?$/m;
/** The line the synth prints for the pipeline's stack: zero unacknowledged findings of every pack and plugin. */
const PIPELINE_SUMMARY = new RegExp(
  `^compliance Pipeline: unacknowledged findings: ${gatePluginNames()
    .map((p) => `${p} 0`)
    .join(', ')}; \\d+ acknowledged`,
  'm',
);

/** Production's regions: its primary and standby regions, and us-east-1 where it issues CloudFront's certificate. */
const PRODUCTION_REGIONS = [
  PRESETS.production.region,
  ...(PRESETS.production.standby ? [PRESETS.production.standby.region] : []),
  ...(PRESETS.production.dns.issueCertificates ? ['us-east-1'] : []),
];

const EXPECTED: readonly {
  readonly command: RegExp;
  readonly status: (code: number) => boolean;
  readonly output: RegExp;
  /** The CDK CLI's own stack trace is expected (not ours: the app never prints one). */
  readonly cliStackTrace?: boolean;
}[] = [
  { command: /^export \w+=/, status: (code) => code === 0, output: /^$/ },
  { command: /^npx cdk synth -c pipelineRepository=/, status: (code) => code === 0, output: PIPELINE_SUMMARY },
  // Bootstrapping environments named on the command line, the pinned CLI (2.1148.1) bootstraps them concurrently and
  // prints each one's NoCredentials failure with its stack as it comes, then the message on a line of its own. It
  // prints the message when the first environment fails, not after the last (Promise.all), so the message is not
  // always the last line (seen in about one run in seven): each environment's failure and the message, in any order.
  {
    command: /^npx cdk bootstrap aws:\/\//,
    status: (code) => code !== 0,
    output: new RegExp(
      [
        ...PRODUCTION_REGIONS.map((region) => `(?=[\\s\\S]*Environment aws://\\d{12}/${region} failed bootstrapping: NoCredentials)`),
        '[\\s\\S]*^Need to perform AWS calls for account \\d{12}, but no credentials have been configured$',
      ].join(''),
      'm',
    ),
    cliStackTrace: true,
  },
  { command: /^npx cdk (bootstrap|deploy|destroy) --app cdk\.out( |$)/, status: (code) => code !== 0, output: NO_CREDENTIALS },
];

describe("README's delivery pipeline section", () => {
  const readme = readDoc('README.md');
  const commands = shellLines(section(readme, PIPELINE_SECTION));
  const exports = shellLines(section(readme, DEPLOY_SECTION)).filter((c) => c.startsWith('export '));
  const workspace = tempDir('atlas-readme-pipeline');
  afterAll(() => fs.rmSync(workspace, { recursive: true, force: true }));

  test('shows how to turn it on, deploy it, bootstrap another account with --trust and remove it, each with an expectation here', () => {
    expect(commands.filter((c) => !EXPECTED.some((e) => e.command.test(c)))).toEqual([]);
    expect(commands.filter((c) => /^npx cdk /.test(c)).map((c) => c.split(' ').slice(0, 3).join(' '))).toEqual([
      'npx cdk synth',
      'npx cdk bootstrap',
      'npx cdk deploy',
      'npx cdk destroy',
      'npx cdk bootstrap',
    ]);
    // Another account is bootstrapped in every region of production (its standby's too), each environment named.
    const trust = commands.find((c) => c.includes('--trust'));
    expect(trust).toMatch(/^npx cdk bootstrap (aws:\/\/\S+ )+--trust \S+ --cloudformation-execution-policies /);
    expect(PRODUCTION_REGIONS).toHaveLength(3);
    expect([...trust!.matchAll(/aws:\/\/\S+\/(\S+)/g)].map((m) => m[1]).sort()).toEqual([...PRODUCTION_REGIONS].sort());
    expect(exports.map((c) => c.split('=')[0])).toEqual(['export ATLAS_DOMAIN', 'export ATLAS_ALARM_EMAIL']);
  });

  test('runs as written without credentials: the synth passes the gate with the pipeline on, every later step stops with a clear message', async () => {
    const outcome = (await runWithoutCredentials([...exports, ...commands], workspace)).map(({ command, code, output }) => {
      const expected = EXPECTED.find((e) => e.command.test(command))!;
      return {
        command,
        code,
        ok: expected.status(code) && expected.output.test(output) && (expected.cliStackTrace === true || !STACK_TRACE.test(output)) && code !== 124,
        output: output.split('\n').slice(-5).join('\n'),
      };
    });
    // The synth's compliance line for the Pipeline stack (PIPELINE_SUMMARY) shows the stack was synthesized and gated.
    expect(outcome.filter((o) => !o.ok)).toEqual([]);
  }, 600_000);
});
