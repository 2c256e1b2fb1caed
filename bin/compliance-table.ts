#!/usr/bin/env node
// Writes docs/compliance.md, the table of every acknowledged compliance finding, from the acknowledgments in lib/.
// `npm run compliance:table`; a test fails when the committed table is out of date.
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { addAtlasStages, PIPELINE_STACK_ID } from '../lib/atlas-app';
import { exceptionsTable, recordedExceptions } from '../lib/compliance';
import { EXAMPLE_PIPELINE, StageConfig, withEveryOptionalPart } from '../lib/config';
import { silenceSpuriousCdkWarnings } from '../lib/shared/known-warnings';

silenceSpuriousCdkWarnings();

const root = path.join(__dirname, '..');
const cdkJson = JSON.parse(fs.readFileSync(path.join(root, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
// Only the construct tree is needed: no synth, no bundling, no validation.
const newApp = () => new App({ context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] }, builtinCloudFormationValidation: false });
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
fs.writeFileSync(file, exceptionsTable(build(), build(withEveryOptionalPart), recordedExceptions(pipelineApp.node.findChild(PIPELINE_STACK_ID))));
console.error(`wrote ${path.relative(process.cwd(), file)}`);
