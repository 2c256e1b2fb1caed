import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { addAtlasStages } from '../../atlas-app';
import { StageConfig } from '../../config';
import { templatesOnlyApp } from '../../shared/templates-only-app';

/** One resource of a CloudFormation template; template JSON is untyped, so properties are read defensively. */
export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
}

/** One synthesized stack: its name and template. */
export interface StackTemplate {
  /** The CloudFormation stack name (`sandbox-Network`). */
  readonly stackName: string;
  /** The region the stack deploys to (its environment in the cloud assembly). */
  readonly region: string;
  readonly resources: Readonly<Record<string, CfnResource>>;
}

/** The synthesized templates of one stage. */
export interface StageTemplates {
  readonly stage: string;
  /** The stage's primary region (`config.region`); a standby region's stacks name theirs. */
  readonly region: string;
  readonly stacks: readonly StackTemplate[];
}

/** What to synthesize. */
export interface SynthesizeOptions {
  /** The project root, where `cdk.json` is. */
  readonly root: string;
  /**
   * Replaces each preset before validation (a config variant).
   *
   * @default - the presets
   */
  readonly configure?: (config: StageConfig) => StageConfig;
  /**
   * One stage name.
   *
   * @default - every stage
   */
  readonly stage?: string;
}

/**
 * Synthesizes stages the way `npm run synth` does (the feature flags of cdk.json), without the compliance gate, asset
 * bundling or CloudFormation validation (the estimate reads only resource types and properties), into a temporary
 * directory that is removed afterwards.
 */
export function synthesizeStageTemplates(options: SynthesizeOptions): StageTemplates[] {
  const cdkJson = JSON.parse(fs.readFileSync(path.join(options.root, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-cost-'));
  try {
    const app = templatesOnlyApp(outdir, cdkJson.context ?? {});
    const stages = addAtlasStages(app, { compliance: false, configure: options.configure, stage: options.stage });
    const assembly = app.synth();
    return stages.map((stage) => {
      const nested = assembly.getNestedAssembly(stage.artifactId);
      return {
        stage: stage.stageName,
        region: stage.config.region,
        stacks: nested.stacks.map((stack) => ({
          stackName: stack.stackName,
          region: stack.environment.region,
          resources: (stack.template as { Resources?: Record<string, CfnResource> }).Resources ?? {},
        })),
      };
    });
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}
