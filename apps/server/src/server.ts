import { fileURLToPath } from 'node:url';
import type { Role } from '@steerlog/domain';
import { catchUp, Grants, openPostgres, openSqlite, Queries, Sessions, Store, Tokens } from '@steerlog/store';
import type { FastifyServerOptions } from 'fastify';
import { buildApp } from './app.js';
import { loadDemo } from './demo.js';
import { Health } from './health.js';
import { LiveGuard } from './live-guard.js';
import type { LiveOptions } from './live-hub.js';
import { LiveHub } from './live-hub.js';
import type { OidcOptions } from './oidc.js';
import { OidcClient } from './oidc.js';

export type ServerOptions = {
  /** SQLite file; ignored when `databaseUrl` is given. */
  dbPath: string;
  /** `postgres://...`: PostgreSQL instead of SQLite. */
  databaseUrl?: string | undefined;
  /** Write commands that arrive together in one transaction (default true). */
  groupCommit?: boolean;
  host?: string;
  port?: number;
  /** Load the demo programmes when the store is empty. */
  demo?: boolean;
  webRoot?: string | undefined;
  logger?: FastifyServerOptions['logger'];
  live?: LiveOptions;
  onDemoProgress?: (done: number, total: number) => void;
  /** Sign-in through an OpenID Connect provider (STEERLOG_OIDC_*); tokens only without it. */
  oidc?: OidcOptions | undefined;
  /** How often open websockets' credentials are checked again (default 15 s). */
  liveRecheckMs?: number;
};

/** How long `close` waits for requests in flight before it cuts every connection. */
const CLOSE_GRACE_MS = 5_000;

export const defaultWebRoot = fileURLToPath(new URL('../../web/dist', import.meta.url));

/**
 * Opens the store, catches the read models up, loads the demo into an empty store if asked,
 * and listens. `close` stops accepting, lets requests in flight finish (for up to 5 s), then
 * closes the database.
 */
export const startServer = async (options: ServerOptions) => {
  const db = options.databaseUrl ? openPostgres(options.databaseUrl) : openSqlite(options.dbPath);
  const store = await Store.open(db, { groupCommit: options.groupCommit ?? true });
  await catchUp(store.db, store.vault);
  store.invalidate();
  const queries = new Queries(store.kysely, store);
  const tokens = new Tokens(store.kysely);
  const sessions = new Sessions(store.kysely);
  const grants = new Grants(store.kysely);
  const oidc = options.oidc ? new OidcClient(options.oidc) : undefined;
  const demoLoaded = options.demo && store.headPosition === 0 ? await loadDemo(store, options.onDemoProgress) : null;
  const health = new Health(store);
  const hub = new LiveHub(store, queries, options.live);
  const guard = new LiveGuard(
    { tokens, sessions, grants, adminEmails: new Set(options.oidc?.admins ?? []) },
    options.liveRecheckMs,
  );
  const app = await buildApp({
    store,
    queries,
    tokens,
    sessions,
    grants,
    oidc,
    hub,
    guard,
    health,
    webRoot: options.webRoot,
    logger: options.logger,
  });
  await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 3000 });
  void health.verifyAtStart((r) =>
    app.log.error({ firstBadPosition: r.firstBadPosition }, 'hash chain verification failed: the store was edited'),
  );
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 3000);
  const url = `http://${options.host ?? '127.0.0.1'}:${port}`;
  let closing: Promise<void> | null = null;
  return {
    app,
    store,
    queries,
    tokens,
    sessions,
    grants,
    guard,
    oidc,
    /** The live hub (its `size` is the number of websocket clients it holds). */
    hub,
    url,
    port,
    demoLoaded,
    createToken: async (role: Role, name: string, partnerId?: string, programmeId?: string) =>
      (await tokens.create({ role, name, partnerId, programmeId })).token,
    close: () =>
      (closing ??= (async () => {
        hub.close();
        guard.close();
        // Node counts a connection that has not sent a request yet as busy, so one silent client
        // would hold close() until its 60 s headers timeout: requests in flight get this long.
        const cutOff = setTimeout(() => app.server.closeAllConnections(), CLOSE_GRACE_MS);
        await app.close().finally(() => clearTimeout(cutOff));
        await store.close();
      })()),
  };
};
export type RunningServer = Awaited<ReturnType<typeof startServer>>;
