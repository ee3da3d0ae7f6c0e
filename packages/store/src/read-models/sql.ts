import type { Kysely } from 'kysely';
import { CompiledQuery, PostgresAdapter } from 'kysely';
import { DEFERRABLE } from '../db/pg-pipeline.js';

export type Value = string | number | null;

export const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter;

/**
 * SQL texts built once per (dialect, table, shape). The writes of a command are a handful of
 * fixed statements; building them through Kysely's query builder on every command cost more
 * than running them, and a fixed text also hits the SQLite driver's prepared-statement cache.
 */
const texts = new Map<string, string>();

const placeholders = (pg: boolean, rows: number, width: number) => {
  const parts: string[] = [];
  let n = 0;
  for (let r = 0; r < rows; r++) {
    const row: string[] = [];
    for (let c = 0; c < width; c++) row.push(pg ? `$${++n}` : '?');
    parts.push(`(${row.join(',')})`);
  }
  return parts.join(',');
};

const run = (db: Kysely<any>, text: string, parameters: Value[]) =>
  db.executeQuery(CompiledQuery.raw(text, parameters));

/** Rows per statement: bounded so parameters stay well inside SQLite's and PostgreSQL's limits. */
const CHUNK = 200;

/**
 * Inserts `rows` (values in `columns` order) into `table`; with `conflictKey`, a row whose key
 * exists replaces the stored one (an upsert).
 */
export const insertRows = async (
  db: Kysely<any>,
  table: string,
  columns: readonly string[],
  rows: readonly Value[][],
  conflictKey?: readonly string[],
) => {
  const pg = isPostgres(db);
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const id = `${pg ? 'pg' : 'sq'}|ins|${table}|${chunk.length}|${conflictKey ? 'u' : ''}`;
    let text = texts.get(id);
    if (text === undefined) {
      const update = conflictKey
        ? ` on conflict (${conflictKey.join(',')}) do update set ${columns
            .filter((c) => !conflictKey.includes(c))
            .map((c) => `${c} = excluded.${c}`)
            .join(', ')}`
        : '';
      // Nothing is read back from a read-model write: on PostgreSQL it travels with the commit.
      text = `${pg ? DEFERRABLE : ''}insert into ${table} (${columns.join(',')}) values ${placeholders(pg, chunk.length, columns.length)}${update}`;
      texts.set(id, text);
    }
    await run(db, text, chunk.flat());
  }
};

/** Deletes the rows whose `key` columns equal each of `keys`. */
export const deleteRows = async (db: Kysely<any>, table: string, key: readonly string[], keys: readonly Value[][]) => {
  const pg = isPostgres(db);
  const id = `${pg ? 'pg' : 'sq'}|del|${table}`;
  let text = texts.get(id);
  if (text === undefined) {
    text = `${pg ? DEFERRABLE : ''}delete from ${table} where ${key.map((c, i) => `${c} = ${pg ? `$${i + 1}` : '?'}`).join(' and ')}`;
    texts.set(id, text);
  }
  for (const k of keys) await run(db, text, k);
};

/** Runs a fixed statement with parameters written `?` (turned into `$n` on PostgreSQL). */
export const runSql = (db: Kysely<any>, text: string, parameters: Value[] = []) => {
  const pg = isPostgres(db);
  const id = `${pg ? 'pg' : 'sq'}|raw|${text}`;
  let compiled = texts.get(id);
  if (compiled === undefined) {
    let n = 0;
    compiled = pg ? text.replace(/\?/g, () => `$${++n}`) : text;
    texts.set(id, compiled);
  }
  return run(db, compiled, parameters);
};
