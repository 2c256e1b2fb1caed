import * as fs from 'fs';
import { App } from 'aws-cdk-lib';
import { addAtlasStages } from './lib/atlas-app';
import { cdkJsonContext } from './test/support/context';
const out = '/tmp/raw-assembly';
fs.rmSync(out, { recursive: true, force: true });
const app = new App({ outdir: out, context: { ...cdkJsonContext(), '@aws-cdk/core:failSynthOnValidationErrors': false, 'aws:cdk:bundling-stacks': [] } });
const t0 = Date.now();
addAtlasStages(app);
app.synth();
console.error('synth ms', Date.now() - t0);
const report = JSON.parse(fs.readFileSync(out + '/validation-report.json', 'utf8'));
for (const r of report.pluginReports) {
  console.log('##', r.pluginName, r.conclusion, r.violations.length, 'suppressed', (r.suppressedViolations ?? []).length);
  for (const v of r.violations) for (const c of v.violatingConstructs) console.log(`  ${v.ruleName} [${v.severity}] ${c.constructPath}`);
}
