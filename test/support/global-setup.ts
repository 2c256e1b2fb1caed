import * as fs from 'fs';
import { App } from 'aws-cdk-lib';
import { addAtlasStages } from '../../lib/atlas-app';
import { ASSEMBLY_DIR, cdkJsonContext } from './context';

/**
 * Synthesizes every stage once, exactly as `npm run synth` does (same feature flags, compliance packs and the
 * built-in CloudFormation validation), into `.test-assembly/`. Assets are bundled (the local esbuild, well under a second) so
 * that the deployability checks see the staged code they check; snapshots normalise the asset hashes. Test files read templates and the validation
 * report from there instead of each building the app again.
 */
export default function globalSetup(): void {
  fs.rmSync(ASSEMBLY_DIR, { recursive: true, force: true });
  const app = new App({
    outdir: ASSEMBLY_DIR,
    // Findings must not abort the synth: the compliance tests read the report and name every finding.
    context: {
      ...cdkJsonContext(),
      '@aws-cdk/core:failSynthOnValidationErrors': false,
    },
  });
  addAtlasStages(app);
  app.synth();
}
