import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalJson, fold, toView } from '@steerlog/domain';
import { sql } from 'kysely';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { openPostgres, openSqlite } from './db/connect.js';
import { readModelTables } from './read-models/tables.js';
import { Queries } from './queries.js';
import { Store } from './store.js';

/**
 * Where store and server tests run: SQLite files by default; a fresh database per test on the
 * PostgreSQL server at `STEERLOG_TEST_DATABASE_URL` when it is set (CI runs both).
 */
export const testDatabaseUrl = process.env['STEERLOG_TEST_DATABASE_URL'] || undefined;
export const onPostgres = testDatabaseUrl !== undefined;

/** A fresh, empty PostgreSQL database on the test server; `drop` removes it. */
export const createTestDatabase = async (adminUrl = testDatabaseUrl!) => {
  const name = `steerlog_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const again = new pg.Client({ connectionString: adminUrl });
      await again.connect();
      await again.query(`drop database if exists ${name} with (force)`);
      await again.end();
    },
  };
};

/**
 * A store on a real database: a SQLite file in a fresh temp folder, or a fresh PostgreSQL
 * database when `STEERLOG_TEST_DATABASE_URL` is set; `dispose` closes it and removes it.
 */
export const openTempStore = async (prefix = 'steerlog-test-') => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const path = join(dir, 'steerlog.db');
  const database = onPostgres ? await createTestDatabase() : null;
  const store = await Store.open(database ? openPostgres(database.url) : openSqlite(path));
  return {
    dir,
    path,
    databaseUrl: database?.url,
    store,
    queries: new Queries(store.kysely, store),
    dispose: async () => {
      await store.close().catch(() => {});
      await database?.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};

/**
 * Every row of every read-model table, in key order, each value as SQLite's own `quote()` literal
 * (so an integer stored as a real, or text as a blob, shows): equal dumps are equal bytes.
 */
export const dumpReadModels = async (store: Store): Promise<string> => {
  const parts: string[] = [];
  for (const { name: table, key } of readModelTables) {
    const columns = (
      store.db.dialect === 'sqlite'
        ? await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(store.kysely)
        : await sql<{
            name: string;
          }>`select column_name as name from information_schema.columns where table_name = ${table}`.execute(
            store.kysely,
          )
    ).rows
      .map((c) => c.name)
      .sort();
    // PostgreSQL has no quote(); its text cast of each value, typed by the column, is as exact.
    const literal =
      store.db.dialect === 'sqlite'
        ? (c: string) => sql`quote(${sql.ref(c)})`
        : (c: string) => sql`${sql.ref(c)}::text`;
    const quoted = sql.join(columns.map(literal));
    const order = sql.join(['programme_id', ...key].map((c) => sql.ref(c)));
    const rows = await sql<Record<string, string>>`select ${quoted} from ${sql.table(table)} order by ${order}`.execute(
      store.kysely,
    );
    parts.push(`${table} ${columns.join(',')}`, ...rows.rows.map((r) => Object.values(r).join('|')));
  }
  return parts.join('\n');
};

/** A programme's current state twice, as canonical JSON: from the read models, and from the domain fold of its log. */
export const modelsAndFold = async (store: Store, programmeId: string, now: Date) => {
  const at = now.toISOString();
  const models = await new Queries(store.kysely, store).currentView(programmeId, now);
  const folded = toView(fold(await store.loadEvents(programmeId)), { asOf: at, knownAt: at });
  return { models: canonicalJson(models), fold: canonicalJson(folded) };
};

/**
 * Makes SQLite refuse every write on this connection with SQLITE_READONLY, as a read-only file
 * does (`query_only`; running as root, file permissions cannot make a test database read-only).
 */
export const refuseWrites = async (store: Store, on: boolean) => {
  await sql.raw(`pragma query_only = ${on ? 'on' : 'off'}`).execute(store.kysely);
};
