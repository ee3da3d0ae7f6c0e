import { readFileSync } from 'node:fs';
import { eventCatalogue } from '@steerlog/domain';
import { expect, it } from 'vitest';

it('docs/events.md is the catalogue the schemas generate (run `pnpm docs:events` when it fails)', () => {
  expect(readFileSync(new URL('../docs/events.md', import.meta.url), 'utf8')).toBe(eventCatalogue());
});
