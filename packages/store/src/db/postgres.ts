import type { Kysely } from 'kysely';
import { CompiledQuery, Kysely as KyselyDb, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Db } from './connect.js';
import { pipelinedPool, WRITE_BEGIN, WRITE_COMMIT, WRITE_ROLLBACK } from './pg-pipeline.js';
import type { Database } from './schema.js';

/** Any fixed number: the advisory lock every Steerlog writer takes, whichever instance it runs in. */
const APPEND_LOCK = 7_357_001;
const CHANNEL = 'steerlog_events';

export type PostgresOptions = {
  /** Connections in this instance's pool (default 10); a write holds one for its transaction. */
  poolSize?: number;
};

/**
 * PostgreSQL through the same Kysely code. Appends serialise on one transaction-scoped advisory
 * lock: a sequence would leave gaps on rollback and could commit positions out of order, while
 * the lock makes "read the head, append after it" atomic across instances, so positions,
 * versions and the hash chain stay gap-free and linear. Each commit sends a NOTIFY (delivered
 * only if the transaction commits) so other instances can push the new events to their clients.
 *
 * A write transaction is two round trips when nothing needs reading inside it (see
 * `pg-pipeline.ts`): `begin` + lock + head, then the writes + NOTIFY + `commit`. The lock is
 * held from the first to the end of the second, which is as long as the head it read must stay
 * the head. `synchronous_commit=on` is set on every connection: a command is acknowledged only
 * once its commit is flushed to the server's WAL, whatever the server's default.
 */
export const openPostgres = (connectionString: string, options: PostgresOptions = {}): Db => {
  const pool = new pg.Pool({ connectionString, max: options.poolSize ?? 10, options: '-c synchronous_commit=on' });
  // An idle pooled connection the server ends (a restart, an administrator, a dropped database)
  // must not take the process down: the pool discards it and the next query opens another.
  pool.on('error', () => undefined);
  const traffic = { roundTrips: 0, statements: 0 };
  const backends = new Set<number>();
  const kysely = new KyselyDb<Database>({
    dialect: new PostgresDialect({
      pool: pipelinedPool(
        pool,
        {
          lock: APPEND_LOCK,
          channel: CHANNEL,
          onRoundTrip: (n) => {
            traffic.roundTrips++;
            traffic.statements += n;
          },
        },
        backends,
      ),
    }),
  });
  // The head each write transaction read with its lock, for `changedElsewhere`.
  const heads = new WeakMap<Kysely<Database>, number>();
  let listener: pg.Client | null = null;
  return {
    kysely,
    dialect: 'postgres',
    write: (fn, afterCommit) =>
      kysely.connection().execute(async (conn) => {
        const { rows } = await conn.executeQuery<{ head: string }>(CompiledQuery.raw(WRITE_BEGIN));
        heads.set(conn, Number(rows[0]?.head ?? 0));
        try {
          const result = await fn(conn);
          await conn.executeQuery(CompiledQuery.raw(WRITE_COMMIT));
          afterCommit?.(result);
          return result;
        } catch (error) {
          await conn.executeQuery(CompiledQuery.raw(WRITE_ROLLBACK)).catch(() => {});
          throw error;
        }
      }),
    changedElsewhere: async (trx: Kysely<Database>, knownHead: number) => {
      const head = heads.get(trx);
      if (head !== undefined) return head !== knownHead;
      const row = await trx
        .selectFrom('events')
        .select((eb) => eb.fn.max('position').as('head'))
        .executeTakeFirst();
      return Number(row?.head ?? 0) !== knownHead;
    },
    onCommitElsewhere: async (onCommit) => {
      listener = new pg.Client({ connectionString });
      await listener.connect();
      // This instance's own commits are announced as they commit; reading them back would cost
      // two queries per commit for nothing.
      listener.on('notification', (n) => {
        if (!backends.has(n.processId)) onCommit();
      });
      // A dropped listening connection would silently stop live updates from other instances.
      listener.on('error', () => undefined);
      await listener.query(`listen ${CHANNEL}`);
    },
    traffic: () => ({ ...traffic }),
    close: async () => {
      await listener?.end().catch(() => {});
      await kysely.destroy();
    },
  };
};
