import * as fs from 'fs';
import * as path from 'path';
import { tempDir } from '../support/context';
import { DEPLOY_SECTION, readDoc, runWithoutCredentials, section, shellLines } from '../support/readme';

/**
 * The README's deploy path, run as written, up to where it needs an AWS account: every command of the section's
 * shell blocks, in order, in one shell, in a scratch copy of the project without credentials. The synth must
 * succeed (it needs none); every later command must fail fast with the CLI's or our own one-line message about
 * credentials or the missing outputs, never hang and never print a stack trace. A command this test has no
 * expectation for fails it, so a new README step cannot go unexercised.
 */
/** The commands of the section's `sh` blocks. */
const deployCommands = () => shellLines(section(readDoc('README.md'), DEPLOY_SECTION));

const NO_CREDENTIALS = /Unable to resolve AWS account|credentials/i;
const STACK_TRACE = /^\s+at .+:\d+:\d+\)?$/m;

/** What each command must do without credentials: exit status and a message. */
const EXPECTED: readonly { readonly command: RegExp; readonly status: (code: number) => boolean; readonly output: RegExp }[] = [
  { command: /^export \w+=/, status: (code) => code === 0, output: /^$/ },
  { command: /^npm run preflight /, status: (code) => code === 1, output: /credentials/i },
  { command: /^npx cdk synth /, status: (code) => code === 0, output: /compliance sandbox: unacknowledged findings: .* 0;/ },
  { command: /^npx cdk (bootstrap|diff|deploy|destroy) /, status: (code) => code !== 0, output: NO_CREDENTIALS },
  { command: /^npm run smoke -- /, status: (code) => code === 2, output: /sandbox-outputs\.json/ },
];

describe('README deploy path', () => {
  const commands = deployCommands();
  const workspace = tempDir('atlas-readme');
  afterAll(() => fs.rmSync(workspace, { recursive: true, force: true }));

  test('the section has the steps a user follows, each with an expectation here', () => {
    expect(commands.length).toBeGreaterThanOrEqual(8);
    expect(commands.filter((c) => !EXPECTED.some((e) => e.command.test(c)))).toEqual([]);
  });

  test('runs as written without credentials: synth succeeds, every later step stops with a clear message, none hangs', async () => {
    const outcome = (await runWithoutCredentials(commands, workspace)).map(({ command, code, output }) => {
      const expected = EXPECTED.find((e) => e.command.test(command))!;
      return {
        command,
        code,
        ok: expected.status(code) && expected.output.test(output) && !STACK_TRACE.test(output) && code !== 124,
        output: output.split('\n').slice(-5).join('\n'),
      };
    });
    expect(outcome.filter((o) => !o.ok)).toEqual([]);
    // The synth wrote the sandbox only, where the later steps read it.
    expect(fs.readdirSync(path.join(workspace, 'project', 'cdk.out')).filter((f) => f.startsWith('assembly-'))).toEqual(['assembly-sandbox']);
  }, 600_000);
});
