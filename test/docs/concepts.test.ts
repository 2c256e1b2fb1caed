import * as fs from 'fs';
import * as path from 'path';
import { Stack, Stage } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import * as ts from 'typescript';
import { addAtlasStages, PIPELINE_STACK_ID } from '../../lib/atlas-app';
import { EXAMPLE_PIPELINE, PRESETS, STAGE_NAMES, StageConfig, StageName, withEveryOptionalPart } from '../../lib/config';
import { CHAPTERS, CONCEPTS } from '../../lib/docs/concepts/concepts';
import { APP_STACK_IDS, Concept, STACK_IDS, stageStackIds } from '../../lib/docs/concepts/model';
import { CONCEPTS_DOCUMENT, pictureLinks, renderConcepts } from '../../lib/docs/concepts/render';
import { anchorOf } from '../support/readme';
import { unitTestApp } from '../support/app';
import { ROOT, tempDir } from '../support/context';

/*
 * The concept map (docs/concepts.md) is only worth reading while it is true. These tests hold every row to the code:
 * the constructs it names exist and live in its stacks, its resource types are in the templates of the stage it names
 * (and, for one stage only, not in the other's), its tests exist, and no construct or required concept falls out.
 * One synth of the presets and one with every optional part, without the compliance gate and without bundling.
 */

/** The study's concepts the map must keep (the list): a row cannot silently disappear. */
const REQUIRED_CONCEPTS = [
  // Global infrastructure
  'data-centre', 'availability-zone', 'region', 'seoul-availability-zones',
  // Global infrastructure across two regions: the standby's AZs, the warm standby, what stays in the primary region
  'standby-availability-zones', 'warm-standby', 'primary-region-only',
  // Compute
  'ec2', 'ecs', 'elb', 'lambda', 'auto-scaling',
  // Networking
  'vpc', 'route-53-gslb', 'direct-connect',
  // Storage
  's3', 'glacier', 'ebs', 'cloudfront',
  // Security
  'iam', 'security-group-nacl', 'cloudtrail', 'cloudtrail-lake',
  // Database
  'rds', 'dynamodb', 'elasticache', 'documentdb',
  // Deployment and management
  'cloudwatch', 'elastic-beanstalk', 'cloudformation-stacks', 'opsworks', 'delivery-pipeline',
  // The ideas the chapters explain
  'scale-up-out-in', 'stateful-security-group-vs-stateless-nacl', 'iaas-paas-saas', 'lambda-limits', 'glacier-minimum-storage-duration',
];

/** The concepts whose study version cannot be provisioned as written. */
const NOT_PROVISIONED = ['direct-connect', 'opsworks', 'glacier'];

/** Folders under lib/ whose classes are not concepts: stacks, the compliance gate, deploy tooling, this map. */
const NOT_CONCEPT_FOLDERS = ['lib/stacks', 'lib/compliance', 'lib/deploy', 'lib/docs'];

// ---------------------------------------------------------------------------------------------------------------
// One synth per variant
// ---------------------------------------------------------------------------------------------------------------

interface Synthesized {
  /** Resource types of every stack's template, by stage and stack id. */
  readonly types: Readonly<Record<StageName, ReadonlyMap<string, ReadonlySet<string>>>>;
  /** Resource types of the stacks outside the stages (the pipeline's), by stack id. */
  readonly appTypes: ReadonlyMap<string, ReadonlySet<string>>;
  /** Every construct of the app. */
  readonly constructs: readonly IConstruct[];
}

function synthesize(configure?: (config: StageConfig) => StageConfig, pipeline?: typeof EXAMPLE_PIPELINE): Synthesized {
  // A unit-test app: its cloud assembly goes to this run's directory, which the global teardown removes.
  const app = unitTestApp();
  const stages = addAtlasStages(app, { compliance: false, configure, ...pipeline });
  const cloudAssembly = app.synth();
  const appTypes = new Map(
    app.node.children.filter(Stack.isStack).map((stack) => {
      const resources = (cloudAssembly.getStackArtifact(stack.artifactId).template as { Resources?: Record<string, { Type: string }> }).Resources ?? {};
      return [stack.node.id, new Set(Object.values(resources).map((r) => r.Type))];
    }),
  );
  const types = {} as Record<StageName, Map<string, Set<string>>>;
  for (const stage of stages) {
    const assembly = stage.synth();
    types[stage.config.stageName] = new Map(
      stage.node.children.filter(Stack.isStack).map((stack) => {
        const resources = (assembly.getStackArtifact(stack.artifactId).template as { Resources?: Record<string, { Type: string }> }).Resources ?? {};
        return [stack.node.id, new Set(Object.values(resources).map((r) => r.Type))];
      }),
    );
  }
  return { types, appTypes, constructs: app.node.findAll() };
}

let presets: Synthesized;
let everyOptionalPart: Synthesized;
beforeAll(() => {
  presets = synthesize();
  // Every optional part on, the delivery pipeline included.
  everyOptionalPart = synthesize(withEveryOptionalPart, EXAMPLE_PIPELINE);
}, 120_000);

// ---------------------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------------------

const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');
const exists = (file: string) => fs.existsSync(path.join(ROOT, file));
// Through jest's module registry, as the app's own imports: `instanceof` then compares with the classes it was built from.
const exportsOf = (file: string) => jest.requireActual<Record<string, unknown>>(path.join(ROOT, file));
const isClass = (value: unknown): value is abstract new (...args: never[]) => unknown => typeof value === 'function' && value.prototype !== undefined;

/** The value at a dotted config path (`webTier.instanceType`), or undefined. */
function configValue(config: StageConfig, dotted: string): unknown {
  return dotted.split('.').reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), config);
}

/** Every .ts file under a folder, relative to the project root, sorted. */
function sourceFiles(folder: string): string[] {
  return fs
    .readdirSync(path.join(ROOT, folder), { withFileTypes: true })
    .flatMap((entry) => {
      const relative = `${folder}/${entry.name}`;
      if (entry.isDirectory()) return sourceFiles(relative);
      return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [relative] : [];
    })
    .sort();
}

/** The stack a construct lives in, or undefined for constructs outside any stack (the app, a stage). */
function stackIdOf(construct: IConstruct): string | undefined {
  // The outermost stack the construct is in: the pipeline's artifact stores for other regions are stacks of their
  // own, built inside the Pipeline stack's tree, and belong to the pipeline as much as its own stack does.
  return construct.node.scopes.find((scope) => Stack.isStack(scope))?.node.id;
}

// ---------------------------------------------------------------------------------------------------------------
// Test titles, read from the test sources
// ---------------------------------------------------------------------------------------------------------------

/** A part of a title: literal text, a `${…}` of a template literal, or a `%s`/`$name` of `test.each`. */
type TitlePart = { readonly text: string } | { readonly hole: 'expression' | 'each' };

/** The titles a test file declares, as patterns, and the string and number literals it contains. */
interface DeclaredTitles {
  readonly patterns: readonly (readonly TitlePart[])[];
  readonly literals: ReadonlySet<string>;
}

const TEST_FUNCTIONS = new Set(['test', 'it']);
const TEST_MODIFIERS = new Set(['only', 'skip', 'concurrent', 'failing']);

function isTestFunction(expression: ts.Expression): boolean {
  if (ts.isIdentifier(expression)) return TEST_FUNCTIONS.has(expression.text);
  return ts.isPropertyAccessExpression(expression) && TEST_MODIFIERS.has(expression.name.text) && isTestFunction(expression.expression);
}

/** `test.each(table)` (or `it.only.each(table)`): the call whose result takes the title. */
function isEachCall(expression: ts.Expression): boolean {
  return ts.isCallExpression(expression) && ts.isPropertyAccessExpression(expression.expression)
    && expression.expression.name.text === 'each' && isTestFunction(expression.expression.expression);
}

/** Splits a `test.each` title at its placeholders (`%s`, `%d`, `%p`, `$name`, …); a plain title stays whole. */
function titleParts(text: string, each: boolean): TitlePart[] {
  if (!each) return [{ text }];
  const parts: TitlePart[] = [];
  let rest = text;
  for (let match = /%[sdifjoOp#]|\$[A-Za-z_][\w.]*/.exec(rest); match; match = /%[sdifjoOp#]|\$[A-Za-z_][\w.]*/.exec(rest)) {
    parts.push({ text: rest.slice(0, match.index) }, { hole: 'each' });
    rest = rest.slice(match.index + match[0].length);
  }
  return [...parts, { text: rest }];
}

/** The title patterns an expression can evaluate to: literals, template literals, and both sides of a `?:`. */
function titlePatterns(node: ts.Expression, each: boolean): TitlePart[][] {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [titleParts(node.text, each)];
  if (ts.isTemplateExpression(node)) {
    const parts: TitlePart[] = titleParts(node.head.text, each);
    for (const span of node.templateSpans) parts.push({ hole: 'expression' }, ...titleParts(span.literal.text, each));
    return [parts];
  }
  if (ts.isConditionalExpression(node)) return [...titlePatterns(node.whenTrue, each), ...titlePatterns(node.whenFalse, each)];
  if (ts.isParenthesizedExpression(node)) return titlePatterns(node.expression, each);
  return []; // a title computed some other way cannot be cited
}

function declaredTitles(file: string): DeclaredTitles {
  const source = ts.createSourceFile(file, read(file), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const patterns: TitlePart[][] = [];
  const literals = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isNumericLiteral(node)) literals.add(node.text);
    if (ts.isCallExpression(node) && node.arguments.length > 0) {
      const each = isEachCall(node.expression);
      if (each || isTestFunction(node.expression)) patterns.push(...titlePatterns(node.arguments[0], each));
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { patterns, literals };
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Whether a cited title is one the file declares: equal to a literal title, or a rendering of a template or
 * `test.each` title. A `test.each` placeholder must be filled with a literal of the file (a row of its table); a
 * `${…}` may be filled with anything but must not be the whole title.
 */
function declares(titles: DeclaredTitles, cited: string): boolean {
  return titles.patterns.some((parts) => {
    if (!parts.some((part) => 'text' in part && part.text.length > 0)) return false;
    const match = new RegExp(`^${parts.map((part) => ('text' in part ? escapeRegExp(part.text) : '(.+?)')).join('')}$`).exec(cited);
    if (!match) return false;
    const holes = parts.filter((part): part is { hole: 'expression' | 'each' } => 'hole' in part);
    return holes.every((hole, i) => hole.hole === 'expression' || titles.literals.has(match[i + 1]));
  });
}

// ---------------------------------------------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------------------------------------------

describe('concept map (docs/concepts.md)', () => {
  test('every concept with a stack links the diagram it shows in, and every link reaches a heading of docs/architecture.md', () => {
    const headings = new Set([...fs.readFileSync(path.join(ROOT, 'docs', 'architecture.md'), 'utf8').matchAll(/^#{2,3} (.+)$/gm)].map((m) => anchorOf(m[1])));
    const withStacks = CONCEPTS.filter((c) => c.stacks.length > 0);
    expect(withStacks.length).toBeGreaterThan(20);
    const broken = withStacks.flatMap((c) => pictureLinks(c).map((l) => /#([^)]+)\)$/.exec(l)![1]).filter((anchor) => !headings.has(anchor)).map((anchor) => `${c.id} → ${anchor}`));
    expect(broken).toEqual([]);
  });


  test('the committed document is the fresh generation of lib/docs/concepts/concepts.ts', () => {
    const committed = exists(CONCEPTS_DOCUMENT) ? read(CONCEPTS_DOCUMENT) : '';
    const fresh = renderConcepts();
    if (committed !== fresh) {
      const [a, b] = [committed.split('\n'), fresh.split('\n')];
      const line = a.findIndex((l, i) => l !== b[i]);
      throw new Error(
        `${CONCEPTS_DOCUMENT} is out of date: run \`npm run concepts\` and commit the result (first difference at line ${line + 1}: ` +
          `committed ${JSON.stringify(a[line])}, generated ${JSON.stringify(b[line])})`,
      );
    }
  });

  test('global infrastructure first, then the six chapters in the study\'s order', () => {
    expect(CHAPTERS.map((c) => `${c.korean} (${c.english})`)).toEqual([
      '글로벌 인프라 (Global infrastructure)',
      '컴퓨팅 (Compute)',
      '네트워킹 (Networking)',
      '스토리지 (Storage)',
      '보안 (Security)',
      '데이터베이스 (Database)',
      '배포 및 관리 (Deployment and management)',
    ]);
  });

  test('every concept the study names is in the map, once', () => {
    const ids = CONCEPTS.map((c) => c.id);
    expect(REQUIRED_CONCEPTS.filter((id) => !ids.includes(id))).toEqual([]);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  test('every row has its Korean and English terms, a one-line summary, and constructs with tests or the reason it is not provisioned', () => {
    const problems = CONCEPTS.flatMap((c) => {
      const p: string[] = [];
      if (!/[가-힣]/.test(c.korean)) p.push(`${c.id}: the Korean term has no Hangul: '${c.korean}'`);
      if (!/^[^가-힣|]+$/.test(c.english)) p.push(`${c.id}: the English term is empty, has Hangul or a '|': '${c.english}'`);
      if (c.korean.includes('|')) p.push(`${c.id}: the Korean term has a '|', which would break the table`);
      if (!/^\S[^\n]{19,259}[.]$/.test(c.summary)) p.push(`${c.id}: the summary must be one sentence-like line of 20 to 260 characters ending in '.'`);
      const provisioned = c.constructs.length > 0 && c.tests.length > 0;
      if (!provisioned && !c.notProvisioned) p.push(`${c.id}: needs constructs and tests, or notProvisioned`);
      if (c.notProvisioned && (c.notProvisioned.why.trim() === '' || c.notProvisioned.instead.trim() === '')) p.push(`${c.id}: notProvisioned needs why and instead`);
      if (c.stages.sandbox.trim() === '' || c.stages.production.trim() === '') p.push(`${c.id}: says nothing about a stage`);
      if (c.stacks.length === 0) p.push(`${c.id}: names no stack`);
      return p;
    });
    expect(problems).toEqual([]);
    expect(CONCEPTS.filter((c) => c.notProvisioned).map((c) => c.id)).toEqual(expect.arrayContaining(NOT_PROVISIONED));
  });

  test('every construct class under lib/ is in the map (stacks, the compliance gate, deploy tooling and docs are not concepts)', () => {
    const mapped = new Set(CONCEPTS.flatMap((c) => c.constructs.map((x) => `${x.file}#${x.name}`)));
    const files = sourceFiles('lib').filter((file) => !NOT_CONCEPT_FOLDERS.some((folder) => file.startsWith(`${folder}/`)));
    const constructClasses = files.flatMap((file) => {
      const declared = [...read(file).matchAll(/^export\s+(?:abstract\s+)?class\s+(\w+)/gm)].map((m) => m[1]);
      const exported = exportsOf(file);
      return declared
        .filter((name) => {
          const value = exported[name];
          return isClass(value) && value.prototype instanceof Construct && !(value.prototype instanceof Stack) && !(value.prototype instanceof Stage);
        })
        .map((name) => `${file}#${name}`);
    });
    expect(constructClasses.length).toBeGreaterThan(20); // the scan itself works
    expect(constructClasses.filter((c) => !mapped.has(c))).toEqual([]);
  });

  test('every construct the map names is exported by its file, is built by the app and lives in the stacks the row names', () => {
    const all = [...presets.constructs, ...everyOptionalPart.constructs];
    const problems = CONCEPTS.flatMap((concept) => {
      const p: string[] = [];
      const hosting = new Set<string>();
      for (const ref of concept.constructs) {
        if (!exists(ref.file)) {
          p.push(`${concept.id}: ${ref.file} does not exist`);
          continue;
        }
        const value = exportsOf(ref.file)[ref.name];
        if (!isClass(value)) {
          p.push(`${concept.id}: ${ref.file} exports no class ${ref.name}`);
          continue;
        }
        // A construct the pipeline's stack uses as well (a log bucket, an encrypted log group) belongs to the pipeline's
        // row there: the other rows describe the stages.
        const instances = all.filter((c) => c instanceof value).filter((c) => {
          const stackId = stackIdOf(c);
          return !(APP_STACK_IDS as readonly string[]).includes(stackId ?? '') || (concept.stacks as readonly string[]).includes(stackId!);
        });
        if (instances.length === 0) p.push(`${concept.id}: the app never builds a ${ref.name}`);
        for (const instance of instances) {
          if (instance instanceof Stage) continue; // a stage holds every stack
          const stackId = stackIdOf(instance);
          if (stackId !== undefined) hosting.add(stackId);
          if (stackId !== undefined && !(concept.stacks as readonly string[]).includes(stackId)) {
            p.push(`${concept.id}: ${instance.node.path} (${ref.name}) lives in the ${stackId} stack, which the row does not name`);
          }
        }
      }
      // The converse: no stack named for show.
      if (p.length === 0) p.push(...concept.stacks.filter((s) => !hosting.has(s)).map((s) => `${concept.id}: names the ${s} stack, where none of its constructs lives`));
      return [...new Set(p)];
    });
    expect(problems).toEqual([]);
  });

  test('the stacks the map knows are the stacks of every stage, in deployment order', () => {
    for (const stage of STAGE_NAMES) expect([stage, ...presets.types[stage].keys()]).toEqual([stage, ...stageStackIds(PRESETS[stage])]);
    // Every stack the map knows is a stack of some stage: the production preset has them all.
    expect(new Set(STAGE_NAMES.flatMap((stage) => [...presets.types[stage].keys()]))).toEqual(new Set(STACK_IDS));
  });

  test("the app's own stacks the map knows are the pipeline's, which only its context adds", () => {
    expect([...APP_STACK_IDS]).toEqual([PIPELINE_STACK_ID]);
    expect([...everyOptionalPart.appTypes.keys()]).toEqual([...APP_STACK_IDS]);
    expect([...presets.appTypes.keys()]).toEqual([]);
  });

  test('every resource type is in the synthesized templates of the stage named for it (and a one-stage type only there)', () => {
    const inRow = (synth: Synthesized, stage: StageName, concept: Concept, type: string) => concept.stacks.some((s) => synth.types[stage].get(s)?.has(type));
    const problems = CONCEPTS.flatMap((concept) =>
      concept.resourceTypes.flatMap((entry) => {
        const where = `${concept.id}: ${entry.type} (${entry.in}) in ${concept.stacks.join('/')}`;
        const p: string[] = [];
        if (!/^(AWS::\w+::\w+|Custom::\w+)$/.test(entry.type)) p.push(`${where}: not a CloudFormation resource type`);
        const expected: Record<'presets' | 'optional', Record<StageName, boolean | undefined>> = {
          presets: {
            sandbox: entry.in === 'both' || entry.in === 'sandbox',
            production: entry.in === 'both' || entry.in === 'production',
          },
          optional: { sandbox: entry.in === 'optional' ? true : undefined, production: entry.in === 'optional' ? true : undefined },
        };
        for (const stage of STAGE_NAMES) {
          const found = inRow(presets, stage, concept, entry.type);
          if (found !== expected.presets[stage]) p.push(`${where}: ${found ? 'also found' : 'missing'} in the ${stage} preset`);
          const optional = expected.optional[stage];
          if (optional !== undefined && inRow(everyOptionalPart, stage, concept, entry.type) !== optional) p.push(`${where}: missing in ${stage} with every optional part`);
        }
        if (entry.in === 'pipeline') {
          if (!concept.stacks.some((s) => everyOptionalPart.appTypes.get(s)?.has(entry.type))) p.push(`${where}: missing in the app's stacks with the pipeline on`);
          if (concept.stacks.some((s) => presets.appTypes.has(s))) p.push(`${where}: the presets have the pipeline's stack, so the type is not the pipeline's alone`);
        }
        if (entry.in === 'optional' && entry.switchedBy === undefined) p.push(`${where}: an optional type needs the config switch that turns it on`);
        if (entry.switchedBy !== undefined) {
          if (!STAGE_NAMES.every((stage) => configValue(withEveryOptionalPart(PRESETS[stage]), entry.switchedBy!) !== undefined)) {
            p.push(`${where}: switchedBy ${entry.switchedBy} is not a stage config setting`);
          }
          if (entry.in === 'optional' && STAGE_NAMES.some((stage) => configValue(PRESETS[stage], entry.switchedBy!) !== undefined)) {
            p.push(`${where}: ${entry.switchedBy} is set in a preset, so the type is not optional`);
          }
        }
        return p;
      }),
    );
    expect(problems).toEqual([]);
  });

  test('every config path the map names is a setting of the stage config', () => {
    const configs = STAGE_NAMES.map((stage) => withEveryOptionalPart(PRESETS[stage]));
    const unknown = CONCEPTS.flatMap((c) => (c.config ?? []).filter((p) => configs.every((config) => configValue(config, p) === undefined)).map((p) => `${c.id}: ${p}`));
    expect(unknown).toEqual([]);
  });

  test('every cited test exists: its file declares a test with that title', () => {
    const titles = new Map<string, DeclaredTitles>();
    const problems = CONCEPTS.flatMap((concept) =>
      concept.tests.flatMap((cited) => {
        if (!/^test\/.+\.test\.ts$/.test(cited.file) || !exists(cited.file)) return [`${concept.id}: no test file ${cited.file}`];
        if (!titles.has(cited.file)) titles.set(cited.file, declaredTitles(cited.file));
        return declares(titles.get(cited.file)!, cited.name) ? [] : [`${concept.id}: ${cited.file} has no test titled '${cited.name}'`];
      }),
    );
    expect(problems).toEqual([]);
  });

  test('the title check accepts literal, template, conditional and test.each titles, and nothing else', () => {
    const file = path.join(tempDir('atlas-concepts-titles'), 'titles.test.ts');
    fs.writeFileSync(file, [
      "test('a plain title', () => {});",
      'it(`a template with ${value} inside`, () => {});',
      "test(production ? 'kept' : 'removed', () => {});",
      "test.each(['alpha', 'beta'])('fails on %s', () => {});",
      "describe('not a test title', () => {});",
      "test(title, () => {});",
    ].join('\n'));
    try {
      const titles = declaredTitles(path.relative(ROOT, file));
      for (const title of ['a plain title', 'a template with 42 inside', 'kept', 'removed', 'fails on alpha', 'fails on beta']) expect([title, declares(titles, title)]).toEqual([title, true]);
      for (const title of ['a plain', 'not a test title', 'fails on gamma', 'a template with  inside', 'title']) expect([title, declares(titles, title)]).toEqual([title, false]);
    } finally {
      fs.rmSync(file, { force: true });
    }
  });
});
