import * as path from 'path';
import { ConfigError } from '../../config';
import { parseArguments, PREFLIGHT_USAGE, PreflightInputError, selectStage } from './arguments';
import type { PreflightClients } from './check';
import type { ConfiguredRegions } from './checks/region';
import type { ClientRegions } from './clients';
import { stageRegions } from './regions';
import { loadStageTemplates } from './templates';

/** Exit codes of `npm run preflight`. */
export const PREFLIGHT_EXIT = {
  /** Nothing found stops a deploy. */
  ok: 0,
  /** A deploy would fail: a `missing` or `blocked` line (or credentials that do not work). */
  failed: 1,
  /** Bad input: unknown flags, a malformed `-c`, a bad stage, domain or address. Nothing was checked. */
  badInput: 2,
} as const;

/** Where the CLI writes: the report to stdout, a bad-input error (one line) to stderr. */
export interface PreflightIo {
  readonly stdout: (line: string) => void;
  readonly stderr: (line: string) => void;
}

/** What the CLI reads from its surroundings; tests replace it. */
export interface PreflightEnvironment {
  /** Environment variables: `AWS_PROFILE`, `AWS_REGION`, `AWS_DEFAULT_REGION`. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Where `cdk synth` writes the cloud assembly. */
  readonly outdir: string;
  /** Makes the SDK clients for the stage's region, for its standby region where it has one, and for us-east-1 where asked. */
  readonly createClients: (region: string, standbyRegion?: string, regions?: ClientRegions) => PreflightClients;
  /** The region the SDK would pick by default (reported only). */
  readonly sdkDefaultRegion: () => Promise<string | undefined>;
}

/** Where `cdk synth` writes the cloud assembly of this project. */
export const DEFAULT_OUTDIR = path.join(__dirname, '..', '..', '..', 'cdk.out');

/**
 * The real surroundings: this process's environment, the project's cdk.out and real SDK clients. Loaded only once
 * the input is valid, so that bad input is answered without loading the AWS SDK.
 */
export function processEnvironment(): Promise<PreflightEnvironment> {
  const { createClients, sdkDefaultRegion } = loadClients();
  return Promise.resolve({ env: process.env, outdir: DEFAULT_OUTDIR, createClients, sdkDefaultRegion });
}

/**
 * `npm run preflight -- -c stage=<stage> [-c domain=…] [-c alarmEmail=…]`: checks the account the credentials belong
 * to, in each region the stage deploys to, against what the stage needs. Prints one line per check and a summary; returns the exit
 * code (`PREFLIGHT_EXIT`). Bad input and AWS errors are one line each, never a stack trace.
 *
 * @param environment what to read and call (default: `processEnvironment()`, this process and real clients)
 */
export async function runPreflightCli(argv: readonly string[], io: PreflightIo, environment?: PreflightEnvironment): Promise<number> {
  const badInput = (error: unknown): number => {
    if (!(error instanceof PreflightInputError || error instanceof ConfigError)) throw error;
    // A ConfigError listing several problems spans lines; the preflight's errors are one line.
    io.stderr(
      `preflight: ${error.message
        .replace(/:\n\s*-\s*/, ': ')
        .replace(/\n\s*-\s*/g, '; ')
        .replace(/\s+/g, ' ')}`,
    );
    return PREFLIGHT_EXIT.badInput;
  };
  let selected;
  try {
    const args = parseArguments(argv);
    if (args.help) {
      io.stdout(PREFLIGHT_USAGE);
      return PREFLIGHT_EXIT.ok;
    }
    selected = selectStage(args.context);
  } catch (error) {
    return badInput(error);
  }
  const surroundings = environment ?? (await processEnvironment());
  let templates;
  try {
    templates = loadStageTemplates(surroundings.outdir, selected.config.stageName);
  } catch (error) {
    return badInput(error);
  }

  const { exitCode, formatReport, runPreflight } = loadRun();
  const { destroyClients } = loadClients();
  const { config } = selected;
  const env = surroundings.env;
  const clients = surroundings.createClients(config.region, config.standby?.region, {
    usEast1: stageRegions(config).some((where) => where.placement === 'us-east-1'),
  });
  try {
    const configured: ConfiguredRegions = {
      awsRegion: env.AWS_REGION || undefined,
      awsDefaultRegion: env.AWS_DEFAULT_REGION || undefined,
      profileRegion: env.AWS_REGION ? undefined : await surroundings.sdkDefaultRegion(),
    };
    const report = await runPreflight({ config, clients, templates, profile: env.AWS_PROFILE || undefined }, { configuredRegions: configured });
    for (const line of formatReport(report)) io.stdout(line);
    return exitCode(report) === 0 ? PREFLIGHT_EXIT.ok : PREFLIGHT_EXIT.failed;
  } finally {
    destroyClients(clients);
  }
}

// The AWS SDK is loaded on first use (a plain `require`: this is a CommonJS project, and jest runs it as such).
/* eslint-disable @typescript-eslint/no-require-imports -- lazy on purpose; ts-jest leaves import() native here, which jest cannot run */
const loadClients = () => require('./clients') as typeof import('./clients');
const loadRun = () => require('./run') as typeof import('./run');
/* eslint-enable @typescript-eslint/no-require-imports */
