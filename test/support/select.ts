import * as fs from 'fs';
import * as path from 'path';
import { CfnElement, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { IConstruct } from 'constructs';
import { StageName } from '../../lib/config';
import { stackArtifacts, stackTemplate } from './assembly';
import { assemblyDir } from './context';

/**
 * Select the resource a test names by reference, then assert on it (STYLE.md, "Tests"): start from the resource
 * itself (its construct, its logical id, or the only resource of its type) and follow `Ref` / `Fn::GetAtt` to the
 * resources it uses. `hasResourceProperties` on a template with several resources of a type proves only that
 * *some* of them matches.
 */

/**
 * One resource of a template, with its logical id. Properties are template JSON: `unknown` until a test reads them
 * with `at` or states the shape it expects.
 */
export interface TemplateResource {
  readonly id: string;
  readonly Type: string;
  readonly Properties: Record<string, unknown>;
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
  readonly UpdatePolicy?: Record<string, unknown>;
  readonly DependsOn?: string | string[];
  readonly Condition?: string;
  readonly Metadata?: Record<string, unknown>;
}

type RawResource = Omit<TemplateResource, 'id' | 'Properties'> & { Properties?: Record<string, unknown> };

function resourcesJson(template: Template): Record<string, RawResource> {
  return (template.toJSON() as { Resources?: Record<string, RawResource> }).Resources ?? {};
}

function withId(id: string, raw: RawResource): TemplateResource {
  return { ...raw, id, Properties: raw.Properties ?? {} };
}

/** The logical id of a construct's CloudFormation resource in its stack: an L1, or an L2 through `node.defaultChild`. */
export function logicalIdOf(construct: IConstruct): string {
  const element = CfnElement.isCfnElement(construct) ? construct : construct.node.defaultChild;
  if (!element || !CfnElement.isCfnElement(element)) {
    throw new Error(`${construct.node.path} is neither a CfnElement nor has one as its node.defaultChild`);
  }
  return Stack.of(element).resolve(element.logicalId) as string;
}

/**
 * The resource of a construct (see `logicalIdOf`) or of a logical id. Throws when the template has no such
 * resource, or when `type` is given and the resource is of another type.
 */
export function resourceOf(template: Template, constructOrId: IConstruct | string, type?: string): TemplateResource {
  const id = typeof constructOrId === 'string' ? constructOrId : logicalIdOf(constructOrId);
  const resources = resourcesJson(template);
  const raw = resources[id];
  if (!raw) throw new Error(`no resource ${id} in the template (it has ${Object.keys(resources).length} resources: ${Object.keys(resources).join(', ')})`);
  if (type && raw.Type !== type) throw new Error(`resource ${id} is a ${raw.Type}, expected a ${type}`);
  return withId(id, raw);
}

/**
 * Every resource of a type, in template order; with `props`, only those whose properties match them (with the
 * semantics of `Template.findResources`: `Match.objectLike`).
 */
export function resourcesOfType(template: Template, type: string, props?: Record<string, unknown>): TemplateResource[] {
  return Object.entries(resourcesJson(template))
    .filter(([, raw]) => raw.Type === type)
    .map(([id, raw]) => withId(id, raw))
    .filter((resource) => props === undefined || !Match.objectLike(props).test(resource.Properties).hasFailed());
}

/**
 * The value at a path inside template JSON (`at(fn.Properties, 'LoggingConfig', 'LogGroup')`), with the semantics of
 * `value.LoggingConfig.LogGroup`: the last step may be missing (undefined), but every step before it must be an
 * object or an array (index by number), else it throws and names the path so far.
 */
export function at(value: unknown, ...path: (string | number)[]): unknown {
  let current = value;
  path.forEach((key, i) => {
    if (!current || typeof current !== 'object') {
      throw new Error(`expected an object at ${path.slice(0, i).join('.') || '(root)'} to read ${String(key)}, got ${JSON.stringify(current)}`);
    }
    current = (current as Record<string | number, unknown>)[key];
  });
  return current;
}

/** A string of template JSON (a name, a metric, a JSON-encoded parameter), or a failure that shows what is there instead. */
export function text(value: unknown): string {
  if (typeof value !== 'string') throw new Error(`expected a string, got ${JSON.stringify(value)}`);
  return value;
}

/** The logical id a `{ Ref: id }` or `{ 'Fn::GetAtt': [id, attribute] }` (or `'id.attribute'`) points to. */
export function refId(value: unknown): string {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const keys = Object.keys(value);
    const v = value as Record<string, unknown>;
    if (keys.length === 1 && typeof v.Ref === 'string' && !v.Ref.startsWith('AWS::')) return v.Ref;
    if (keys.length === 1 && 'Fn::GetAtt' in v) {
      const getAtt = v['Fn::GetAtt'];
      if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return getAtt[0];
      if (typeof getAtt === 'string') return getAtt.split('.')[0];
    }
  }
  throw new Error(`expected a { Ref } or { 'Fn::GetAtt' } to a resource, got ${JSON.stringify(value)}`);
}

/** The resource a `{ Ref }` or `{ 'Fn::GetAtt' }` points to; with `type`, it must be of that type. */
export function refTarget(template: Template, value: unknown, type?: string): TemplateResource {
  return resourceOf(template, refId(value), type);
}

/** Every logical id that a value references anywhere inside it (`Ref`, `Fn::GetAtt`, `${id}` in `Fn::Sub`). */
export function referencedIds(value: unknown): Set<string> {
  const ids = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (!v || typeof v !== 'object') return;
    for (const [key, inner] of Object.entries(v as Record<string, unknown>)) {
      if (key === 'Ref' && typeof inner === 'string' && !inner.startsWith('AWS::')) ids.add(inner);
      else if (key === 'Fn::GetAtt') ids.add(refId({ [key]: inner }));
      else if (key === 'Fn::Sub') {
        const [source, variables] = (Array.isArray(inner) ? inner : [inner, undefined]) as unknown[];
        if (typeof source === 'string') {
          for (const [, name] of source.matchAll(/\$\{([^!}][^}]*)\}/g)) {
            const id = name.split('.')[0];
            if (!id.startsWith('AWS::') && !(variables && typeof variables === 'object' && id in variables)) ids.add(id);
          }
        }
        walk(variables);
      } else walk(inner);
    }
  };
  walk(value);
  return ids;
}

/**
 * The resources (of a type, if given) whose properties reference one of the targets: the alarms on a load
 * balancer, the policies attached to a role. With `property`, only that property counts (the `Bucket` of a bucket
 * policy, not a statement that merely names the bucket).
 */
export function referrersOf(
  template: Template,
  targets: string | TemplateResource | (string | TemplateResource)[],
  type?: string,
  property?: string,
): TemplateResource[] {
  const ids = [targets].flat().map((t) => (typeof t === 'string' ? t : t.id));
  return Object.entries(resourcesJson(template))
    .filter(([, raw]) => !type || raw.Type === type)
    .filter(([, raw]) => {
      const properties = raw.Properties ?? {};
      const referenced = referencedIds(property === undefined ? properties : properties[property]);
      return ids.some((id) => referenced.has(id));
    })
    .map(([id, raw]) => withId(id, raw));
}

/** Asserts that a resource's properties match, with the semantics of `Template.hasResourceProperties` (`Match.objectLike`). */
export function expectProperties(resource: TemplateResource, props: unknown): void {
  const result = Match.objectLike(props as Record<string, unknown>).test(resource.Properties);
  if (result.hasFailed()) {
    throw new Error(`${resource.Type} ${resource.id} does not match:\n${result.renderMismatch()}`);
  }
}

/** Asserts that a resource (Properties, DeletionPolicy, …) matches, with the semantics of `Template.hasResource`. */
export function expectResource(resource: TemplateResource, pattern: unknown): void {
  const { id, ...raw } = resource;
  const result = Match.objectLike(pattern as Record<string, unknown>).test(raw);
  if (result.hasFailed()) throw new Error(`${resource.Type} ${id} does not match:\n${result.renderMismatch()}`);
}

/** Asserts that at least one of the given (already selected) resources has matching properties. */
export function expectSomeProperties(resources: TemplateResource[], props: unknown): void {
  if (resources.length === 0) throw new Error('no resources to match against');
  const results = resources.map((r) => ({ r, result: Match.objectLike(props as Record<string, unknown>).test(r.Properties) }));
  if (results.some(({ result }) => !result.hasFailed())) return;
  const closest = results.reduce((a, b) => (b.result.failCount < a.result.failCount ? b : a));
  throw new Error(`none of ${resources.map((r) => r.id).join(', ')} matches; closest, ${closest.r.id}:\n${closest.result.renderMismatch()}`);
}

function stageDir(stage: StageName): string {
  return path.join(assemblyDir(), `assembly-${stage}`);
}

/**
 * The logical id of a construct of the shared assembly, by its path inside the stack (`'Functions/Processor'` or
 * `'Functions/Processor/Resource'`: a path without `/Resource` or `/Default` also finds the construct's default child), from the `aws:cdk:logicalId` metadata the synth records: for tests on the
 * shared templates, where the constructs themselves are not at hand.
 */
export function logicalIdAt(stage: StageName, stackId: string, constructPath: string): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(stageDir(stage), 'manifest.json'), 'utf8')) as {
    artifacts: Record<
      string,
      { type: string; displayName?: string; additionalMetadataFile?: string; metadata?: Record<string, { type: string; data: unknown }[]> }
    >;
  };
  const artifact = Object.values(manifest.artifacts).find((a) => a.type === 'aws:cloudformation:stack' && a.displayName === `${stage}/${stackId}`);
  if (!artifact) throw new Error(`no stack ${stage}/${stackId} in ${stageDir(stage)}`);
  const metadata = artifact.additionalMetadataFile
    ? (JSON.parse(fs.readFileSync(path.join(stageDir(stage), artifact.additionalMetadataFile), 'utf8')) as Record<string, { type: string; data: unknown }[]>)
    : (artifact.metadata ?? {});
  const base = `/${stage}/${stackId}/${constructPath.replace(/^\/+|\/+$/g, '')}`;
  // The path of the construct itself, or of its default child (L2 → L1), one or two levels down.
  for (const candidate of [base, `${base}/Resource`, `${base}/Default`, `${base}/Resource/Resource`, `${base}/Resource/Default`]) {
    const entry = metadata[candidate]?.find((m) => m.type === 'aws:cdk:logicalId');
    if (entry) return entry.data as string;
  }
  throw new Error(`no CloudFormation resource at ${base} (or its default child) in ${stage}/${stackId}`);
}

/** Where a cross-stack reference (`{ 'Fn::GetStackOutput': { StackName, OutputName } }`) of a stage points to. */
export function stackOutputTarget(stage: StageName, value: unknown, type?: string): { stackId: string; template: Template; resource: TemplateResource } {
  const output = (value as { 'Fn::GetStackOutput'?: { StackName?: string; OutputName?: string } } | undefined)?.['Fn::GetStackOutput'];
  if (!output?.StackName || !output.OutputName) throw new Error(`expected a { 'Fn::GetStackOutput' } reference, got ${JSON.stringify(value)}`);
  const artifact = stackArtifacts(stage).find((a) => (a.properties.stackName ?? a.displayName.replace('/', '-')) === output.StackName);
  if (!artifact) throw new Error(`no stack named ${output.StackName} in stage ${stage}`);
  const stackId = artifact.displayName.slice(stage.length + 1);
  const template = stackTemplate(stage, stackId);
  const outputs = (template.toJSON() as { Outputs?: Record<string, { Value: unknown }> }).Outputs ?? {};
  const target = outputs[output.OutputName];
  if (!target) throw new Error(`stack ${output.StackName} has no output ${output.OutputName}`);
  return { stackId, template, resource: refTarget(template, target.Value, type) };
}

/** The resource of a construct of the shared assembly, by its path inside the stack (see `logicalIdAt`). */
export function resourceAt(stage: StageName, stackId: string, constructPath: string, type?: string): TemplateResource {
  return resourceOf(stackTemplate(stage, stackId), logicalIdAt(stage, stackId, constructPath), type);
}

/**
 * A template value as text: strings as they are, each `Fn::Join` joined, and every other part (a `Ref`, a `GetAtt`…)
 * as `part` renders it.
 */
export function joinedText(value: unknown, part: (value: unknown) => string): string {
  if (typeof value === 'string') return value;
  const join = (value as { 'Fn::Join'?: [string, unknown] } | undefined)?.['Fn::Join'];
  if (join && Array.isArray(join[1])) return join[1].map((item) => joinedText(item, part)).join(join[0]);
  return part(value);
}
