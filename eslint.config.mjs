// @ts-check
import eslint from '@eslint/js';
import prettier from 'eslint-plugin-prettier/recommended';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      'data/',
      'coverage/',
      'client/dist/',
      'bench/results/',
      'tmp/',
      '.runtimes/',
      '*.config.js',
      '*.config.mjs',
      'test/jest/',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  prettier,
  {
    languageOptions: {
      globals: { ...globals.node, ...globals.jest },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-extraneous-class': 'off',
    },
  },
  {
    // Plain ESM scripts outside the TypeScript project: linted without type information.
    files: ['bench/**/*.mjs', '.ci/**/*.mjs', 'scripts/**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // The web app, and the browser test's page.evaluate() callbacks, run in a browser.
    files: ['client/src/**/*.{ts,tsx}', 'client/e2e/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // Playwright fixtures that need no other fixture are written `async ({}, use) => …`.
    files: ['client/e2e/**/*.ts'],
    rules: { 'no-empty-pattern': 'off' },
  },
  {
    // supertest bodies are `any` by nature; tests assert on their shape instead.
    files: ['test/**/*.ts', 'bench/**/*.ts', 'client/scripts/**/*.mjs'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
);
