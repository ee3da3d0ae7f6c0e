import { demoProgrammes, demoSchedule, documentFacts, recordDemo } from '@steerlog/demo';
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

describe('the demo as a lived history, in the store', () => {
  it('writes the simulated recording times in position order, so "known at" a past date is what was recorded by then', async () => {
    const { store, queries } = await temp();
    await recordDemo((programmeId, command, options) => store.handle(programmeId, command, options));
    const events = (await Promise.all(demoProgrammes.map((p) => store.loadEvents(p.programmeId))))
      .flat()
      .sort((a, b) => a.position - b.position);
    const recordedAt = events.map((e) => e.recordedAt);
    expect(recordedAt).toEqual([...recordedAt].sort());
    // Every scheduled instant was written as it was simulated (a correction writes two events at one).
    expect(recordedAt).toEqual(
      demoSchedule().flatMap((s) =>
        Array<string>(s.command.type === 'CorrectEvent' ? 2 : 1).fill(s.command.recordedAt),
      ),
    );
    const { programmeId, lateEntry } = documentFacts['dundee-tsg'];
    const champions = async (knownAt: string) =>
      (await queries.view(programmeId, { asOf: '2021-12-31', knownAt })).champions.map((c) => c.championId);
    expect(await champions('2022-01-18')).toEqual([]);
    expect(await champions(lateEntry.recordedOn)).toEqual([lateEntry.championId]);
    expect(await verify(store.kysely)).toMatchObject({ ok: true });
  });
});
