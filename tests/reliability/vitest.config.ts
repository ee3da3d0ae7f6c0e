import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The reliability suite (`pnpm test:reliability`): slow, process-level proofs kept out of
 * `pnpm test`. Files run one at a time so the server processes they spawn do not compete for
 * the two cores CI has, and timings stay meaningful.
 */
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  resolve: { conditions: ['@steerlog/source'] },
  ssr: { resolve: { conditions: ['@steerlog/source'] } },
  test: {
    include: ['tests/reliability/**/*.reliability.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    fileParallelism: false,
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/reliability.json' },
    testTimeout: 300_000,
    hookTimeout: 120_000,
  },
});
