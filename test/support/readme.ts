import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { promisify } from 'util';
import { ROOT, withoutAwsEnvironment } from './context';

/** A Markdown file of the project, as text. */
export const readDoc = (file: string): string => fs.readFileSync(path.join(ROOT, file), 'utf8');

/** The text of a `## ` section, from its heading to the next one. */
export function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`\n${heading}\n`);
  if (start === -1) throw new Error(`no section '${heading}'`);
  const end = markdown.indexOf('\n## ', start + heading.length + 1);
  return markdown.slice(start, end === -1 ? undefined : end);
}

/** Command lines of the `sh` blocks of some Markdown, comments and blank lines left out. */
export function shellLines(markdown: string): string[] {
  return [...markdown.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((block) =>
    block[1]
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#')),
  );
}

/** The README's deploy section heading: the path a user follows to a sandbox and back. */
export const DEPLOY_SECTION = '## Deploying and destroying the sandbox';

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
export const anchorOf = (heading: string): string =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');

/** What a README command did when run as written: its exit status and its output (stdout and stderr). */
export interface CommandOutcome {
  readonly command: string;
  readonly code: number;
  readonly output: string;
}

/**
 * Runs README commands as written, in order, in one shell, in a scratch copy of the project (its sources and
 * node_modules linked into `workspace/project`, so that cdk.out and output files land there) without AWS credentials
 * or CDK variables: what a reader without an account sees. `export` lines set the shell's variables for the later
 * commands; every other command gets at most 240 s (exit status 124 when it hangs).
 */
export async function runWithoutCredentials(commands: readonly string[], workspace: string): Promise<CommandOutcome[]> {
  const project = path.join(workspace, 'project');
  fs.mkdirSync(project);
  for (const entry of ['bin', 'lib', 'assets', 'rules', 'node_modules', 'cdk.json', 'package.json', 'package-lock.json', 'tsconfig.json']) {
    fs.symlinkSync(path.join(ROOT, entry), path.join(project, entry));
  }
  const results = path.join(workspace, 'results');
  fs.mkdirSync(results);
  const script = commands
    .map((command, i) =>
      command.startsWith('export ')
        ? `${command}; echo 0 > "${results}/${i}.code"; : > "${results}/${i}.out"`
        : `timeout 240 ${command} > "${results}/${i}.out" 2>&1; echo $? > "${results}/${i}.code"`,
    )
    .join('\n');
  const env = withoutAwsEnvironment(process.env);
  Object.assign(env, {
    HOME: workspace,
    AWS_CONFIG_FILE: path.join(workspace, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(workspace, 'no-aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    CI: 'true',
  });
  await promisify(execFile)('bash', ['-c', script], { cwd: project, env, timeout: 600_000 });
  return commands.map((command, i) => ({
    command,
    code: Number(fs.readFileSync(path.join(results, `${i}.code`), 'utf8')),
    output: fs.readFileSync(path.join(results, `${i}.out`), 'utf8'),
  }));
}
