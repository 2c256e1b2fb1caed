#!/usr/bin/env node
// Writes docs/compliance.md, the table of every acknowledged compliance finding, from the acknowledgments in lib/.
// `npm run compliance:table`; a test fails when the committed table is out of date.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { addAtlasStages, PIPELINE_STACK_ID } from '../lib/atlas-app';
import { exceptionsTable, recordedExceptions } from '../lib/compliance';
import { EXAMPLE_PIPELINE, StageConfig, withEveryOptionalPart } from '../lib/config';
import { silenceSpuriousCdkWarnings } from '../lib/shared/known-warnings';
import { templatesOnlyApp } from '../lib/shared/templates-only-app';

silenceSpuriousCdkWarnings();

const root = path.join(__dirname, '..');
const cdkJson = JSON.parse(fs.readFileSync(path.join(root, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
// Only the construct tree is needed: the apps are never synthesized. An app makes its cloud assembly directory when it
// is constructed: one scratch directory for all of them, removed at the end.
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-compliance-table-'));
let apps = 0;
const newApp = () => templatesOnlyApp(path.join(scratch, `app-${apps++}`), cdkJson.context);
const build = (configure?: (config: StageConfig) => StageConfig) =>
  addAtlasStages(newApp(), {
    compliance: false,
    configure,
  }).flatMap((s) => recordedExceptions(s));
// The pipeline's stack alone, built with placeholder context (its exceptions do not depend on the repository).
const pipelineApp = newApp();
addAtlasStages(pipelineApp, { compliance: false, ...EXAMPLE_PIPELINE });
const file = path.join(root, 'docs', 'compliance.md');
fs.mkdirSync(path.dirname(file), { recursive: true });
try {
  fs.writeFileSync(file, exceptionsTable(build(), build(withEveryOptionalPart), recordedExceptions(pipelineApp.node.findChild(PIPELINE_STACK_ID))));
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
console.error(`wrote ${path.relative(process.cwd(), file)}`);
