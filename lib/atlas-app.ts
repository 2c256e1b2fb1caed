import { App } from 'aws-cdk-lib';
import { AtlasStage } from './atlas-stage';
import { applyCompliance } from './compliance';
import { isReservedDomain } from './shared/domain';
import { show } from './shared/validate';
import {
  ConfigError,
  configureStage,
  PipelineSourceChoice,
  projectCdkCliVersion,
  selectAlarmEmail,
  selectDomain,
  selectPipelineSource,
  selectStageNames,
  StageConfig,
} from './config';
import { PipelineStack } from './stacks/pipeline-stack';

/** The construct id (and CLI selector) of the pipeline's stack: `npx cdk deploy … Pipeline`. */
export const PIPELINE_STACK_ID = 'Pipeline';

/**
 * The pipeline stack's name in CloudFormation: the project's name in front, so that it cannot meet another app's
 * `Pipeline` in the same account and region (the CLI still selects it by its id, `Pipeline`).
 */
export const PIPELINE_STACK_NAME = 'aws-service-atlas-Pipeline';

/** What selects and adjusts the stages of an app: in `bin/` these come from context and the environment. */
export interface AtlasAppOptions {
  /** The `stage` context value: a stage name, or undefined for every stage. */
  readonly stage?: unknown;
  /** The account to deploy to (`CDK_DEFAULT_ACCOUNT`), or undefined for account-agnostic synth. */
  readonly account?: string;
  /**
   * The `domain` context value: a domain you control. Production's hosted zone is the domain itself, every other
   * stage's is `<stage>.<domain>`.
   *
   * @default - the presets' placeholders under example.com, which synthesize but cannot be deployed
   */
  readonly domain?: unknown;
  /**
   * The `alarmEmail` context value: the address subscribed to every stage's alarm topic.
   *
   * @default - the presets' (none: synthesizing for an account then warns that alarms notify nobody)
   */
  readonly alarmEmail?: unknown;
  /**
   * Run the compliance packs in every synth.
   *
   * @default true
   */
  readonly compliance?: boolean;
  /** Replaces presets before validation (tests use this to feed bad or varied configs). */
  readonly configure?: (config: StageConfig) => StageConfig;
  /**
   * The `pipelineRepository` context value: the GitHub repository (`<owner>/<repo>`) a delivery pipeline deploys the
   * app from. Together with `pipelineConnectionArn` it adds the `Pipeline` stack; without both the app is unchanged.
   *
   * @default - no pipeline
   */
  readonly pipelineRepository?: unknown;
  /**
   * The `pipelineConnectionArn` context value: the AWS CodeConnections connection that reads `pipelineRepository`.
   *
   * @default - no pipeline
   */
  readonly pipelineConnectionArn?: unknown;
}

/** Adds the selected stages to an app. Throws `ConfigError` with a readable message for bad input. */
export function addAtlasStages(app: App, options: AtlasAppOptions = {}): AtlasStage[] {
  const domain = selectDomain(options.domain);
  const alarmEmail = selectAlarmEmail(options.alarmEmail);
  const pipeline = selectPipelineSource(options.pipelineRepository, options.pipelineConnectionArn);
  if (pipeline && options.stage !== undefined) {
    throw new ConfigError([
      `stage cannot be combined with pipelineRepository and pipelineConnectionArn (got stage ${show(options.stage)}): the pipeline deploys every stage, sandbox first, then production after an approval`,
    ]);
  }
  const stages = selectStageNames(options.stage).map((name) => {
    const config = configureStage(name, { account: options.account, domain, alarmEmail });
    return new AtlasStage(app, { config: options.configure ? options.configure(config) : config });
  });
  if (pipeline) addPipeline(app, stages, pipeline, { account: options.account, domain, alarmEmail });
  if (options.compliance ?? true)
    applyCompliance(
      app,
      stages.map((stage) => ({ stage, removalPolicy: stage.config.durability.removalPolicy })),
    );
  return stages;
}

/**
 * Adds the delivery pipeline's stack, which deploys the stages in order. It lives in the account that synthesizes it
 * (`CDK_DEFAULT_ACCOUNT`: the one a `cdk deploy` of it has credentials for) and the first stage's region; a stage whose
 * config names another account is deployed there (cross-account: that account bootstrapped with `--trust` for the
 * pipeline's), which needs the pipeline's account to be known when it is synthesized.
 */
function addPipeline(
  app: App,
  stages: readonly AtlasStage[],
  source: PipelineSourceChoice,
  choices: { account?: string; domain?: string; alarmEmail?: string },
): PipelineStack {
  const elsewhere = stages.filter((stage) => stage.config.account !== undefined && stage.config.account !== choices.account);
  if (choices.account === undefined && elsewhere.length > 0) {
    throw new ConfigError([
      `pipelineRepository: stage ${elsewhere[0].stageName} deploys to account ${elsewhere[0].config.account} (its config's account), so the pipeline's own account must be known: synthesize with credentials for the pipeline's account (CDK_DEFAULT_ACCOUNT), got none`,
    ]);
  }
  // The pipeline synthesizes the app as it was deployed: its own keys, and the choices that shape the stages.
  const synthContext: Record<string, string> = { pipelineRepository: source.repository, pipelineConnectionArn: source.connectionArn };
  if (choices.domain !== undefined) synthContext.domain = choices.domain;
  if (choices.alarmEmail !== undefined) synthContext.alarmEmail = choices.alarmEmail;
  return new PipelineStack(app, PIPELINE_STACK_ID, {
    env: { account: choices.account, region: stages[0].config.region },
    stackName: PIPELINE_STACK_NAME,
    description: 'aws-service-atlas: delivery pipeline (CodePipeline V2) that tests and deploys every stage',
    source,
    stages,
    synthContext,
    cliVersion: projectCdkCliVersion(),
  });
}

/**
 * What a deploy of these stages would lack that a synth for reading does not need, one line each: a placeholder
 * domain Route 53 refuses, alarms that notify nobody. Only for stages synthesized for an account (a deploy, or a
 * synth with credentials); `bin/atlas.ts` prints them on every such synth, whichever stacks are selected. They are
 * deliberately not construct warnings: those show only for selected stacks and invite acknowledging them away.
 */
export function deployNotices(stages: readonly AtlasStage[]): string[] {
  return stages
    .filter((stage) => stage.config.account !== undefined)
    .flatMap((stage) => {
      const { config } = stage;
      const notices: string[] = [];
      if (isReservedDomain(config.dns.domainName)) {
        notices.push(
          `${stage.stageName}: the hosted zone ${config.dns.domainName} is a placeholder reserved for documentation (RFC 2606) that Route 53 refuses at deploy: pass -c domain=<a domain you control>`,
        );
      }
      if (config.monitoring.alarmEmail === undefined) {
        notices.push(`${stage.stageName}: no -c alarmEmail=<address>, so the stage's alarms would notify nobody`);
      }
      return notices;
    });
}

export { ConfigError };
