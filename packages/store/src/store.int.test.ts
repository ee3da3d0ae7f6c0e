import { demoProgrammes, recordDemo } from '@steerlog/demo';
import { canonicalJson, fold, toView } from '@steerlog/domain';
import { afterEach, describe, expect, it } from 'vitest';
import { verify } from './audit.js';
import { openTempStore } from './testing.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});
const temp = async () => {
  const t = await openTempStore();
  cleanups.push(t.dispose);
  return t;
};

describe('store with the demo programmes', () => {
  it('keeps read models equal to the fold, and verify ok', async () => {
    const { store, queries } = await temp();
    await recordDemo((programmeId, command, options) => store.handle(programmeId, command, options));
    const now = new Date();
    for (const p of demoProgrammes) {
      const at = now.toISOString();
      const fromModels = await queries.currentView(p.programmeId, now);
      const fromFold = toView(fold(await store.loadEvents(p.programmeId)), { asOf: at, knownAt: at });
      expect(canonicalJson(fromModels)).toBe(canonicalJson(fromFold));
    }
    expect(await verify(store.kysely)).toMatchObject({ ok: true });
  });
});
