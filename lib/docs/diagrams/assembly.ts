import * as path from 'path';
import * as cxapi from 'aws-cdk-lib/cx-api';

/**
 * The cloud assembly as the diagrams and the `cdk.out` index read it: stages, their stacks in construction order
 * (the order of the manifest, which is also the deployment order a reader expects), the deployment dependencies
 * between them and each stack's template. Read with `aws-cdk-lib/cx-api`'s `CloudAssembly`, the reader the CDK CLI
 * uses, so nothing here parses `manifest.json` by hand.
 */

/** One resource of a CloudFormation template. Template JSON is untyped: properties are read defensively. */
export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly DependsOn?: string | string[];
}

/** One output of a CloudFormation template (the values cross-stack references resolve to). */
export interface CfnOutput {
  readonly Value: unknown;
  readonly Export?: { readonly Name?: unknown };
}

/** The parts of a CloudFormation template the diagrams read. */
export interface CfnTemplate {
  readonly Description?: string;
  readonly Resources?: Record<string, CfnResource>;
  readonly Outputs?: Record<string, CfnOutput>;
}

/** One stack of a stage, as the cloud assembly manifest describes it. */
export interface StackModel {
  /** The stack's construct id inside its stage (`Network`). */
  readonly id: string;
  /** The path `cdk` commands select it by (`sandbox/Network`). */
  readonly path: string;
  /** The CloudFormation stack name (`sandbox-Network`). */
  readonly stackName: string;
  /** The template file, relative to the stage's assembly directory (`sandboxNetwork86AB1D0C.template.json`). */
  readonly templateFile: string;
  /** The region the stack deploys to, or undefined when it is region-agnostic. */
  readonly region?: string;
  /** Whether CloudFormation refuses to delete the stack. */
  readonly terminationProtection: boolean;
  /** The ids of the stacks of the same stage this one deploys after, in manifest order. */
  readonly dependencies: readonly string[];
  /** The stack's template. */
  readonly template: CfnTemplate;
}

/** One stage (a nested cloud assembly, `assembly-<stage>/`). */
export interface StageModel {
  /** The stage name (`sandbox`). */
  readonly name: string;
  /** The stage's assembly directory, relative to the outdir (`assembly-sandbox`). */
  readonly directory: string;
  /** The region the stage's stacks deploy to, or undefined when they deploy to several regions or are region-agnostic. */
  readonly region?: string;
  /**
   * Every region the stage's stacks deploy to, in the order of the first stack of each in the manifest: the primary
   * region first (its stacks deploy first), then a standby region. Empty when the stacks are region-agnostic.
   */
  readonly regions: readonly string[];
  /** The stacks, in manifest (construction) order. */
  readonly stacks: readonly StackModel[];
}

/** Stack artifacts in the order the manifest lists them (`CloudAssembly.stacks` sorts them topologically instead). */
function stacksInManifestOrder(assembly: cxapi.CloudAssembly): cxapi.CloudFormationStackArtifact[] {
  const order = Object.keys(assembly.manifest.artifacts ?? {});
  return [...assembly.stacks].sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
}

function stageOf(name: string, directory: string, assembly: cxapi.CloudAssembly): StageModel {
  const artifacts = stacksInManifestOrder(assembly);
  const idOf = (artifact: cxapi.CloudFormationStackArtifact) => {
    const hierarchicalId = artifact.hierarchicalId;
    return name && hierarchicalId.startsWith(`${name}/`) ? hierarchicalId.slice(name.length + 1) : hierarchicalId;
  };
  const stacks = artifacts.map((artifact): StackModel => ({
    id: idOf(artifact),
    path: artifact.hierarchicalId,
    stackName: artifact.stackName,
    templateFile: artifact.templateFile,
    region: artifact.environment.region === cxapi.UNKNOWN_REGION ? undefined : artifact.environment.region,
    terminationProtection: artifact.terminationProtection ?? false,
    dependencies: artifacts
      .filter((other) => artifact.dependencies.some((dependency) => dependency.id === other.id))
      .map(idOf),
    template: artifact.template as CfnTemplate,
  }));
  const regions = [...new Set(artifacts.map((a) => a.environment.region).filter((r) => r !== cxapi.UNKNOWN_REGION))];
  return { name, directory, region: regions.length === 1 ? regions[0] : undefined, regions, stacks };
}

/**
 * The stages of a cloud assembly, in manifest order. Each nested assembly (a `cdk.Stage`) is one stage; stacks
 * created directly in the app, if any, form a stage named `''` whose directory is the outdir itself.
 */
export function readStages(assembly: cxapi.CloudAssembly): StageModel[] {
  const order = Object.keys(assembly.manifest.artifacts ?? {});
  const nested = [...assembly.nestedAssemblies].sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
  const stages = nested.map((artifact) => stageOf(artifact.displayName, artifact.directoryName, artifact.nestedAssembly));
  return assembly.stacks.length > 0 ? [stageOf('', '.', assembly), ...stages] : stages;
}

/** The stages of the cloud assembly in a directory (`cdk.out`). */
export function readStagesFrom(outdir: string): StageModel[] {
  return readStages(new cxapi.CloudAssembly(path.resolve(outdir)));
}
