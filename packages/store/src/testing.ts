import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqlite } from './db/connect.js';
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
