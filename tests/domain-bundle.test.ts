import { build } from 'esbuild';
import { expect, it } from 'vitest';

it('the domain package bundles for the browser, with no Node built-in in it', async () => {
  const result = await build({
    entryPoints: [new URL('../packages/domain/src/index.ts', import.meta.url).pathname],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    conditions: ['@steerlog/source'],
    write: false,
    logLevel: 'silent',
  });
  expect(result.errors).toEqual([]);
  const code = result.outputFiles[0]!.text;
  expect(code).toContain('RagChanged');
  expect(code).not.toMatch(/from\s+["']node:/);
});
