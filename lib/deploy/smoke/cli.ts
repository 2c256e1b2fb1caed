import { checkEndpoints, DEFAULT_SMOKE_OPTIONS, EndpointResult, SmokeOptions } from './check';
import { Endpoint, endpointLabel, findEndpoints, readOutputsFile, SmokeInputError } from './endpoints';

/** Exit codes of `npm run smoke`. */
export const SMOKE_EXIT = {
  /** Every endpoint answered as expected. */
  ok: 0,
  /** At least one endpoint did not. */
  failed: 1,
  /** Bad input: a missing or malformed outputs file, no endpoints in it, or bad flags. Nothing was checked. */
  badInput: 2,
} as const;

/** The command line, for `--help` and bad-flag messages. */
export const SMOKE_USAGE = 'usage: npm run smoke -- <outputs.json> [--attempts N] [--interval-seconds S] [--timeout-seconds S]';

/** The parsed command line of `npm run smoke`. */
export interface SmokeArguments {
  /** The outputs file (`cdk deploy --outputs-file <file>`); undefined only with `help`. */
  readonly file?: string;
  /** `--help`: print the usage and check nothing. */
  readonly help: boolean;
  /** `--attempts`: 1 to 100. */
  readonly attempts: number;
  /** `--interval-seconds`: 0 to 600. */
  readonly intervalSeconds: number;
  /** `--timeout-seconds`: more than 0, at most 300. */
  readonly timeoutSeconds: number;
}

/** Where the CLI writes: results go to stdout, progress and errors to stderr. */
export interface SmokeIo {
  readonly stdout: (line: string) => void;
  readonly stderr: (line: string) => void;
}

type NumericFlag = 'attempts' | 'intervalSeconds' | 'timeoutSeconds';

/** The numeric flags, the option each sets, and the values each allows. */
const FLAGS: Readonly<Record<string, { readonly key: NumericFlag; readonly allowed: string; readonly valid: (n: number) => boolean }>> = {
  '--attempts': { key: 'attempts', allowed: 'a whole number from 1 to 100', valid: (n) => Number.isInteger(n) && n >= 1 && n <= 100 },
  '--interval-seconds': { key: 'intervalSeconds', allowed: 'a number of seconds from 0 to 600', valid: (n) => n >= 0 && n <= 600 },
  '--timeout-seconds': { key: 'timeoutSeconds', allowed: 'a number of seconds above 0, at most 300', valid: (n) => n > 0 && n <= 300 },
};

/**
 * Parses the arguments of `npm run smoke` (`--flag value` or `--flag=value`; `--` ends the flags).
 *
 * @throws SmokeInputError naming the flag, the value and what is allowed
 */
export function parseSmokeArguments(argv: readonly string[]): SmokeArguments {
  const values: Record<NumericFlag, number> = { ...DEFAULT_SMOKE_OPTIONS };
  const files: string[] = [];
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      files.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    if (!arg.startsWith('-') || arg === '-') {
      files.push(arg);
      continue;
    }
    const [name, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const flag = Object.hasOwn(FLAGS, name) ? FLAGS[name] : undefined;
    if (!flag) throw new SmokeInputError(`unknown option '${name}'; ${SMOKE_USAGE}`);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new SmokeInputError(`${name} needs a value: ${flag.allowed}`);
    const number = value.trim() === '' ? NaN : Number(value);
    if (!Number.isFinite(number) || !flag.valid(number)) throw new SmokeInputError(`${name} must be ${flag.allowed}, got '${value}'`);
    values[flag.key] = number;
  }
  if (help) return { help, ...values };
  if (files.length === 0) throw new SmokeInputError(`missing the outputs file (write it with cdk deploy --outputs-file <file>); ${SMOKE_USAGE}`);
  if (files.length > 1) throw new SmokeInputError(`expected one outputs file, got ${files.length}: ${files.map((f) => `'${f}'`).join(', ')}`);
  return { file: files[0], help, ...values };
}

/**
 * `npm run smoke -- <outputs.json>`: finds the endpoints in the outputs file, checks them, prints one line per
 * endpoint in the order found (as soon as it and those before it are done) and a summary, and resolves with the exit
 * code (`SMOKE_EXIT`). Bad input is one line on stderr, never a stack trace; other errors are bugs and reject.
 *
 * @param overrides probe options the command line does not offer (tests trust their loopback certificate with them)
 */
export async function runSmoke(argv: readonly string[], io: SmokeIo, overrides: Pick<SmokeOptions, 'extraCaCertificates' | 'lookup'> = {}): Promise<number> {
  let args: SmokeArguments;
  let endpoints: Endpoint[];
  try {
    args = parseSmokeArguments(argv);
    if (args.help) {
      io.stdout(SMOKE_USAGE);
      io.stdout('Checks the endpoints in the file cdk deploy --outputs-file writes. Exit code 0: all ok, 1: some failed, 2: bad input.');
      return SMOKE_EXIT.ok;
    }
    endpoints = findEndpoints(readOutputsFile(args.file!), args.file);
  } catch (error) {
    if (!(error instanceof SmokeInputError)) throw error;
    io.stderr(`smoke: ${error.message}`);
    return SMOKE_EXIT.badInput;
  }

  const stages = [...new Set(endpoints.map((e) => e.stage))];
  io.stdout(
    `smoke: checking ${endpoints.length} endpoint${endpoints.length === 1 ? '' : 's'} of ${stages.length === 1 ? 'stage' : 'stages'} ${stages.join(', ')} ` +
      `(${args.attempts === 1 ? '1 attempt' : `up to ${args.attempts} attempts ${args.intervalSeconds} s apart`}, ${args.timeoutSeconds} s per request)`,
  );
  const widths = { label: Math.max(...endpoints.map((e) => endpointLabel(e).length)), url: Math.max(...endpoints.map((e) => e.url.length)) };
  const done: (EndpointResult | undefined)[] = endpoints.map(() => undefined);
  let printed = 0;
  const results = await checkEndpoints(endpoints, {
    ...overrides,
    attempts: args.attempts,
    intervalSeconds: args.intervalSeconds,
    timeoutSeconds: args.timeoutSeconds,
    onRetry: (endpoint, retry) =>
      io.stderr(
        `wait ${endpointLabel(endpoint).padEnd(widths.label)}  attempt ${retry.attempt}/${retry.attempts}: ${retry.reason}; next in ${retry.nextInSeconds} s`,
      ),
    onResult: (result, index) => {
      done[index] = result;
      for (; printed < done.length && done[printed]; printed++) io.stdout(formatResult(done[printed]!, widths));
    },
  });
  io.stdout(summary(results, stages));
  return results.every((r) => r.ok) ? SMOKE_EXIT.ok : SMOKE_EXIT.failed;
}

/**
 * One output line for an endpoint's result, e.g.
 * `ok   sandbox/web  http://…/  200, marker found (0.2 s)` or
 * `FAIL sandbox/containers  http://…/containers  503 Service Unavailable after 10 attempts`.
 *
 * @param widths column widths of the label and URL, to align the lines of one run
 */
export function formatResult(result: EndpointResult, widths: { readonly label: number; readonly url: number } = { label: 0, url: 0 }): string {
  const columns = `${endpointLabel(result.endpoint).padEnd(widths.label)}  ${result.endpoint.url.padEnd(widths.url)}`;
  if (result.ok) return `ok   ${columns}  ${result.detail} (${result.seconds.toFixed(1)} s${result.attempts > 1 ? `, attempt ${result.attempts}` : ''})`;
  const attempts = `after ${result.attempts} attempt${result.attempts === 1 ? '' : 's'}`;
  return `FAIL ${columns}  ${result.detail} ${attempts}${result.gaveUpEarly ? ' (not retried: waiting does not fix it)' : ''}${result.hint ? `; ${result.hint}` : ''}`;
}

/** The last line: how many endpoints passed, which failed, and per stage when there are several. */
function summary(results: readonly EndpointResult[], stages: readonly string[]): string {
  const failed = results.filter((r) => !r.ok);
  const perStage =
    stages.length < 2
      ? ''
      : ` (${stages
          .map((stage) => {
            const ofStage = results.filter((r) => r.endpoint.stage === stage);
            return `${stage} ${ofStage.filter((r) => r.ok).length}/${ofStage.length} ok`;
          })
          .join(', ')})`;
  if (failed.length === 0) return `smoke: all ${results.length} endpoint${results.length === 1 ? '' : 's'} ok${perStage}`;
  return `smoke: ${failed.length} of ${results.length} endpoints failed: ${failed.map((r) => endpointLabel(r.endpoint)).join(', ')}${perStage}`;
}
