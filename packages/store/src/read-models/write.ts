import type { ProgrammeState } from '@steerlog/domain';
import type { Kysely } from 'kysely';
import type { Database, EntityTableName } from '../db/schema.js';
import { entityTables } from '../db/schema.js';
import type { ProjectedRows } from './rows.js';
import { diffRows, stateToRows } from './rows.js';

/** Rows per insert statement (4 parameters each, well inside SQLite's and PostgreSQL's limits). */
const UPSERT_CHUNK = 200;

type Tables = { programmes: string; entity: (t: EntityTableName) => string };
export const liveTables: Tables = { programmes: 'rm_programmes', entity: (t) => t };

/**
 * Writes the read models of one programme so they hold `after`, touching only rows that
 * changed since `before` (null: nothing written yet). Runs inside the append's transaction, so
 * the read models never disagree with the log. Returns the rows written, for the next diff.
 */
export const writeProgramme = async (
  trx: Kysely<Database>,
  before: ProjectedRows | null,
  after: ProgrammeState,
  updatedAt: string,
  tables: Tables = liveTables,
): Promise<ProjectedRows> => {
  const db = trx as unknown as Kysely<any>;
  const next = stateToRows(after, before ?? undefined);
  const prev = before;
  const programmeId = after.programmeId ?? '';
  await db
    .insertInto(tables.programmes)
    .values({ programme_id: programmeId, ...next.programme, updated_at: updatedAt })
    .onConflict((oc) => oc.column('programme_id').doUpdateSet({ ...next.programme, updated_at: updatedAt }))
    .execute();
  for (const table of entityTables) {
    const { upserts, deletes } = diffRows(prev?.entities[table] ?? [], next.entities[table]);
    const name = tables.entity(table);
    if (deletes.length > 0)
      await db.deleteFrom(name).where('programme_id', '=', programmeId).where('entity_id', 'in', deletes).execute();
    // Many rows per statement: a rebuild writes every thing of a programme at once.
    for (let i = 0; i < upserts.length; i += UPSERT_CHUNK)
      await db
        .insertInto(name)
        .values(
          upserts
            .slice(i, i + UPSERT_CHUNK)
            .map((row) => ({ programme_id: programmeId, entity_id: row.entity_id, seq: row.seq, doc: row.doc })),
        )
        .onConflict((oc) =>
          oc
            .columns(['programme_id', 'entity_id'])
            .doUpdateSet((eb) => ({ seq: eb.ref('excluded.seq'), doc: eb.ref('excluded.doc') })),
        )
        .execute();
  }
  return next;
};
