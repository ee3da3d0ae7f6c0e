import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical.js';

/**
 * The bytes every stored hash was computed over: the first implementation, kept here as the
 * specification. Any change to what `canonicalJson` writes would break every existing chain.
 */
const reference = (value: unknown): string => {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : reference(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${reference(v)}`).join(',')}}`;
};

describe('canonicalJson', () => {
  it('writes exactly the bytes the chain was hashed over, for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(canonicalJson(v)).toBe(reference(v));
        expect(JSON.parse(canonicalJson(v))).toEqual(JSON.parse(JSON.stringify(v)));
      }),
      { numRuns: 2000 },
    );
  });
  it('sorts keys by UTF-16 code unit at every depth and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [undefined, 2], c: undefined }, É: 0, Z: 'z' })).toBe(
      '{"Z":"z","a":{"d":[null,2]},"b":1,"É":0}',
    );
  });
});
