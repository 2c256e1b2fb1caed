import {
  configureStage,
  refuseRegionContext,
  selectAlarmEmail,
  selectDomain,
  selectStageNames,
  STAGE_CONTEXT_KEYS,
  STAGE_NAMES,
  StageConfig,
  StageContextKey,
  validateStageConfig,
} from '../../config';

// The preflight checks one stage: it reads the stages' context keys (the pipeline's stack has no preflight).
export { STAGE_CONTEXT_KEYS } from '../../config';
export type { StageContextKey } from '../../config';

/** Bad input on the command line: nothing was checked. The CLI prints the message on one line and exits 2. */
export class PreflightInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PreflightInputError';
  }
}

/** The command line, for `--help` and bad-input messages. */
export const PREFLIGHT_USAGE = `usage: npm run preflight -- -c stage=<${STAGE_NAMES.join('|')}> [-c domain=<domain>] [-c alarmEmail=<address>]`;

/** The parsed command line of `npm run preflight`. */
export interface PreflightArguments {
  /** The context values given with `-c key=value` / `--context key=value` / `--context=key=value`. */
  readonly context: Readonly<Partial<Record<StageContextKey, string>>>;
  /** `-h` / `--help`: print the usage and check nothing. */
  readonly help: boolean;
}

/**
 * Parses the preflight's command line: the same context flags as the CDK app, so that the command that checks a
 * deploy is the deploy's own flags. A `--` on its own is ignored (npm and tsx pass it through).
 *
 * @throws PreflightInputError for an unknown flag, a `-c` without `key=value`, an unknown or repeated key
 */
export function parseArguments(argv: readonly string[]): PreflightArguments {
  const context: Partial<Record<StageContextKey, string>> = {};
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    let pair: string | undefined;
    if (arg === '--') continue;
    if (arg === '-h' || arg === '--help') {
      help = true;
      continue;
    }
    if (arg === '-c' || arg === '--context') {
      pair = argv[++i];
      if (pair === undefined) throw new PreflightInputError(`${arg} needs key=value after it, e.g. ${arg} stage=sandbox`);
    } else if (arg.startsWith('--context=')) {
      pair = arg.slice('--context='.length);
    } else {
      throw new PreflightInputError(`unknown argument '${arg}' (${PREFLIGHT_USAGE})`);
    }
    const equals = pair.indexOf('=');
    if (equals <= 0) throw new PreflightInputError(`context must be key=value, e.g. -c stage=sandbox, got '${pair}'`);
    const key = pair.slice(0, equals);
    if (key === 'region') refuseRegionContext(pair.slice(equals + 1));
    if (!(STAGE_CONTEXT_KEYS as readonly string[]).includes(key)) {
      throw new PreflightInputError(`unknown context key '${key}' (the preflight reads ${STAGE_CONTEXT_KEYS.join(', ')})`);
    }
    if (context[key as StageContextKey] !== undefined) throw new PreflightInputError(`context key '${key}' is given twice`);
    context[key as StageContextKey] = pair.slice(equals + 1);
  }
  return { context, help };
}

/** The stage a preflight checks. */
export interface SelectedStage {
  /** The stage's configuration as the app builds it from the same context. */
  readonly config: StageConfig;
  /** The `-c domain` value as lib/config accepted it, when given. */
  readonly domain?: string;
}

/**
 * The stage's configuration from the context, built as `addAtlasStages` (lib/atlas-app.ts) builds it: the preset,
 * then the domain and the alarm address, validated with the same functions.
 *
 * @throws PreflightInputError when no stage is given (the preflight checks one stage, the app defaults to all)
 * @throws ConfigError (lib/config) for a bad stage, domain or address
 */
export function selectStage(context: PreflightArguments['context']): SelectedStage {
  if (context.stage === undefined) {
    throw new PreflightInputError(`checks one stage at a time: pass -c stage=<${STAGE_NAMES.join('|')}>`);
  }
  const [name] = selectStageNames(context.stage);
  const domain = selectDomain(context.domain);
  const alarmEmail = selectAlarmEmail(context.alarmEmail);
  return { config: validateStageConfig(configureStage(name, { domain, alarmEmail })), domain };
}
