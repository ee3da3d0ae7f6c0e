import type { Kysely } from 'kysely';
import { CompiledQuery, Kysely as KyselyDb, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Db } from './connect.js';
import { noticesOf, readNotice } from './pg-notify.js';
import {
  FOREIGN_LIMIT,
  HeadMoved,
  pipelinedPool,
  WRITE_BEGIN,
  WRITE_COMMIT,
  WRITE_EXPECT,
  WRITE_RESUME,
  WRITE_ROLLBACK,
  WRITE_START,
  writeBeginAfter,
  writeStartAfter,
} from './pg-pipeline.js';
import type { Database, EventRow } from './schema.js';

/** Any fixed number: the advisory lock every Steerlog writer takes, whichever instance it runs in. */
const APPEND_LOCK = 7_357_001;
const CHANNEL = 'steerlog_events';

/** What a write transaction's first message brought back. */
type Begun = { head: number; events?: EventRow[]; keys?: { subject: string; key: string | null }[] };

export type PostgresOptions = {
  /** Connections in this instance's pool (default 10); a write holds one for its transaction. */
  poolSize?: number | undefined;
};

/**
 * PostgreSQL through the same Kysely code. Appends serialise on one transaction-scoped advisory
 * lock: a sequence would leave gaps on rollback and could commit positions out of order, while
 * the lock makes "read the head, append after it" atomic across instances, so positions,
 * versions and the hash chain stay gap-free and linear. Each commit sends a NOTIFY (delivered
 * only if the transaction commits) so other instances can push the new events to their clients.
 *
 * A write transaction is two round trips when nothing needs reading inside it (see
 * `pg-pipeline.ts`): `begin` + lock + head, then the writes + NOTIFY + `commit`, the lock held
 * from the first to the end of the second. The command path writes `optimistic`ally instead:
 * decided against the head it knows (read without the lock only when it asks), then one
 * message takes the lock, checks the head is still that one (`HeadMoved` when not), writes and
 * commits, so the lock is held for that message's work on the server only. Each commit's
 * events travel in its NOTIFY payloads (`pg-notify.ts`). `synchronous_commit=on` is set on
 * every connection: a command is acknowledged only once its commit is flushed to the server's
 * WAL, whatever the server's default.
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
  // What each write transaction's first message brought, for `changedElsewhere` and `seenAtBegin`.
  const begun = new WeakMap<Kysely<Database>, Begun>();
  // The rows each write transaction appends, for its NOTIFY payloads.
  const announced = new WeakMap<Kysely<Database>, readonly EventRow[]>();
  let listener: pg.Client | null = null;
  return {
    kysely,
    dialect: 'postgres',
    write: (fn, afterCommit, options = {}) =>
      kysely.connection().execute(async (conn) => {
        const { optimistic = false, readAfter, onHeadMoved } = options;
        const text = optimistic
          ? readAfter === undefined
            ? WRITE_START
            : writeStartAfter(readAfter)
          : readAfter === undefined
            ? WRITE_BEGIN
            : writeBeginAfter(readAfter);
        const start = async (query: CompiledQuery) => {
          const { rows } = await conn.executeQuery<{ head: string; events?: EventRow[]; keys?: Begun['keys'] }>(query);
          announced.delete(conn);
          const row = rows[0];
          if (!row) return begun.delete(conn);
          const events = row.events?.map((r) => ({ ...r, position: Number(r.position), version: Number(r.version) }));
          begun.set(conn, {
            // Read without the lock, the events may go past the head read a statement earlier.
            head: Math.max(Number(row.head), events?.at(-1)?.position ?? 0),
            // A full page may not be all of them: then the store reads the log itself.
            ...(events && events.length < FOREIGN_LIMIT ? { events, keys: row.keys ?? [] } : {}),
          });
        };
        await start(CompiledQuery.raw(text));
        for (let resumed = false; ; resumed = true) {
          try {
            const result = await fn(conn);
            await conn.executeQuery(CompiledQuery.raw(WRITE_COMMIT, noticesOf(announced.get(conn) ?? [])));
            afterCommit?.(result);
            return result;
          } catch (error) {
            if (error instanceof HeadMoved && onHeadMoved && !resumed) {
              // Decided again under the lock the failed check waited for: nothing can move the head now.
              await onHeadMoved(error);
              await start(CompiledQuery.raw(WRITE_RESUME, [error.expected]));
              continue;
            }
            await conn.executeQuery(CompiledQuery.raw(WRITE_ROLLBACK)).catch(() => {});
            throw error;
          }
        }
      }),
    changedElsewhere: async (trx: Kysely<Database>, knownHead: number) => {
      const seen = begun.get(trx);
      // Optimistic and nothing read: assume not; the head check under the lock says for sure.
      return seen !== undefined && seen.head !== knownHead;
    },
    expectHead: async (trx, head) => {
      await trx.executeQuery(CompiledQuery.raw(WRITE_EXPECT, [head]));
    },
    announce: (trx, rows) => {
      announced.set(trx, rows);
    },
    onCommitElsewhere: async (onCommit) => {
      listener = new pg.Client({ connectionString });
      await listener.connect();
      // This instance's own commits are announced as they commit; reading them back would cost
      // two queries per commit for nothing.
      listener.on('notification', (n) => {
        if (!backends.has(n.processId)) onCommit(readNotice(n.payload ?? ''));
      });
      // A dropped listening connection would silently stop live updates from other instances.
      listener.on('error', () => undefined);
      await listener.query(`listen ${CHANNEL}`);
    },
    seenAtBegin: (trx) => begun.get(trx),
    traffic: () => ({ ...traffic }),
    close: async () => {
      await listener?.end().catch(() => {});
      await kysely.destroy();
    },
  };
};
