import type { Compilable, CompiledQuery, Kysely, QueryResult } from 'kysely';
import { PostgresAdapter } from 'kysely';
import { DEFERRABLE } from './pg-pipeline.js';
import type { Database } from './schema.js';

/**
 * A query of the hot path built with Kysely once per dialect and then run with fresh parameters:
 * building and compiling a query costs more than running one of these small statements. `build`
 * writes each parameter as its own name; `run` gives the values by name. A `deferrable` write
 * (one whose caller needs no answer) may travel with the next statement on PostgreSQL.
 */
export const compiledOnce = <TName extends string, TRow = unknown>(
  build: (db: Kysely<Database>, param: (name: TName) => string) => Compilable<TRow>,
  options: { deferrable?: boolean } = {},
) => {
  // Keyed on the dialect's adapter: the same for a database and every transaction on it.
  const byDialect = new WeakMap<object, { query: CompiledQuery<TRow>; names: TName[] }>();
  return (db: Kysely<Database>, values: Record<TName, unknown>): Promise<QueryResult<TRow>> => {
    const adapter = db.getExecutor().adapter;
    let compiled = byDialect.get(adapter);
    if (!compiled) {
      let query = build(db, (name) => name).compile();
      if (options.deferrable && adapter instanceof PostgresAdapter) query = { ...query, sql: DEFERRABLE + query.sql };
      compiled = { query, names: query.parameters as TName[] };
      byDialect.set(adapter, compiled);
    }
    return db.executeQuery({ ...compiled.query, parameters: compiled.names.map((n) => values[n]) });
  };
};
