#!/usr/bin/env node
/**
 * `npm run diagram`: synthesizes every stage and the optional delivery pipeline (without the compliance gate), derives
 * the stacks, network and request path diagrams of each stage and the pipeline's from the cloud assembly, and writes
 * them to docs/architecture.md and the README's `diagram-sandbox` block; with Graphviz's `dot` on PATH, also to
 * docs/diagrams/<stage>-<view>.svg.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ARCHITECTURE_FILE, DiagramApp, generateDiagrams, README_BLOCK, synthesizeDiagramApp, toDot } from '../lib/docs/diagrams';
import { replaceGeneratedBlock } from '../lib/docs/generated-block';
import { silenceSpuriousCdkWarnings } from '../lib/shared/known-warnings';

silenceSpuriousCdkWarnings();

const root = path.resolve(__dirname, '..');
const started = performance.now();
const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

// The context the CLI would pass from cdk.json: its feature flags shape the templates.
const cdkJson = JSON.parse(fs.readFileSync(path.join(root, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-diagram-'));
let synthesizedApp: DiagramApp;
try {
  synthesizedApp = synthesizeDiagramApp(outdir, cdkJson.context ?? {});
} finally {
  fs.rmSync(outdir, { recursive: true, force: true });
}
const { stages, pipeline } = synthesizedApp;
const synthesized = seconds(started);
const generated = generateDiagrams(stages, pipeline);

/** Writes a file when its content changed; says which. */
function write(relative: string, content: string): string {
  const file = path.join(root, relative);
  const before = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
  if (before === content) return `${relative} unchanged`;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return `${relative} ${before === undefined ? 'written' : 'updated'}`;
}

const results = [
  write(ARCHITECTURE_FILE, generated.architecture),
  write('README.md', replaceGeneratedBlock(fs.readFileSync(path.join(root, 'README.md'), 'utf8'), README_BLOCK, generated.readmeBlock)).replace(
    'README.md',
    `README.md block ${README_BLOCK}`,
  ),
];

// SVG only where Graphviz is installed: the Mermaid text is the diagram, and what dot writes depends on its version.
const dot = spawnSync('dot', ['-V'], { encoding: 'utf8' });
if (dot.error || dot.status !== 0) {
  results.push('SVG skipped: Graphviz `dot` is not on PATH (install graphviz to also get docs/diagrams/*.svg)');
} else {
  for (const { stage, view, graph } of generated.views) {
    const svg = spawnSync('dot', ['-Tsvg'], { input: toDot(graph, `${stage}-${view}`), encoding: 'utf8' });
    if (svg.status !== 0) throw new Error(`dot failed on ${stage}-${view}: ${svg.stderr}`);
    results.push(write(`docs/diagrams/${stage}-${view}.svg`, svg.stdout));
  }
}

for (const line of results) console.log(`diagram: ${line}`);
console.log(`diagram: ${generated.views.length} diagrams of ${stages.length} stages in ${seconds(started)} (synth ${synthesized})`);
