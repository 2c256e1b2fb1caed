import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { addAtlasStages } from '../../lib/atlas-app';
import { silenceSpuriousCdkWarnings } from '../../lib/shared/known-warnings';
import { templatesOnlyApp } from '../../lib/shared/templates-only-app';
import { assemblyDir, cdkJsonContext, ROOT, TEST_RUN_DIR_ENV } from './context';

/**
 * Creates this run's directory under the OS temp dir (its own per jest process: two runs at once never share it;
 * the global teardown removes it) and synthesizes every stage once into it, plain: the feature flags of cdk.json, but
 * no compliance gate, no CloudFormation validation and no asset bundling or copies. None of these changes a template
 * (the gate adds validation plugins), so construct, stack and snapshot tests read the templates from here instead of
 * each building the app again; the compliance tests (test/compliance/gate.test.ts) run the gate themselves.
 */
export default function globalSetup(): void {
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-test-run-'));
  process.env[TEST_RUN_DIR_ENV] = runDir; // inherited by the test workers, which jest starts after this
  // And the OS temp dir of the workers and every process they start is this directory too (TMPDIR on Linux and macOS,
  // TEMP/TMP on Windows): what a library or child process writes there (a CDK app's default cloud assembly, esbuild's
  // scratch files) goes with the run instead of staying behind in the real temp dir.
  for (const variable of ['TMPDIR', 'TEMP', 'TMP']) process.env[variable] = runDir;
  try {
    // Except tsx's compile cache, which is a cache: its directory there (`tsx-<uid>`, tsx's own name for it) is a link
    // to one that outlives the run, beside the project's other tool caches. Every child process that runs TypeScript
    // (the gated synths, the README's commands, the entry points and CLIs) reads the compiled files of the last run
    // instead of each compiling the whole project again at once; the teardown removes the link, not the cache.
    const tsxCache = path.join(ROOT, 'node_modules', '.cache', 'aws-service-atlas', 'tsx');
    fs.mkdirSync(tsxCache, { recursive: true });
    fs.symlinkSync(tsxCache, path.join(runDir, `tsx-${process.geteuid?.() ?? os.userInfo().username}`), 'junction');
    silenceSpuriousCdkWarnings();
    const app = templatesOnlyApp(assemblyDir(), cdkJsonContext());
    addAtlasStages(app, { compliance: false });
    app.synth();
  } catch (error) {
    fs.rmSync(runDir, { recursive: true, force: true });
    throw error;
  }
}
