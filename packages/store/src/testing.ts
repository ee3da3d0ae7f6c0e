import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalJson, fold, toView } from '@steerlog/domain';
import { sql } from 'kysely';
import { openSqlite } from './db/connect.js';
import { entityTables } from './db/schema.js';
import { Queries } from './queries.js';
import { Store } from './store.js';

/** A store on a real SQLite file in a fresh temp folder; `dispose` closes it and removes the folder. */
export const openTempStore = async (prefix = 'steerlog-test-') => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const path = join(dir, 'steerlog.db');
  const store = await Store.open(openSqlite(path));
  return {
    dir,
    path,
    store,
    queries: new Queries(store),
    dispose: async () => {
      await store.close().catch(() => {});
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
  for (const table of ['rm_programmes', ...entityTables]) {
    const columns = (
      await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(store.kysely)
    ).rows
      .map((c) => c.name)
      .sort();
    const quoted = sql.join(columns.map((c) => sql`quote(${sql.ref(c)})`));
    const order = table === 'rm_programmes' ? sql`programme_id` : sql`programme_id, entity_id`;
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
  const models = await new Queries(store).currentView(programmeId, now);
  const folded = toView(fold(await store.loadEvents(programmeId)), { asOf: at, knownAt: at });
  return { models: canonicalJson(models), fold: canonicalJson(folded) };
};
