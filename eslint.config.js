// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'data/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      'no-console': 'error',
    },
  },
  {
    files: [
      '**/*.test.ts',
      'test/**',
      'e2e/**',
      'bench/**',
      'scripts/**',
      '.ci/**',
      '**/*.config.*',
    ],
    rules: { 'no-console': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    // Build scripts print what they measured.
    files: ['packages/*/scripts/**'],
    rules: { 'no-console': 'off' },
  },
  {
    // The benchmark and build scripts are plain modern JavaScript, run by Node as they are.
    files: ['bench/**/*.js', 'scripts/**/*.js', 'packages/*/scripts/**/*.js'],
    languageOptions: {
      globals: Object.fromEntries(
        [
          'process',
          'console',
          'performance',
          'setTimeout',
          'setInterval',
          'clearTimeout',
          'clearInterval',
          'URL',
          'URLSearchParams',
          'fetch',
        ].map((name) => [name, 'readonly']),
      ),
    },
  },
);
