import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashedContent, hashedContentReference } from './hash-chain.js';

const text = fc.string({ unit: 'grapheme', maxLength: 40 });
const row = fc.record({
  position: fc.integer({ min: 1, max: 2 ** 40 }),
  programme_id: text,
  version: fc.integer({ min: 1, max: 2 ** 31 }),
  id: text,
  type: text,
  schema_version: fc.integer({ min: 1, max: 9 }),
  occurred_at: text,
  recorded_at: text,
  actor: text,
  data: fc.jsonValue().map((v) => JSON.stringify(v)),
  meta: fc.jsonValue().map((v) => JSON.stringify(v)),
});

describe('the bytes a hash covers', () => {
  it('are exactly the canonical JSON of the stored columns, for any row', () => {
    fc.assert(
      fc.property(row, (r) => {
        expect(hashedContent(r)).toBe(hashedContentReference(r));
      }),
      { numRuns: 3000 },
    );
  });
});
