import * as fs from 'fs';
import * as path from 'path';

/** Project root. */
export const ROOT = path.resolve(__dirname, '..', '..');

/**
 * The environment variable that hands this jest run's directory to the test workers: the global setup creates it
 * under the OS temp dir (one per run, so that two jest processes never share or clobber it) and the global teardown
 * removes it with everything the tests wrote there.
 */
export const TEST_RUN_DIR_ENV = 'ATLAS_TEST_RUN_DIR';

/** This jest run's directory (see `TEST_RUN_DIR_ENV`). */
export function testRunDir(): string {
  const dir = process.env[TEST_RUN_DIR_ENV];
  if (!dir || !fs.existsSync(dir)) {
    throw new Error(
      `${TEST_RUN_DIR_ENV} names no directory (${dir ?? 'unset'}): run the tests with jest, whose global setup (test/support/global-setup.ts) creates it`,
    );
  }
  return dir;
}

/** Where the global setup writes the plain cloud assembly of every stage (no compliance gate, no bundling). */
export function assemblyDir(): string {
  return path.join(testRunDir(), 'assembly');
}

/** A new, empty directory inside this run's directory: removed with it by the global teardown, never left behind. */
export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(testRunDir(), `${prefix.replace(/-?$/, '')}-`));
}

/**
 * The context of cdk.json (feature flags), as the CLI passes it, so that test synths produce the same templates
 * as `npm run synth`. Version reporting is off as in cdk.json (`versionReporting: false`).
 */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(fs.readFileSync(path.join(ROOT, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  return { ...cdkJson.context, 'aws:cdk:version-reporting': false };
}

/** The environment without the AWS and CDK variables a developer's shell may hold: what a process started offline gets. */
export function withoutAwsEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !key.startsWith('AWS_') && !key.startsWith('CDK_')));
}
