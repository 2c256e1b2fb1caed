import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { AtlasAppOptions } from '../../lib/atlas-app';
import type { RecordedException } from '../../lib/compliance';
import { withEveryOptionalPart } from '../../lib/config/variants';
import { PluginReport, validationReport } from './assembly';
import { ROOT, tempDir, withoutAwsEnvironment } from './context';

/**
 * The apps the compliance tests synthesize through the whole gate (the five cdk-nag packs, cfn-guard, our
 * deployability checks, the CloudFormation validation and the construct annotations), findings reported instead of
 * failing the synth:
 * - `presets`: every stage as `npm run synth` builds it, offline (no account);
 * - `everyOptionalPart`: every stage with every optional part switched on (the presets leave certificates, the
 *   custom domain, the circuit and the costly parts off in places), synthesized for an account and a domain as a
 *   deploy does: a known account changes how ARNs in findings render, and the exceptions must still match;
 * - `pipeline`: every stage with the delivery pipeline switched on, synthesized as the pipeline's first deploy and its
 *   own synth step do (for an account, with a domain and an alarm address, which the pipeline passes on).
 */
export const GATED_APPS = {
  presets: {},
  everyOptionalPart: { account: '123456789012', domain: 'atlas.corp-lab.net', configure: withEveryOptionalPart },
  pipeline: {
    account: '123456789012',
    domain: 'atlas.corp-lab.net',
    alarmEmail: 'ops@corp-lab.net',
    pipelineRepository: 'corp-lab/aws-service-atlas',
    pipelineConnectionArn: 'arn:aws:codeconnections:ap-northeast-2:123456789012:connection/0a1b2c3d-4e5f-6789-abcd-ef0123456789',
  },
} satisfies Record<string, AtlasAppOptions>;

/** The name of a gated app. */
export type GatedAppName = keyof typeof GATED_APPS;

/** What a gated synth left: its cloud assembly, its validation report and the exceptions its stages record. */
export interface GatedAssembly {
  /** The cloud assembly directory. */
  readonly dir: string;
  /** The validation report of the synth. */
  readonly report: PluginReport[];
  /** Every exception the app's stages record (`recordedExceptions`), as built for this synth. */
  readonly exceptions: RecordedException[];
}

/** The file in each gated assembly where the child process writes the recorded exceptions. */
export const EXCEPTIONS_FILE = 'recorded-exceptions.json';

/** The gated synths of a file: each app's result, and a promise that settles when the child process has exited. */
export interface GatedSynth<N extends GatedAppName> {
  readonly apps: Promise<Record<N, GatedAssembly>>;
  readonly settled: Promise<void>;
}

/**
 * Starts the gated synth of the named `GATED_APPS` apps, once, in a child process (test/support/gated-synth.ts):
 * asset bundling writes esbuild's output straight to the process's stderr, which a child keeps out of the test output.
 * The child's output is shown only when it fails.
 */
export function startGatedSynth<N extends GatedAppName>(names: readonly N[]): GatedSynth<N> {
  const outdir = tempDir('gated');
  const apps = new Promise<Record<N, GatedAssembly>>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'gated-synth.ts'), outdir, ...names], {
      cwd: ROOT,
      env: withoutAwsEnvironment(process.env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) {
        reject(new Error(`the gated synth (test/support/gated-synth.ts) exited with ${code}:\n${output.split('\n').slice(-40).join('\n')}`));
        return;
      }
      const read = (name: GatedAppName): GatedAssembly => {
        const dir = path.join(outdir, name);
        return { dir, report: validationReport(dir), exceptions: JSON.parse(fs.readFileSync(path.join(dir, EXCEPTIONS_FILE), 'utf8')) as RecordedException[] };
      };
      resolve(Object.fromEntries(names.map((name) => [name, read(name)])) as Record<N, GatedAssembly>);
    });
  });
  return {
    apps,
    settled: apps.then(
      () => undefined,
      () => undefined,
    ),
  };
}
