import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/*.mjs',
      '**/dist/**',
      '**/node_modules/**',
      'apps/web/dist/**',
      '**/*.config.ts',
      '**/*.config.js',
      'bench/scratch/**',
      'bench/results/**',
    ],
  },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },
  {
    files: ['**/*.test.ts', 'tests/**', 'bench/**', 'scripts/**'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    // Kysely<any> is how Kysely reaches tables named at run time: frozen migrations, rebuild's shadow tables.
    files: [
      'packages/store/src/db/migrations.ts',
      'packages/store/src/db/migrations/0002-relational-read-models.ts',
      'packages/store/src/db/migrations/0004-checkpoints.ts',
      'packages/store/src/db/migrations/0005-people-and-rounds.ts',
      'packages/store/src/read-models/**',
      'packages/store/src/rebuild.ts',
    ],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // The domain runs in the browser too: no Node APIs, no I/O libraries.
    files: ['packages/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fastify', 'fastify/*', '@fastify/*', 'kysely', 'pino', 'better-sqlite3', 'pg'],
              message: 'packages/domain is pure: no Node APIs or I/O libraries',
            },
          ],
        },
      ],
    },
  },
);
