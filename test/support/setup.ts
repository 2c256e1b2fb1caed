import { format } from 'util';
import { silenceSpuriousCdkWarnings } from '../../lib/shared/known-warnings';

// A passing run prints nothing but jest's summary. Whatever reaches the console or Node's warnings (a deprecation
// warning, a library's notice such as the AWS SDK's Node.js version warning, a forgotten console.log) fails the test
// it happened in, or before it (the file's setup), and the failure shows it: capture it in the test
// (jest.spyOn(console, …)) and assert on it, or fix its cause.
const printed: string[] = [];
for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
  console[method] = (...args: unknown[]) => {
    printed.push(`console.${method}: ${format(...args)}`);
  };
}
process.emitWarning = (warning: string | Error) => {
  printed.push(`process.emitWarning: ${typeof warning === 'string' ? warning : `${warning.name}: ${warning.message}`}`);
};
const failOnOutput = () => {
  if (printed.length === 0) return;
  const error = new Error(`unexpected output (a passing test prints nothing):\n${printed.splice(0).join('\n')}`);
  error.stack = `${error.name}: ${error.message}`; // the output is the failure: no code frame of this file
  throw error;
};
afterEach(failOnOutput);
afterAll(failOnOutput);

// After the guard: the known spurious aws-cdk-lib warning is dropped before it counts.
silenceSpuriousCdkWarnings();

/** 64-hex asset hashes (and the zip/json keys built from them) change with every byte of an asset. */
const ASSET_HASH = /[0-9a-f]{64}/g;

// Snapshots show the architecture, not asset bytes: replace asset hashes with a placeholder.
expect.addSnapshotSerializer({
  test: (value: unknown) => typeof value === 'string' && /[0-9a-f]{64}/.test(value),
  serialize: (value: string, config, indentation, depth, refs, printer) => printer(value.replace(ASSET_HASH, '[ASSET HASH]'), config, indentation, depth, refs),
});
