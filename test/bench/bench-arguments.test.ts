import { execFile } from 'child_process';
import * as path from 'path';
import { ROOT } from '../support/context';

/** Runs `npm run bench` (tsx bin/bench.ts) with arguments it refuses: it must stop before timing anything. */
function bench(args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['bin/bench.ts', ...args], { cwd: ROOT, timeout: 60_000 }, (error, _stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stderr });
    });
  });
}

describe('npm run bench refuses bad arguments with one line and exit 2', () => {
  test.each<[string[], string]>([
    [['--runs', '0'], 'bench: --runs must be a whole number from 1 to 20, got 0\n'],
    [['--runs', 'many'], 'bench: --runs must be a whole number from 1 to 20, got many\n'],
    [['--test'], 'bench: unknown argument --test (takes --runs N and --tests)\n'],
  ])(
    '%p',
    async (args, message) => {
      expect(await bench(args)).toEqual({ code: 2, stderr: message });
    },
    60_000,
  );
});
