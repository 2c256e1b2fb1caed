import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { assemblyStacks, readIntegManifest } from './assembly';
import { sandboxIntegApp } from './integ.sandbox';

/**
 * Snapshots of the integration apps, in the layout `@aws-cdk/integ-runner` uses (`integ.<name>.ts` beside
 * `integ.<name>.ts.snapshot/`, files at their cloud-assembly paths), holding what a review should see: the integ
 * manifest (`integ.json`: which stacks the test deploys, which stack asserts) and the template of each of those
 * stacks. Asset hashes are replaced as in the jest snapshots (`test/support/setup.ts`), and the `salt` that
 * integ-tests gives every assertion (the synth time, so that each deploy reruns it) is replaced too, so a snapshot
 * changes only when the architecture or an assertion does.
 *
 * integ-runner itself cannot read this assembly yet (cloud-assembly schema 55 is newer than its toolkit reads):
 * `integ-snapshots.test.ts` compares, `update-snapshots.ts` rewrites. Once a compatible runner exists it rewrites
 * these directories in its own format on its first `--update-on-failed` run.
 */

/** The command that rewrites the committed snapshots (tests print it on a mismatch). */
export const UPDATE_COMMAND = 'npx tsx test/integ/update-snapshots.ts';

/** An integration app: synthesizes itself into `outdir` without credentials, lookups, Docker or network. */
export interface IntegApp {
  /** The integ-runner test file, relative to this directory. */
  readonly file: string;
  readonly synth: (outdir: string) => void;
}

/** Every integration app of the project. */
export const INTEG_APPS: readonly IntegApp[] = [
  {
    file: 'integ.sandbox.ts',
    synth: (outdir) =>
      sandboxIntegApp({
        outdir,
        // Bundled code only shows in asset hashes, which the snapshot replaces anyway.
        context: { 'aws:cdk:bundling-stacks': [] },
        // The main synth validates the same stage; the snapshot only records.
        builtinValidation: false,
      }).app.synth(),
  },
];

/** The committed snapshot directory of an app. */
export function snapshotDir(app: IntegApp): string {
  return path.join(__dirname, `${app.file}.snapshot`);
}

/** Snapshot files by path relative to the snapshot directory (forward slashes), each its normalised text. */
export type SnapshotFiles = Map<string, string>;

const ASSET_HASH = /[0-9a-f]{64}/g;
const ASSERTION_RESOURCE_PREFIX = 'Custom::DeployAssert@';

/** Replaces what changes without the architecture changing: asset hashes and assertion salts. */
export function normaliseTemplate(template: unknown): string {
  const resources = (template as { Resources?: Record<string, { Type?: string; Properties?: Record<string, unknown> }> }).Resources ?? {};
  for (const resource of Object.values(resources)) {
    if (resource.Type?.startsWith(ASSERTION_RESOURCE_PREFIX) && resource.Properties && 'salt' in resource.Properties) {
      resource.Properties.salt = '[SALT]';
    }
  }
  return `${JSON.stringify(template, undefined, 2).replace(ASSET_HASH, '[ASSET HASH]')}\n`;
}

/** The snapshot files of a synthesized cloud assembly: `integ.json` and the template of every stack it names. */
export function snapshotFilesOf(assemblyDir: string): SnapshotFiles {
  const integ = readIntegManifest(assemblyDir);
  const wanted = new Set(
    Object.values(integ.testCases).flatMap((testCase) => [...testCase.stacks, ...(testCase.assertionStack ? [testCase.assertionStack] : [])]),
  );
  const stacks = assemblyStacks(assemblyDir);
  const files: SnapshotFiles = new Map([['integ.json', `${JSON.stringify(integ, undefined, 2)}\n`]]);
  for (const stack of wanted) {
    const found = stacks.get(stack);
    if (!found) throw new Error(`integ.json names stack '${stack}', which ${assemblyDir} does not hold`);
    files.set(found.templateFile, normaliseTemplate(readJson(path.join(assemblyDir, found.templateFile))));
  }
  return new Map([...files.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

/** Synthesizes an app into a temporary directory, reads from it and removes the directory again. */
export function withSynthesized<T>(app: IntegApp, read: (assemblyDir: string) => T): T {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'integ-snapshot-'));
  try {
    app.synth(outdir);
    return read(outdir);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** The snapshot files an app synthesizes now. */
export function synthesizeSnapshot(app: IntegApp): SnapshotFiles {
  return withSynthesized(app, snapshotFilesOf);
}

/** The committed snapshot files of a directory (empty when it does not exist). */
export function readSnapshot(dir: string): SnapshotFiles {
  const files: SnapshotFiles = new Map();
  const walk = (relative: string) => {
    for (const entry of fs.readdirSync(path.join(dir, relative), { withFileTypes: true })) {
      const child = path.posix.join(relative, entry.name);
      if (entry.isDirectory()) walk(child);
      else files.set(child, fs.readFileSync(path.join(dir, child), 'utf8'));
    }
  };
  if (fs.existsSync(dir)) walk('');
  return new Map([...files.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

/** Replaces the directory's contents with the snapshot files. */
export function writeSnapshot(dir: string, files: SnapshotFiles): void {
  fs.rmSync(dir, { recursive: true, force: true });
  for (const [file, text] of files) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
}

/** One difference between the committed and the synthesized snapshot. */
export interface SnapshotDifference {
  readonly file: string;
  readonly kind: 'changed' | 'missing from the snapshot' | 'no longer synthesized';
  /** For a changed file, the first line that differs. */
  readonly firstDifference?: { line: number; committed: string; synthesized: string };
}

/** Every file that differs, is new or is gone, in path order. */
export function compareSnapshots(committed: SnapshotFiles, synthesized: SnapshotFiles): SnapshotDifference[] {
  const differences: SnapshotDifference[] = [];
  const files = [...new Set([...committed.keys(), ...synthesized.keys()])].sort((a, b) => a.localeCompare(b));
  for (const file of files) {
    const before = committed.get(file);
    const after = synthesized.get(file);
    if (before === undefined) differences.push({ file, kind: 'missing from the snapshot' });
    else if (after === undefined) differences.push({ file, kind: 'no longer synthesized' });
    else if (before !== after) differences.push({ file, kind: 'changed', firstDifference: firstDifferentLine(before, after) });
  }
  return differences;
}

/** A message naming every difference and the command that accepts them. */
export function describeDifferences(app: IntegApp, differences: readonly SnapshotDifference[]): string {
  const dir = path.relative(process.cwd(), snapshotDir(app));
  const lines = differences.map((d) => {
    const where = d.firstDifference
      ? ` (line ${d.firstDifference.line}: committed ${JSON.stringify(d.firstDifference.committed.trim())}, synthesized ${JSON.stringify(d.firstDifference.synthesized.trim())})`
      : '';
    return `  ${dir}/${d.file}: ${d.kind}${where}`;
  });
  return [
    `${app.file} no longer synthesizes its committed snapshot:`,
    ...lines,
    `If the change is intended, update the snapshot with \`${UPDATE_COMMAND}\`, review the diff and commit it with the reason.`,
  ].join('\n');
}

function firstDifferentLine(before: string, after: string): { line: number; committed: string; synthesized: string } {
  const a = before.split('\n');
  const b = after.split('\n');
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return { line: i + 1, committed: a[i] ?? '<end of file>', synthesized: b[i] ?? '<end of file>' };
}

function readJson<T = unknown>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}
