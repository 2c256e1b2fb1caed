/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
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
