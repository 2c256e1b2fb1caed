import { App } from 'aws-cdk-lib';
import { AtlasStage } from './atlas-stage';
import { applyCompliance } from './compliance';
import { isReservedDomain } from './shared/domain';
import { ConfigError, configureStage, selectAlarmEmail, selectDomain, selectStageNames, StageConfig } from './config';

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
}

/** Adds the selected stages to an app. Throws `ConfigError` with a readable message for bad input. */
export function addAtlasStages(app: App, options: AtlasAppOptions = {}): AtlasStage[] {
  const domain = selectDomain(options.domain);
  const alarmEmail = selectAlarmEmail(options.alarmEmail);
  const stages = selectStageNames(options.stage).map((name) => {
    const config = configureStage(name, { account: options.account, domain, alarmEmail });
    return new AtlasStage(app, { config: options.configure ? options.configure(config) : config });
  });
  if (options.compliance ?? true)
    applyCompliance(
      app,
      stages.map((stage) => ({ stage, removalPolicy: stage.config.durability.removalPolicy })),
    );
  return stages;
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
