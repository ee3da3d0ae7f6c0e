import { ERASED } from '@steerlog/domain';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Db } from '../db/connect.js';
import { runSql } from './sql.js';

/** The read-model cells that hold a subject's name: table, name column, id column. */
const cellsOf = (subject: string): { table: string; column: string; id: string }[] => {
  if (subject.startsWith('partner-lead:'))
    return [
      { table: 'rm_partners', column: 'lead', id: 'partner_id' },
      { table: 'rm_highlight_reports', column: 'lead', id: 'partner_id' },
    ];
  if (subject.startsWith('champion:')) return [{ table: 'rm_champions', column: 'name', id: 'champion_id' }];
  if (subject.startsWith('person:'))
    return [
      { table: 'rm_people', column: 'name', id: 'person_id' },
      { table: 'rm_people', column: 'email', id: 'person_id' },
    ];
  return [];
};

/**
 * Runs `erase` (which destroys a person-subject's key) so that afterwards nothing readable of
 * that person is left on disk. The read models hold the name only as ciphertext under that key;
 * on SQLite the key's old bytes would still sit in the freed space of its page and in older WAL
 * frames, so the erasure runs with `secure_delete` (freed space is zeroed) and the WAL is then
 * checkpointed and truncated. The read-model cells of the subject are set to `[erased]`, which
 * is what a rebuild writes for them, so a rebuild still equals the incremental tables.
 *
 * On PostgreSQL the old row versions stay until VACUUM reclaims them; the key is gone from
 * every live row all the same.
 */
export const eraseForGood = async (db: Db, programmeId: string, subject: string, erase: () => Promise<unknown>) => {
  const sqlite = db.dialect === 'sqlite';
  const k = db.kysely as unknown as Kysely<any>;
  if (sqlite) await sql`pragma secure_delete = on`.execute(k);
  try {
    await erase();
    const id = subject.slice(subject.indexOf(':') + 1);
    await db.write(async (trx) => {
      for (const c of cellsOf(subject))
        await runSql(
          trx,
          `update ${c.table} set ${c.column} = ? where programme_id = ? and ${c.id} = ? and ${c.column} is not null`,
          [ERASED, programmeId, id],
        );
    });
    // Copies every page into the database file and empties the WAL, old frames included.
    if (sqlite) await sql`pragma wal_checkpoint(TRUNCATE)`.execute(k);
  } finally {
    if (sqlite) await sql`pragma secure_delete = off`.execute(k);
  }
};
