/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  // One worker per core, not jest's default of cores - 1: much of a test file's time is spent waiting on cfn-guard
  // and the CloudFormation validation engine. Measured on 2 cores: 25 s instead of 36 s.
  maxWorkers: '100%',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Transpile only: `npm test` type-checks the whole project once with `tsc --noEmit` before jest starts
  // (tsconfig's isolatedModules makes ts-jest skip its per-file type-check).
  transform: { '^.+\\.ts$': ['ts-jest', {}] },
  // Synthesizes every stage once, with the compliance packs and CloudFormation validation, for all test files.
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  setupFilesAfterEnv: ['<rootDir>/test/support/setup.ts'],
  modulePathIgnorePatterns: ['<rootDir>/cdk.out', '<rootDir>/.test-assembly'],
};
