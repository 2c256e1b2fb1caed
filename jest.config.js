const os = require('os');

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  // One and a half workers per core (3 on 2 cores), not jest's default of cores - 1: several files spend much of their
  // time waiting on child processes (the gated synth, the README's commands, the CLIs) or timers, and the extra
  // workers keep every core busy meanwhile. Measured on 2 cores: about 5 % faster than one worker per core. (A
  // percentage string above 100 % is not a share of the cores to jest but a worker count, hence the arithmetic.)
  maxWorkers: Math.ceil(os.availableParallelism() * 1.5),
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Transpile only: `npm test` type-checks the whole project once with `tsc --noEmit` before jest starts
  // (tsconfig's isolatedModules makes ts-jest skip its per-file type-check).
  transform: { '^.+\\.ts$': ['ts-jest', {}] },
  // Creates this run's own directory under the OS temp dir and synthesizes every stage into it once, plain (no
  // compliance gate: only test/compliance/gate.test.ts pays for that); the teardown removes the directory.
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  setupFilesAfterEnv: ['<rootDir>/test/support/setup.ts'],
  modulePathIgnorePatterns: ['<rootDir>/cdk.out'],
  // Jest's transform cache (ts-jest's too) next to the project's other tool caches, not jest's default of
  // <OS temp dir>/jest_<uid>: `npm test` leaves nothing in the temp directory, and `npm ci` clears the cache with
  // node_modules, so a new lock file never reads a stale transform.
  cacheDirectory: '<rootDir>/node_modules/.cache/aws-service-atlas/jest',
};
