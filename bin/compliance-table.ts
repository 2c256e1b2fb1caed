#!/usr/bin/env node
// Writes docs/compliance.md, the table of every acknowledged compliance finding, from the acknowledgments in lib/.
// `npm run compliance:table`; a test fails when the committed table is out of date.
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { addAtlasStages } from '../lib/atlas-app';
import { exceptionsTable, recordedExceptions } from '../lib/compliance';
import { StageConfig, withEveryOptionalPart } from '../lib/config';

const root = path.join(__dirname, '..');
const cdkJson = JSON.parse(fs.readFileSync(path.join(root, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
// Only the construct tree is needed: no synth, no bundling, no validation.
const build = (configure?: (config: StageConfig) => StageConfig) =>
  addAtlasStages(new App({ context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] }, builtinCloudFormationValidation: false }), {
    compliance: false,
    configure,
  }).flatMap((s) => recordedExceptions(s));
const file = path.join(root, 'docs', 'compliance.md');
fs.mkdirSync(path.dirname(file), { recursive: true });
fs.writeFileSync(file, exceptionsTable(build(), build(withEveryOptionalPart)));
console.error(`wrote ${path.relative(process.cwd(), file)}`);
