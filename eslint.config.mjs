// ESLint flat config: the recommended rules and typescript-eslint's type-aware ones (they read the TypeScript
// program, so they catch floating promises, unsafe `any` flows and deprecated APIs the compiler lets through).
// Formatting is Prettier's alone (eslint-config-prettier switches off every rule that would disagree with it).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', 'coverage/', 'test/integ/*.snapshot/', 'test/__snapshots__/', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-deprecated': 'error',
      // `const { dropped, ...rest } = value` copies an object without a field: the dropped name is the point.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
    },
  },
  prettier,
);
