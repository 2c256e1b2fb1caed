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
  /** Each template file (base name) with its parsed content, sorted by file name. */
  readonly templates: readonly { readonly file: string; readonly template: CfnTemplate }[];
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
  const templates = files.map((file) => {
    try {
      return { file, template: JSON.parse(fs.readFileSync(path.join(directory, file), 'utf8')) as CfnTemplate };
    } catch (error) {
      throw new PreflightInputError(`cannot read ${path.join(directory, file)} (${(error as Error).message}): run npm run synth again`);
    }
  });
  return { directory, templates };
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
