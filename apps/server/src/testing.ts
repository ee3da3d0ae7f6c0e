import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerOptions } from './server.js';
import { startServer } from './server.js';

/**
 * A real server for tests: a fresh SQLite file in a temp folder, 127.0.0.1, a free port.
 * `close` stops it and removes the folder. Pass `dbPath` to restart on the same file.
 */
export const startTestServer = async (options: Partial<ServerOptions> = {}) => {
  const dir = options.dbPath ? null : mkdtempSync(join(tmpdir(), 'steerlog-server-'));
  const dbPath = options.dbPath ?? join(dir!, 'steerlog.db');
  const server = await startServer({ port: 0, ...options, dbPath, host: '127.0.0.1' });
  return {
    ...server,
    dbPath,
    close: async () => {
      await server.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
};
export type TestServer = Awaited<ReturnType<typeof startTestServer>>;
