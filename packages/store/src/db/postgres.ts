import type { Kysely } from 'kysely';
import { Kysely as KyselyDb, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Db } from './connect.js';
import type { Database } from './schema.js';

/** Any fixed number: the advisory lock every Steerlog writer takes, whichever instance it runs in. */
const APPEND_LOCK = 7_357_001;
const CHANNEL = 'steerlog_events';

/**
 * PostgreSQL through the same Kysely code. Appends serialise on one transaction-scoped advisory
 * lock: a sequence would leave gaps on rollback and could commit positions out of order, while
 * the lock makes "read the head, append after it" atomic across instances, so positions,
 * versions and the hash chain stay gap-free and linear. Each commit sends a NOTIFY (delivered
 * only if the transaction commits) so other instances can push the new events to their clients.
 */
export const openPostgres = (connectionString: string): Db => {
  const pool = new pg.Pool({ connectionString, max: 10 });
  // An idle pooled connection the server ends (a restart, an administrator, a dropped database)
  // must not take the process down: the pool discards it and the next query opens another.
  pool.on('error', () => undefined);
  const kysely = new KyselyDb<Database>({ dialect: new PostgresDialect({ pool }) });
  let listener: pg.Client | null = null;
  return {
    kysely,
    dialect: 'postgres',
    write: (fn, afterCommit) =>
      kysely.connection().execute(async (conn) => {
        await sql`begin`.execute(conn);
        try {
          await sql`select pg_advisory_xact_lock(${APPEND_LOCK})`.execute(conn);
          const result = await fn(conn);
          await sql`select pg_notify(${CHANNEL}, '')`.execute(conn);
          await sql`commit`.execute(conn);
          afterCommit?.(result);
          return result;
        } catch (error) {
          await sql`rollback`.execute(conn).catch(() => {});
          throw error;
        }
      }),
    changedElsewhere: async (trx: Kysely<Database>, knownHead: number) => {
      const row = await trx
        .selectFrom('events')
        .select((eb) => eb.fn.max('position').as('head'))
        .executeTakeFirst();
      return Number(row?.head ?? 0) !== knownHead;
    },
    onCommitElsewhere: async (onCommit) => {
      listener = new pg.Client({ connectionString });
      await listener.connect();
      listener.on('notification', () => onCommit());
      // A dropped listening connection would silently stop live updates from other instances.
      listener.on('error', () => undefined);
      await listener.query(`listen ${CHANNEL}`);
    },
    close: async () => {
      await listener?.end().catch(() => {});
      await kysely.destroy();
    },
  };
};
