import * as fs from 'fs';
import * as path from 'path';
import { PreflightInputError } from './arguments';

/** The parts of a CloudFormation template the preflight reads. */
export interface CfnTemplate {
  readonly Resources?: Readonly<Record<string, { readonly Type: string; readonly Properties?: Readonly<Record<string, unknown>> }>>;
  readonly Rules?: Readonly<Record<string, unknown>>;
}

/** The synthesized templates of one stage. */
export interface StageTemplates {
  /** The cloud assembly directory, e.g. `cdk.out/assembly-sandbox`. */
  readonly directory: string;
  /**
   * Each template file (base name) with its parsed content, sorted by file name, and the region its stack deploys to
   * where the assembly's `manifest.json` names one (`environment: aws://<account>/<region>`).
   */
  readonly templates: readonly { readonly file: string; readonly template: CfnTemplate; readonly region?: string }[];
}

/** The templates of a stage that deploy to `region`; a template whose region is unknown counts as the primary's. */
export function templatesIn(templates: StageTemplates, region: string, primary: boolean): StageTemplates {
  return { ...templates, templates: templates.templates.filter((t) => t.region === region || (t.region === undefined && primary)) };
}

/**
 * Reads the templates `cdk synth` wrote for a stage (`<outdir>/assembly-<stage>/*.template.json`).
 *
 * @returns undefined when the stage has not been synthesized
 * @throws PreflightInputError when a template cannot be parsed (a broken or half-written cdk.out)
 */
export function loadStageTemplates(outdir: string, stage: string): StageTemplates | undefined {
  const directory = path.join(outdir, `assembly-${stage}`);
  if (!fs.existsSync(directory)) return undefined;
  const files = fs
    .readdirSync(directory)
    .filter((file) => file.endsWith('.template.json'))
    .sort();
  if (files.length === 0) return undefined;
  const regions = templateRegions(directory);
  const templates = files.map((file) => {
    try {
      return { file, template: JSON.parse(fs.readFileSync(path.join(directory, file), 'utf8')) as CfnTemplate, region: regions.get(file) };
    } catch (error) {
      throw new PreflightInputError(`cannot read ${path.join(directory, file)} (${(error as Error).message}): run npm run synth again`);
    }
  });
  return { directory, templates };
}

/**
 * The region of each stack's template, from the assembly's `manifest.json` (absent: none known). A manifest that
 * cannot be read is bad input like a broken template.
 */
function templateRegions(directory: string): Map<string, string> {
  const regions = new Map<string, string>();
  const file = path.join(directory, 'manifest.json');
  if (!fs.existsSync(file)) return regions;
  let manifest: { artifacts?: Record<string, { type?: string; environment?: string; properties?: { templateFile?: string } }> };
  try {
    manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as typeof manifest;
  } catch (error) {
    throw new PreflightInputError(`cannot read ${file} (${(error as Error).message}): run npm run synth again`);
  }
  for (const artifact of Object.values(manifest.artifacts ?? {})) {
    const region = /^aws:\/\/[^/]+\/([a-z0-9-]+)$/.exec(artifact.environment ?? '')?.[1];
    const templateFile = artifact.properties?.templateFile;
    if (artifact.type === 'aws:cloudformation:stack' && region && templateFile) regions.set(templateFile, region);
  }
  return regions;
}

/**
 * The CDK bootstrap version the templates require: the `CheckBootstrapVersion` rule that the default synthesizer
 * writes into every template asserts that the `BootstrapVersion` parameter is not one of the versions it lists
 * (`Fn::Not [Fn::Contains [["1", …, "5"], Ref BootstrapVersion]]`), so the minimum is the highest listed plus one.
 *
 * @returns undefined when no template carries the rule
 */
export function requiredBootstrapVersion(templates: StageTemplates | undefined): number | undefined {
  let required: number | undefined;
  for (const { template } of templates?.templates ?? []) {
    const rule = template.Rules?.CheckBootstrapVersion as { Assertions?: { Assert?: unknown }[] } | undefined;
    for (const assertion of rule?.Assertions ?? []) {
      const refused = refusedVersions(assertion.Assert);
      if (refused.length > 0) required = Math.max(required ?? 0, Math.max(...refused) + 1);
    }
  }
  return required;
}

function refusedVersions(assert: unknown): number[] {
  const not = (assert as { 'Fn::Not'?: unknown[] } | undefined)?.['Fn::Not']?.[0];
  const contains = (not as { 'Fn::Contains'?: unknown[] } | undefined)?.['Fn::Contains']?.[0];
  return Array.isArray(contains) ? contains.map(Number).filter(Number.isInteger) : [];
}

/**
 * Every resource type the templates use, with the top-level property names each is given anywhere in the stage.
 * Custom resources (`Custom::…`) are left out: their properties are the provider's business, not CloudFormation's;
 * so is `AWS::CDK::Metadata`, which CloudFormation handles itself and the registry does not list.
 */
export function resourceTypeUsage(templates: StageTemplates): Map<string, Set<string>> {
  const usage = new Map<string, Set<string>>();
  for (const { template } of templates.templates) {
    for (const resource of Object.values(template.Resources ?? {})) {
      if (resource.Type.startsWith('Custom::') || resource.Type === 'AWS::CloudFormation::CustomResource' || resource.Type === 'AWS::CDK::Metadata') continue;
      const properties = usage.get(resource.Type) ?? new Set<string>();
      for (const property of Object.keys(resource.Properties ?? {})) properties.add(property);
      usage.set(resource.Type, properties);
    }
  }
  return usage;
}
