import type { Command } from '@steerlog/domain';
import { baseline } from '@steerlog/domain/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { verify } from './audit.js';
import { openPostgres } from './db/connect.js';
import { Store } from './store.js';
import { modelsAndFold, onPostgres, openTempStore } from './testing.js';

const P = 'round-trips';
const NOW = new Date('2026-03-01T12:00:00.000Z');

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

const raiseRisk = (riskId: string): Command => ({
  type: 'RaiseRisk',
  data: { riskId, title: `Risk ${riskId}`, likelihood: 3, impact: 3 },
});

const given = async () => {
  const t = await openTempStore('steerlog-round-trips-');
  cleanups.push(t.dispose);
  for (const c of baseline()) await t.store.handle(P, c, { actor: 'becky', now: NOW });
  return { ...t, traffic: () => t.store.db.traffic!() };
};

describe.skipIf(!onPostgres)('round trips to PostgreSQL per command', () => {
  it('are two for a command alone in its transaction: begin with the lock and head, then the writes with the commit', async () => {
    const { store, traffic } = await given();
    const before = traffic();
    for (let i = 0; i < 20; i++) await store.handle(P, raiseRisk(`r${i}`), { actor: 'becky', now: NOW });
    const after = traffic();
    expect(after.roundTrips - before.roundTrips).toBe(40);
    // One statement per round trip is what the same writes cost before they were sent together.
    expect((after.statements - before.statements) / 20).toBeGreaterThanOrEqual(6);
    expect((await verify(store.kysely)).ok).toBe(true);
    const { models, fold } = await modelsAndFold(store, P, NOW);
    expect(models).toBe(fold);
  });

  it('are two per transaction for commands that arrive together, a refusal among them appending nothing', async () => {
    const { store, traffic } = await given();
    const before = traffic();
    const outcomes = await Promise.allSettled(
      // r5 twice: the second is refused (risk_exists) and rolls back only itself.
      [...Array.from({ length: 30 }, (_, i) => raiseRisk(`r${i}`)), raiseRisk('r5')].map((c) =>
        store.handle(P, c, { actor: 'becky', now: NOW }),
      ),
    );
    const after = traffic();
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(30);
    expect(outcomes[30]!.status).toBe('rejected');
    // The first command goes alone; the rest wait for it and share the next transaction.
    expect(after.roundTrips - before.roundTrips).toBeLessThanOrEqual(6);
    const versions = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value.version] : [])).sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: 30 }, (_, i) => versions[0]! + i));
    expect((await verify(store.kysely)).ok).toBe(true);
    const { models, fold } = await modelsAndFold(store, P, NOW);
    expect(models).toBe(fold);
  });

  it('stay two when another instance committed in between: its events and keys come with the lock', async () => {
    const { store, traffic, databaseUrl } = await given();
    const other = await Store.open(openPostgres(databaseUrl!));
    cleanups.unshift(() => other.close());
    const heard: number[] = [];
    store.subscribe((events) => heard.push(...events.map((e) => e.position)));
    for (let i = 0; i < 5; i++) {
      // A partner with a named lead: its key is created by the other instance.
      const theirs = await other.handle(
        P,
        { type: 'AddPartner', data: { partnerId: `p${i}`, name: `Partner ${i}`, sector: 'nhs', lead: `Lead ${i}` } },
        { actor: 'becky', now: NOW },
      );
      // The other instance's NOTIFY makes this one read and announce its events, outside any write.
      for (let t = 0; t < 100 && !heard.includes(theirs.position); t++) await new Promise((r) => setTimeout(r, 20));
      expect(heard.at(-1)).toBe(theirs.position);
      const before = traffic();
      const ours = await store.handle(P, raiseRisk(`r${i}`), { actor: 'becky', now: NOW });
      expect(traffic().roundTrips - before.roundTrips).toBe(2);
      expect(ours.version).toBe(theirs.version + 1);
      expect(heard.slice(-2)).toEqual([theirs.position, ours.position]);
    }
    expect((await verify(store.kysely)).ok).toBe(true);
    const { models, fold } = await modelsAndFold(store, P, NOW);
    expect(models).toBe(fold);
    expect(models).toContain('Lead 4');
  });
});
