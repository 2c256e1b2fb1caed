import { PIPELINE_ANCHOR } from '../diagrams/document';
import { CHAPTERS } from './concepts';
import { Chapter, Concept, Presence, ResourceTypeEntry } from './model';

/** Where the concept map is written, relative to the project root. */
export const CONCEPTS_DOCUMENT = 'docs/concepts.md';

/** Links in the document are relative to its folder (`docs/`). */
const link = (file: string) => `../${file}`;

/** Escapes the characters that Markdown (or a table cell) would read as syntax in running text. */
function text(value: string): string {
  return value.replace(/([\\*_[\]<>|])/g, '\\$1');
}

/** Running text in which `code` spans are kept as written and everything else is escaped. */
function prose(value: string): string {
  return value
    .split(/(`[^`]*`)/)
    .map((part, i) => (i % 2 === 1 ? part : text(part)))
    .join('');
}

const code = (value: string) => `\`${value}\``;
const title = (concept: Concept) => `${concept.korean} · ${concept.english}`;
const fileName = (file: string) => file.slice(file.lastIndexOf('/') + 1);

const PRESENCE_LABELS: Readonly<Record<Presence, string>> = {
  both: 'both stages',
  sandbox: 'sandbox only',
  production: 'production only',
  optional: 'optional (off in both presets)',
  pipeline: 'with the pipeline on (`-c pipelineRepository`, `-c pipelineConnectionArn`), in its own stack',
};
const PRESENCE_ORDER: readonly Presence[] = ['both', 'sandbox', 'production', 'optional', 'pipeline'];

function resourceTypes(entries: readonly ResourceTypeEntry[]): string {
  if (entries.length === 0) return 'none of its own: each stack is one template';
  return PRESENCE_ORDER.filter((presence) => entries.some((e) => e.in === presence))
    .map((presence) => {
      const types = entries
        .filter((e) => e.in === presence)
        .map((e) => (e.switchedBy ? `${code(e.type)} (${code(e.switchedBy)})` : code(e.type)));
      return `${PRESENCE_LABELS[presence]}: ${types.join(', ')}`;
    })
    .join('<br>');
}

/**
 * Where a concept shows in the generated diagrams (docs/architecture.md): the pipeline's own diagram for what lives in
 * the Pipeline stack, the network view for what lives in the Network stack, the stacks view for the stacks
 * themselves, the request paths for everything else.
 */
export function pictureLinks(concept: Concept): string[] {
  if (concept.stacks.includes('Pipeline')) return [`[pipeline](${link('docs/architecture.md')}#${PIPELINE_ANCHOR})`];
  const view = concept.stacks.includes('Network') ? 'network' : concept.stacks.length > 3 ? 'stacks and deployment order' : 'request paths';
  return ['sandbox', 'production'].map((stage) => `[${stage}](${link('docs/architecture.md')}#${`${stage}: ${view}`.replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-')})`);
}

function conceptBlock(concept: Concept): string[] {
  const rows: [string, string][] = [];
  if (concept.constructs.length > 0) {
    rows.push(['construct', concept.constructs.map((c) => `[${code(c.name)}](${link(c.file)})`).join(', ')]);
  }
  if (concept.config?.length) {
    rows.push(['config', `${concept.config.map(code).join(', ')} ([presets](${link('lib/config/presets.ts')}))`]);
  }
  rows.push(['stack', concept.stacks.map(code).join(', ')]);
  if (concept.stacks.length > 0) rows.push(['picture', pictureLinks(concept).join(', ')]);
  rows.push(['CloudFormation', resourceTypes(concept.resourceTypes)]);
  if (concept.stages.sandbox === concept.stages.production) {
    rows.push(['sandbox, production', prose(concept.stages.sandbox)]);
  } else {
    rows.push(['sandbox', prose(concept.stages.sandbox)], ['production', prose(concept.stages.production)]);
  }
  if (concept.tests.length > 0) {
    const files = [...new Set(concept.tests.map((t) => t.file))];
    const cited = files.map((file) =>
      [`[${fileName(file)}](${link(file)})`, ...concept.tests.filter((t) => t.file === file).map((t) => `– “${text(t.name)}”`)].join('<br>'));
    rows.push(['tests', cited.join('<br>')]);
  }
  if (concept.notProvisioned) {
    rows.push(['not provisioned as written', prose(concept.notProvisioned.why)], ['instead', prose(concept.notProvisioned.instead)]);
  }
  return [
    `<a id="${concept.id}"></a>`,
    '',
    `### ${text(title(concept))}`,
    '',
    prose(concept.summary),
    '',
    '| | |',
    '|---|---|',
    ...rows.map(([key, value]) => `| ${key} | ${value} |`),
    '',
  ];
}

function chapterSection(chapter: Chapter): string[] {
  return [
    `<a id="${chapter.id}"></a>`,
    '',
    `## ${text(`${chapter.korean} · ${chapter.english}`)}`,
    '',
    ...(chapter.intro ?? []).flatMap((paragraph) => [prose(paragraph), '']),
    '| 한국어 | English | construct | stack |',
    '|---|---|---|---|',
    ...chapter.concepts.map((c) => {
      const constructs = c.constructs.map((x) => code(x.name)).join(', ') || '—';
      const marker = c.notProvisioned ? ' (not provisioned as written)' : '';
      return `| [${text(c.korean)}](#${c.id}) | ${text(c.english)}${marker} | ${constructs} | ${c.stacks.map(code).join(', ')} |`;
    }),
    '',
    ...chapter.concepts.flatMap(conceptBlock),
  ];
}

/** The concept map as Markdown: deterministic, so the test can compare it with the committed file. */
export function renderConcepts(chapters: readonly Chapter[] = CHAPTERS): string {
  const lines = [
    '# 개념 지도 · Concept map',
    '',
    '<!-- Generated by `npm run concepts` from lib/docs/concepts/concepts.ts. Do not edit by hand: edit the data and run it again. -->',
    '',
    'Every concept of the study, global infrastructure first and then the six chapters, with the construct that builds it,',
    'the stack it lives in, the CloudFormation resource types it becomes in each stage, how the stages differ and the',
    `tests that prove its claims. Generated from [${code('lib/docs/concepts/concepts.ts')}](${link('lib/docs/concepts/concepts.ts')}) by`,
    `${code('npm run concepts')}; do not edit this file by hand. [${code('test/docs/concepts.test.ts')}](${link('test/docs/concepts.test.ts')}) keeps it true:`,
    'every construct under `lib/` is in the map, every resource type is in the synthesized templates of the stage named',
    'for it, every cited test exists, and this file matches a fresh generation.',
    '',
    'Stages: **both stages** means the templates of the `sandbox` and the `production` preset; **sandbox only** or',
    '**production only**, that preset and not the other; **optional**, neither preset, only with the config switch in',
    `brackets on (as [${code('withEveryOptionalPart')}](${link('lib/config/variants.ts')}) sets it for the compliance gate);`,
    '**with the pipeline on**, no stage: the app\'s own `Pipeline` stack, which the two pipeline context values add.',
    '',
    '## Contents',
    '',
    ...chapters.flatMap((chapter) => [
      `- [${text(`${chapter.korean} · ${chapter.english}`)}](#${chapter.id}) (${chapter.concepts.length})`,
      ...chapter.concepts.map((c) => `  - [${text(title(c))}](#${c.id})`),
    ]),
    '',
    ...chapters.flatMap(chapterSection),
  ];
  return `${lines.join('\n').replace(/\n+$/, '')}\n`;
}
