import { App } from 'aws-cdk-lib';
import { AtlasStage } from './atlas-stage';
import { applyCompliance } from './compliance';
import { ConfigError, PRESETS, selectStageNames, StageConfig } from './config';

/** What selects and adjusts the stages of an app: in `bin/` these come from context and the environment. */
export interface AtlasAppOptions {
  /** The `stage` context value: a stage name, or undefined for every stage. */
  readonly stage?: unknown;
  /** The account to deploy to (`CDK_DEFAULT_ACCOUNT`), or undefined for account-agnostic synth. */
  readonly account?: string;
  /**
   * Run the compliance packs in every synth.
   *
   * @default true
   */
  readonly compliance?: boolean;
  /** Replaces presets before validation (tests use this to feed bad or varied configs). */
  readonly configure?: (config: StageConfig) => StageConfig;
}

/** Adds the selected stages to an app. Throws `ConfigError` with a readable message for bad input. */
export function addAtlasStages(app: App, options: AtlasAppOptions = {}): AtlasStage[] {
  const stages = selectStageNames(options.stage).map((name) => {
    const preset = PRESETS[name];
    const withAccount: StageConfig = options.account === undefined ? preset : { ...preset, account: options.account };
    return new AtlasStage(app, { config: options.configure ? options.configure(withAccount) : withAccount });
  });
  if (options.compliance ?? true) applyCompliance(app);
  return stages;
}

export { ConfigError };
