import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, testDatabaseUrl } from '@steerlog/store/testing';
import type { ServerOptions } from './server.js';
import { startServer } from './server.js';

/** PostgreSQL test databases by the `dbPath` tests know them by, so a restart finds its data. */
const postgresByPath = new Map<string, Awaited<ReturnType<typeof createTestDatabase>>>();

/**
 * A real server for tests on 127.0.0.1 and a free port: a fresh SQLite file in a temp folder,
 * or a fresh PostgreSQL database when `STEERLOG_TEST_DATABASE_URL` is set. Pass the `dbPath`
 * of a stopped server to restart on the same data. `close` stops it; `dispose` also removes the data.
 */
export const startTestServer = async (options: Partial<ServerOptions> = {}) => {
  const dir = options.dbPath ? null : mkdtempSync(join(tmpdir(), 'steerlog-server-'));
  const dbPath = options.dbPath ?? join(dir!, 'steerlog.db');
  if (testDatabaseUrl && !postgresByPath.has(dbPath)) postgresByPath.set(dbPath, await createTestDatabase());
  const databaseUrl = options.databaseUrl ?? postgresByPath.get(dbPath)?.url;
  const server = await startServer({ port: 0, ...options, dbPath, databaseUrl, host: '127.0.0.1' });
  return {
    ...server,
    dbPath,
    databaseUrl,
    close: async () => {
      await server.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
};
export type TestServer = Awaited<ReturnType<typeof startTestServer>>;
