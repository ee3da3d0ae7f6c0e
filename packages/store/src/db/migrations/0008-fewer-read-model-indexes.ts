import type { Kysely, Migration } from 'kysely';
import { PostgresAdapter, sql } from 'kysely';

/** The read-model tables that had secondary indexes when this migration was written. */
const tables = ['rm_programmes', 'rm_milestones', 'rm_actions'];

/**
 * Drops the read models' secondary indexes: `rm_programmes (position)`, `rm_milestones
 * (programme_id, workstream_id)` and `rm_actions (programme_id, owner_partner_id)`. No query in
 * read-models.md needs them: every one reads one programme's rows, which its primary key
 * (programme_id first) finds, and `max(position)` reads one row per programme. Each cost pages
 * in every commit that touched its table (the programme's index in every commit). A rebuild
 * names its indexes with a tag, so they are found by table, not by name; primary keys stay.
 * Frozen in time: takes Kysely<any>.
 */
export const fewerReadModelIndexes: Migration = {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- frozen migrations take Kysely<any>
  async up(db: Kysely<any>) {
    const pg = db.getExecutor().adapter instanceof PostgresAdapter;
    for (const table of tables) {
      const { rows } = pg
        ? await sql<{ name: string }>`select i.indexname as name from pg_indexes i
            where i.schemaname = current_schema() and i.tablename = ${table}
            and not exists (select 1 from pg_constraint c where c.conname = i.indexname and c.contype in ('p', 'u'))`.execute(
            db,
          )
        : await sql<{ name: string }>`select name from sqlite_master
            where type = 'index' and tbl_name = ${table} and sql is not null`.execute(db);
      for (const { name } of rows) await db.schema.dropIndex(name).execute();
    }
  },
};
