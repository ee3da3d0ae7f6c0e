import { fold } from '@steerlog/domain';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { createReadModelTables } from './db/migrations.js';
import type { Database } from './db/schema.js';
import { entityTables } from './db/schema.js';
import { writeProgramme } from './read-models/write.js';
import type { Store } from './store.js';

const SUFFIX = '_next';
const nextTables = { programmes: `rm_programmes${SUFFIX}`, entity: (t: string) => `${t}${SUFFIX}` };
const allTables = ['rm_programmes', ...entityTables];

export type RebuildProgress = { programmes: number; done: number; events: number };

/**
 * Recomputes every read model from the log into fresh tables, then swaps them in with one
 * transaction. Reads keep using the old tables until the swap; commands that land during the
 * build are caught up inside the swap's write lock, so nothing is missed.
 */
export const rebuild = async (store: Store, onProgress: (p: RebuildProgress) => void = () => {}) => {
  const db = store.kysely as unknown as Kysely<any>;
  for (const t of allTables) await db.schema.dropTable(`${t}${SUFFIX}`).ifExists().execute();
  await createReadModelTables(db, SUFFIX, `_${Date.now().toString(36)}`);
  const programmes = (await store.kysely.selectFrom('events').select('programme_id').distinct().execute()).map(
    (r) => r.programme_id,
  );
  const built = new Map<string, number>();
  let events = 0;
  const project = async (trx: Kysely<Database>, programmeId: string) => {
    // Every programme once: keeping them decoded would only fill memory.
    const log = await store.loadEvents(programmeId, trx, false);
    const last = log[log.length - 1]!;
    await writeProgramme(trx, null, fold(log), last.recordedAt, nextTables);
    built.set(programmeId, last.version);
    return log.length;
  };
  for (const [i, programmeId] of programmes.entries()) {
    events += await store.db.write((trx) => project(trx, programmeId));
    onProgress({ programmes: programmes.length, done: i + 1, events });
  }
  await store.db.write(async (trx) => {
    const heads = await trx
      .selectFrom('events')
      .select(['programme_id', (eb) => eb.fn.max('version').as('version')])
      .groupBy('programme_id')
      .execute();
    for (const h of heads) if (built.get(h.programme_id) !== Number(h.version)) await project(trx, h.programme_id);
    for (const t of allTables) {
      await sql`drop table ${sql.table(t)}`.execute(trx);
      await sql`alter table ${sql.table(`${t}${SUFFIX}`)} rename to ${sql.table(t)}`.execute(trx);
    }
    await trx
      .updateTable('checkpoints')
      .set({ position: store.headPosition })
      .where('name', '=', 'read_models')
      .execute();
  });
  store.invalidate();
  return { programmes: programmes.length, events };
};

/** Rebuilds the read models when they are behind the log (a crash between writes, an interrupted import). */
export const catchUp = async (store: Store, onProgress?: (p: RebuildProgress) => void) => {
  if ((await store.checkpoint()) < store.headPosition) return rebuild(store, onProgress);
  return null;
};
