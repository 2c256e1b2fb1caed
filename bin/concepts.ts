#!/usr/bin/env node
// Writes docs/concepts.md, the concept map (study term → construct → stack → CloudFormation types per stage → tests),
// from lib/docs/concepts/concepts.ts. `npm run concepts`; test/docs/concepts.test.ts fails when the committed map is
// out of date or no longer true of the code.
import * as fs from 'fs';
import * as path from 'path';
import { CONCEPTS_DOCUMENT, renderConcepts } from '../lib/docs/concepts/render';
import { silenceSpuriousCdkWarnings } from '../lib/shared/known-warnings';

silenceSpuriousCdkWarnings();

const file = path.join(__dirname, '..', CONCEPTS_DOCUMENT);
fs.mkdirSync(path.dirname(file), { recursive: true });
fs.writeFileSync(file, renderConcepts());
console.error(`wrote ${path.relative(process.cwd(), file)}`);
