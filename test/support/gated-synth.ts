/**
 * The compliance tests' gated synth, in its own process (started by `startGatedSynth` in gate.ts):
 *
 *   node --import tsx test/support/gated-synth.ts <outdir>
 *
 * Synthesizes each app of `GATED_APPS` into `<outdir>/<name>` as `npm run synth` does (the feature flags of cdk.json,
 * every compliance pack and plugin, the CloudFormation validation, assets bundled so that the deployability checks
 * see the staged code), except that findings are written to the validation report instead of failing the synth: the
 * tests name every finding. Next to each assembly it writes the exceptions the app's stages record.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { addAtlasStages } from '../../lib/atlas-app';
import { recordedExceptions } from '../../lib/compliance';
import { silenceSpuriousCdkWarnings } from '../../lib/shared/known-warnings';
import { cdkJsonContext } from './context';
import { EXCEPTIONS_FILE, GATED_APPS } from './gate';

silenceSpuriousCdkWarnings();
const [outdir] = process.argv.slice(2);
if (!outdir) throw new Error('usage: node --import tsx test/support/gated-synth.ts <outdir>');

for (const [name, options] of Object.entries(GATED_APPS)) {
  const dir = path.join(outdir, name);
  const app = new App({ outdir: dir, context: { ...cdkJsonContext(), '@aws-cdk/core:failSynthOnValidationErrors': false } });
  const stages = addAtlasStages(app, options);
  app.synth();
  fs.writeFileSync(path.join(dir, EXCEPTIONS_FILE), JSON.stringify(stages.flatMap((stage) => recordedExceptions(stage))));
}
