import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
export { openPostgres } from './postgres.js';
import type { CommitNotice } from './pg-notify.js';
import type { HeadMoved } from './pg-pipeline.js';
import type { Database, EventRow } from './schema.js';
export { HeadMoved } from './pg-pipeline.js';
export type { CommitNotice } from './pg-notify.js';

export type WriteOptions = {
  /**
   * PostgreSQL: take the lock only in the transaction's last message (or the first that writes)
   * and check there that the log's head is still the one the caller named with `expectHead`; the
   * transaction fails with `HeadMoved` when it is not. SQLite takes its lock up front regardless.
   */
  optimistic?: boolean;
  /** PostgreSQL: the head this process knows; the first message also brings the events after it (`seenAtBegin`). */
  readAfter?: number;
  /**
   * Optimistic: called when the head check fails, before `fn` runs again in the same
   * transaction, now holding the lock (its first message having brought what moved the head):
   * forget what `fn` cached on the failed pass. Without it, `write` fails with `HeadMoved`.
   */
  onHeadMoved?: (error: HeadMoved) => Promise<void>;
};

export type Db = {
  kysely: Kysely<Database>;
  dialect: 'sqlite' | 'postgres';
  /** SQLite: the database file, where another connection (a rebuild's insert worker) may open it. */
  file?: string;
  /**
   * SQLite: a read on this connection (inside `write`, the transaction's) whose rows are arrays
   * of their columns in the order selected; a rebuild reads a million rows and needs no objects.
   */
  selectArrays?: (text: string, parameters: readonly (string | number | null)[]) => unknown[][];
  /**
   * Runs `fn` as the only writer: on SQLite `BEGIN IMMEDIATE` takes the write lock before the
   * first read, so a check (expected version, idempotency key, chain head) and the append that
   * follows cannot interleave with another process's. `afterCommit` runs once the commit is
   * durable and before the next writer starts, so commits are announced in position order.
   */
  write: <T>(
    fn: (trx: Kysely<Database>) => Promise<T>,
    afterCommit?: (result: T) => void,
    options?: WriteOptions,
  ) => Promise<T>;
  /**
   * Inside `write`: false when no other connection has committed since this process last wrote
   * (its head is `knownHead`), so state cached in this process is still current.
   */
  changedElsewhere: (trx: Kysely<Database>, knownHead: number) => Promise<boolean>;
  /**
   * SQLite: a number that changes whenever another connection commits (and only then), read at
   * once without waiting for a transaction; what a read may key this process's knowledge on.
   */
  othersMark?: () => number;
  /**
   * PostgreSQL: what the write transaction's first message brought: the head, and with
   * `readAfter`, the events after it (up to a page) and the keys if there were any. Undefined
   * when an optimistic transaction read nothing.
   */
  seenAtBegin?: (
    trx: Kysely<Database>,
  ) => { head: number; events?: EventRow[]; keys?: { subject: string; key: string | null }[] } | undefined;
  /** PostgreSQL, optimistic writes: the head the transaction's decisions rest on. */
  expectHead?: (trx: Kysely<Database>, head: number) => Promise<void>;
  /** PostgreSQL: the rows the transaction appends, carried to other instances in its NOTIFY payloads. */
  announce?: (trx: Kysely<Database>, rows: readonly EventRow[]) => void;
  /**
   * Calls `listener` when another process commits, where the database can say so (PostgreSQL),
   * with what the commit's NOTIFY carried: its events, their positions, or null (read the log).
   */
  onCommitElsewhere: (listener: (notice: CommitNotice | null) => void) => Promise<void>;
  /**
   * Writes a consistent snapshot of the whole database to `file` while other connections keep
   * writing (SQLite's online backup API). Undefined where the database has its own tools
   * (PostgreSQL: pg_dump).
   */
  backup?: (file: string) => Promise<void>;
  /**
   * Messages sent to the database server and answered so far, and the statements they carried
   * (PostgreSQL, where each round trip costs more than a small statement; one statement per
   * round trip is what plain `pg` would have sent).
   */
  traffic?: () => { roundTrips: number; statements: number };
  close: () => Promise<void>;
};

/**
 * better-sqlite3 with prepared statements kept per SQL text. Kysely prepares every query afresh,
 * and preparing costs more than running the small statements of an append; the SQL texts of the
 * hot path are few and fixed, so the cache stays small (bounded all the same).
 */
const withStatementCache = (database: SqliteDatabase.Database, limit = 256) => {
  const statements = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => database.close(),
    prepare: (text: string) => {
      let statement = statements.get(text);
      if (!statement) {
        if (statements.size >= limit) statements.clear();
        statement = database.prepare(text);
        statements.set(text, statement);
      }
      return statement;
    },
  };
};

/**
 * Durability pragmas. WAL lets readers run while one writer commits; `synchronous=FULL` fsyncs
 * the WAL at every commit, so a command acknowledged with 201 survives a power cut, not only a
 * process crash (NORMAL would only promise the latter in WAL mode).
 */
export const sqlitePragmas = {
  journal_mode: 'WAL',
  synchronous: 'FULL',
  foreign_keys: 'ON',
  busy_timeout: 10_000,
} as const;

export const openSqlite = (path: string): Db => {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const database = new SqliteDatabase(path);
  for (const [name, value] of Object.entries(sqlitePragmas)) database.pragma(`${name} = ${value}`);
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(database) }) });
  let dataVersion = -1;
  // Prepared once: it is read at every write transaction.
  const readDataVersion = database.prepare('pragma data_version').pluck();
  const arrays = new Map<string, SqliteDatabase.Statement>();
  return {
    kysely,
    dialect: 'sqlite',
    ...(path === ':memory:' || path === '' ? {} : { file: path }),
    selectArrays: (text, parameters) => {
      let statement = arrays.get(text);
      if (!statement) {
        // Few texts (a rebuild's two), so the cache needs no bound.
        statement = database.prepare(text).raw(true);
        arrays.set(text, statement);
      }
      return statement.all(...parameters) as unknown[][];
    },
    // data_version moves only when another connection commits, so our own appends never trip it.
    changedElsewhere: async () => {
      const now = readDataVersion.get() as number;
      const changed = now !== dataVersion;
      dataVersion = now;
      return changed;
    },
    othersMark: () => readDataVersion.get() as number,
    // SQLite has no cross-process notification; another process's commits reach this one's
    // listeners when it next writes (see Store.publishExternal).
    onCommitElsewhere: async () => {},
    // SQLite's backup restarts whenever another connection commits between two steps, so the file
    // it leaves is always one committed state. After the first step, the next copies every page at
    // once (under one read transaction), so a busy writer cannot keep the backup restarting.
    backup: async (file) => {
      await database.backup(file, { progress: ({ totalPages }) => Math.max(totalPages, 100) });
    },
    write: (fn, afterCommit) =>
      kysely.connection().execute(async (conn) => {
        await sql`begin immediate`.execute(conn);
        try {
          const result = await fn(conn);
          await sql`commit`.execute(conn);
          afterCommit?.(result);
          return result;
        } catch (error) {
          if (database.inTransaction) await sql`rollback`.execute(conn);
          throw error;
        }
      }),
    close: () => kysely.destroy(),
  };
};
