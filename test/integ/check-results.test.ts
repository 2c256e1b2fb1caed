import * as fs from 'fs';
import * as path from 'path';
import { BadResultsInput, checkResults, readAssertionResults } from './check-results';
import { tempDir } from '../support/context';

/** An outputs file as `cdk deploy --outputs-file` writes it for the assertion stack. */
function outputsFile(results: Record<string, string>, other: Record<string, string> = {}): string {
  return JSON.stringify({ 'sandbox-IntegAssertions': { ...other, ...results } });
}

const PASS = JSON.stringify({ status: 'success' });
const FAIL = JSON.stringify({ status: 'fail', message: 'Expected 200 but received 502 at /status (using objectLike matcher)' });

function run(argv: string[]): { code: number; stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = checkResults(argv, { stdout: (line) => stdout.push(line), stderr: (line) => stderr.push(line) });
  return { code, stdout, stderr };
}

describe('check-results', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir('integ-results');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };

  test('reads each AssertionResults output as one assertion, named without the prefix, ignoring other outputs', () => {
    const outcomes = readAssertionResults(
      outputsFile({ AssertionResultsCloudFrontServesSite: PASS, AssertionResultsDatabaseUnreachableFromPublicTier: FAIL }, { ExportsOutputX: 'x' }),
    );

    expect(outcomes).toEqual([
      { stack: 'sandbox-IntegAssertions', id: 'CloudFrontServesSite', passed: true },
      {
        stack: 'sandbox-IntegAssertions',
        id: 'DatabaseUnreachableFromPublicTier',
        passed: false,
        message: 'Expected 200 but received 502 at /status (using objectLike matcher)',
      },
    ]);
  });

  test('a message with raw line breaks is read as integ-runner reads it', () => {
    const [outcome] = readAssertionResults(outputsFile({ AssertionResultsX: '{"status":"fail","message":"line one\nline two"}' }));
    expect(outcome).toEqual(expect.objectContaining({ passed: false, message: 'line one\nline two' }));
  });

  test('an unreadable result counts as a failure, showing the value', () => {
    const [outcome] = readAssertionResults(outputsFile({ AssertionResultsX: 'not json' }));
    expect(outcome).toEqual(expect.objectContaining({ passed: false, message: 'unreadable result "not json"' }));
  });

  test('prints PASS per assertion and exits 0 when all passed', () => {
    const file = write('pass.json', outputsFile({ AssertionResultsA: PASS, AssertionResultsB: PASS }));
    expect(run([file])).toEqual({ code: 0, stdout: ['PASS  A', 'PASS  B', `integ: 2 passed, 0 failed (${file})`], stderr: [] });
  });

  test('fails with exit 1 and the message of each failed assertion', () => {
    const file = write('fail.json', outputsFile({ AssertionResultsA: PASS, AssertionResultsB: '{"status":"fail","message":"first\nsecond"}' }));
    expect(run([file])).toEqual({
      code: 1,
      stdout: ['PASS  A', 'FAIL  B: first', '      second', `integ: 1 passed, 1 failed (${file})`],
      stderr: [],
    });
  });

  test('fails with exit 1 when the file holds no assertion results (the assertion stack did not deploy)', () => {
    const file = write('none.json', JSON.stringify({ 'sandbox-Compute': { LoadBalancerUrl: 'http://x/' } }));
    const result = run([file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toEqual([`integ: no assertion results in ${file}: the assertion stack did not deploy (see the deploy output above)`]);
  });

  test.each([
    ['a missing file', () => path.join(dir, 'absent.json'), /^integ: cannot read .*absent\.json \(ENOENT\): deploy the assertion stack with --outputs-file/],
    ['a file that is not JSON', () => write('broken.json', '{"a":'), /^integ: .*broken\.json is not JSON \(/],
    ['JSON that is not an outputs file', () => write('list.json', '[1, 2]'), /^integ: .*list\.json is not a cdk --outputs-file: expected \{"<stack name>"/],
    ['a stack whose outputs are not an object', () => write('flat.json', '{"sandbox-IntegAssertions": "x"}'), /is not a cdk --outputs-file/],
  ])('fails with exit 2 and one line for %s', (_what, file, message) => {
    const result = run([file()]);
    expect(result.code).toBe(2);
    expect(result.stdout).toEqual([]);
    expect(result.stderr).toHaveLength(1);
    expect(result.stderr[0]).toMatch(message);
  });

  test('fails with exit 2 and the usage for unknown options or extra arguments', () => {
    expect(run(['--verbose'])).toEqual({ code: 2, stdout: [], stderr: ['usage: npx tsx test/integ/check-results.ts [outputs-file]'] });
    expect(run(['a.json', 'b.json']).code).toBe(2);
  });

  test('bad input is a BadResultsInput, not a crash', () => {
    expect(() => readAssertionResults('nope')).toThrow(BadResultsInput);
  });
});
