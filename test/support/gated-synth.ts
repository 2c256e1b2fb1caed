/**
 * The compliance tests' gated synth, in its own process (started by `startGatedSynth` in gate.ts):
 *
 *   node --import tsx test/support/gated-synth.ts <outdir> <app name>…
 *
 * Synthesizes each named app of `GATED_APPS` into `<outdir>/<name>` as `npm run synth` does (the feature flags of cdk.json,
 * every compliance pack and plugin, the CloudFormation validation, assets bundled so that the deployability checks
 * see the staged code), except that findings are written to the validation report instead of failing the synth: the
 * tests name every finding. Next to each assembly it writes the exceptions the app's stages (and the pipeline's stack,
 * when it is on) record.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { addAtlasStages, PIPELINE_STACK_ID } from '../../lib/atlas-app';
import { recordedExceptions } from '../../lib/compliance';
import { silenceSpuriousCdkWarnings } from '../../lib/shared/known-warnings';
import { cdkJsonContext } from './context';
import { EXCEPTIONS_FILE, GATED_APPS } from './gate';

silenceSpuriousCdkWarnings();
const [outdir, ...names] = process.argv.slice(2);
const unknown = names.filter((name) => !(name in GATED_APPS));
if (!outdir || names.length === 0 || unknown.length > 0) {
  throw new Error(`usage: node --import tsx test/support/gated-synth.ts <outdir> <app name>… (app names: ${Object.keys(GATED_APPS).join(', ')})`);
}

for (const name of names as (keyof typeof GATED_APPS)[]) {
  const dir = path.join(outdir, name);
  const app = new App({ outdir: dir, context: { ...cdkJsonContext(), '@aws-cdk/core:failSynthOnValidationErrors': false } });
  const stages = addAtlasStages(app, GATED_APPS[name]);
  app.synth();
  const pipeline = app.node.tryFindChild(PIPELINE_STACK_ID);
  const recorded = [...stages, ...(pipeline ? [pipeline] : [])].flatMap((scope) => recordedExceptions(scope));
  fs.writeFileSync(path.join(dir, EXCEPTIONS_FILE), JSON.stringify(recorded));
}
