import type { Command } from '@steerlog/domain';
import { baseline } from '@steerlog/domain/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqlite } from './db/connect.js';
import { Queries } from './queries.js';
import { Store } from './store.js';
import { onPostgres, openTempStore } from './testing.js';

const P = 'versions';
const NOW = new Date('2026-03-01T12:00:00.000Z');
const options = { actor: 'becky', now: NOW };
const raiseRisk = (riskId: string): Command => ({
  type: 'RaiseRisk',
  data: { riskId, title: `Risk ${riskId}`, likelihood: 3, impact: 3 },
});

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});
const given = async () => {
  const t = await openTempStore('steerlog-versions-');
  cleanups.push(t.dispose);
  for (const c of baseline()) await t.store.handle(P, c, options);
  return t;
};

// PostgreSQL has no data_version: every read asks the database, as it did before.
describe.skipIf(onPostgres)('programme versions known without a query (SQLite)', () => {
  it('knows the version of its own commits as each commit ends', async () => {
    const { store, queries } = await given();
    const version = baseline().length;
    expect(store.knownVersion(P)).toBe(version);
    const result = await store.handle(P, raiseRisk('r1'), options);
    expect(store.knownVersion(P)).toBe(result.version);
    expect(await queries.programmeVersion(P)).toBe(version + 1);
  });

  it('asks the database again once another process has committed, and keeps what it read', async () => {
    const { store, queries, path } = await given();
    const other = await Store.open(openSqlite(path));
    cleanups.unshift(() => other.close());
    const theirs = await other.handle(P, raiseRisk('theirs'), options);
    expect(store.knownVersion(P)).toBeUndefined();
    expect(await queries.programmeVersion(P)).toBe(theirs.version);
    expect(store.knownVersion(P)).toBe(theirs.version);
    // A programme only the other process knows.
    await other.handle('elsewhere', { type: 'LaunchProgramme', data: { name: 'Elsewhere' } }, options);
    expect(await new Queries(store.kysely, store).programmeVersion('elsewhere')).toBe(1);
  });

  it('does not keep a version read while this process committed', async () => {
    const { store } = await given();
    const ticket = store.versionTicket();
    const result = await store.handle(P, raiseRisk('r1'), options);
    store.noteVersion(P, result.version - 1, ticket);
    expect(store.knownVersion(P)).toBe(result.version);
  });

  it('forgets versions when the store is told the log changed outside it', async () => {
    const { store } = await given();
    store.invalidate();
    expect(store.knownVersion(P)).toBeUndefined();
  });
});
