/**
 * Reads the assertion results of an integration run and prints one line per assertion.
 *
 *   npx tsx test/integ/check-results.ts [outputs-file]      (default: cdk.out/integ/assertion-results.json)
 *
 * The file is what `cdk deploy … --outputs-file <file>` writes for the assertion stack: every stack's outputs by
 * stack name. integ-tests writes each assertion's result to an output `AssertionResults<Id>` as JSON,
 * `{"status":"success"}` or `{"status":"fail","message":"…"}`; this reads them the way integ-runner does.
 *
 * Exit code: 0 when every assertion passed, 1 when one failed or the file holds no assertion results (the assertion
 * stack did not deploy), 2 when the file cannot be read as an outputs file (one line on stderr, no stack trace).
 */
import * as fs from 'fs';

/** Where `test/integ/run.ts` writes the outputs of the assertion stack. */
export const DEFAULT_RESULTS_FILE = 'cdk.out/integ/assertion-results.json';

/** Prefix of the outputs integ-tests writes assertion results to. */
export const ASSERTION_OUTPUT_PREFIX = 'AssertionResults';

/** One assertion's result. */
export interface AssertionOutcome {
  /** The stack that holds the assertion. */
  readonly stack: string;
  /** The assertion's id (the output name without `AssertionResults`). */
  readonly id: string;
  readonly passed: boolean;
  /** Why it failed. */
  readonly message?: string;
}

/** The input is not an outputs file: a user error, reported in one line. */
export class BadResultsInput extends Error {}

/** The assertion results in the text of an outputs file, in file order. */
export function readAssertionResults(text: string, file = 'the outputs file'): AssertionOutcome[] {
  let outputs: unknown;
  try {
    outputs = JSON.parse(text);
  } catch (error) {
    throw new BadResultsInput(`${file} is not JSON (${(error as Error).message})`);
  }
  const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
  if (!isRecord(outputs) || !Object.values(outputs).every(isRecord)) {
    throw new BadResultsInput(`${file} is not a cdk --outputs-file: expected {"<stack name>": {"<output>": "<value>"}}`);
  }
  const outcomes: AssertionOutcome[] = [];
  for (const [stack, stackOutputs] of Object.entries(outputs as Record<string, Record<string, unknown>>)) {
    for (const [name, value] of Object.entries(stackOutputs)) {
      if (!name.startsWith(ASSERTION_OUTPUT_PREFIX)) continue;
      outcomes.push({ stack, id: name.slice(ASSERTION_OUTPUT_PREFIX.length), ...parseResult(value) });
    }
  }
  return outcomes;
}

function parseResult(value: unknown): { passed: boolean; message?: string } {
  let result: unknown;
  try {
    // As integ-runner: messages may hold raw line breaks, which JSON strings may not.
    result = typeof value === 'string' ? JSON.parse(value.replace(/\n/g, '\\n')) : undefined;
  } catch {
    result = undefined;
  }
  const status = (result as { status?: unknown } | undefined)?.status;
  if (status === 'success') return { passed: true };
  if (status === 'fail') {
    const message = (result as { message?: unknown }).message;
    return { passed: false, message: message == null ? 'no message' : typeof message === 'string' ? message : JSON.stringify(message) };
  }
  return { passed: false, message: `unreadable result ${JSON.stringify(value)}` };
}

/** Output streams, so that tests can capture them. */
export interface CheckIo {
  readonly stdout: (line: string) => void;
  readonly stderr: (line: string) => void;
}

/** Prints one line per assertion and a summary; returns the exit code. */
export function reportResults(outcomes: readonly AssertionOutcome[], file: string, io: CheckIo): number {
  if (outcomes.length === 0) {
    io.stderr(`integ: no assertion results in ${file}: the assertion stack did not deploy (see the deploy output above)`);
    return 1;
  }
  for (const outcome of outcomes) {
    if (outcome.passed) {
      io.stdout(`PASS  ${outcome.id}`);
    } else {
      const [first, ...rest] = (outcome.message ?? '').split('\n');
      io.stdout(`FAIL  ${outcome.id}: ${first}`);
      for (const line of rest) io.stdout(`      ${line}`);
    }
  }
  const failed = outcomes.filter((outcome) => !outcome.passed).length;
  io.stdout(`integ: ${outcomes.length - failed} passed, ${failed} failed (${file})`);
  return failed === 0 ? 0 : 1;
}

/** The command line: `[outputs-file]`. */
export function checkResults(argv: readonly string[], io: CheckIo): number {
  if (argv.length > 1 || argv.some((arg) => arg.startsWith('-'))) {
    io.stderr('usage: npx tsx test/integ/check-results.ts [outputs-file]');
    return 2;
  }
  const file = argv[0] ?? DEFAULT_RESULTS_FILE;
  try {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (error) {
      throw new BadResultsInput(
        `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): deploy the assertion stack with --outputs-file ${file} first`,
      );
    }
    return reportResults(readAssertionResults(text, file), file, io);
  } catch (error) {
    if (error instanceof BadResultsInput) {
      io.stderr(`integ: ${error.message}`);
      return 2;
    }
    throw error;
  }
}

if (require.main === module) {
  process.exitCode = checkResults(process.argv.slice(2), { stdout: (line) => console.log(line), stderr: (line) => console.error(line) });
}
