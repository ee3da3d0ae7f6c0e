import { baseline } from '@steerlog/domain/testing';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { rebuild } from './rebuild.js';
import type { Store } from './store.js';
import { openTempStore } from './testing.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

/** Indexes on read-model tables besides their primary keys. */
const secondaryIndexes = async (store: Store) => {
  const { rows } =
    store.db.dialect === 'postgres'
      ? await sql<{ name: string }>`select i.indexname as name from pg_indexes i
          where i.schemaname = current_schema() and i.tablename like 'rm\\_%'
          and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`.execute(store.kysely)
      : await sql<{ name: string }>`select name from sqlite_master
          where type = 'index' and tbl_name like 'rm\\_%' escape '\\' and sql is not null`.execute(store.kysely);
  return rows.map((r) => r.name);
};

describe('read-model indexes (every one is more pages per commit)', () => {
  it('are the primary keys only, after the migrations and after a rebuild', async () => {
    const t = await openTempStore('steerlog-indexes-');
    cleanups.push(t.dispose);
    expect(await secondaryIndexes(t.store)).toEqual([]);
    for (const c of baseline()) await t.store.handle('ix', c, { actor: 'becky' });
    await rebuild(t.store.db, t.store.vault);
    t.store.invalidate();
    expect(await secondaryIndexes(t.store)).toEqual([]);
  });
});
