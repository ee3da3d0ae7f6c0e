import { fileURLToPath } from 'node:url';
import type { Role } from '@steerlog/domain';
import {
  catchUp,
  checkAgainstSideFile,
  CheckpointFile,
  Checkpointer,
  defaultIntegrityPaths,
  Grants,
  openPostgres,
  openSqlite,
  Queries,
  ReminderClaims,
  Sessions,
  SigningKey,
  Store,
  Tokens,
} from '@steerlog/store';
import type { FastifyServerOptions } from 'fastify';
import { buildApp } from './app.js';
import { loadDemo } from './demo.js';
import { Health } from './health.js';
import { LiveGuard } from './live-guard.js';
import type { LiveOptions } from './live-hub.js';
import { LiveHub } from './live-hub.js';
import type { OidcOptions } from './oidc.js';
import { OidcClient } from './oidc.js';
import type { MailOptions } from './reminders/mailer.js';
import { smtpMailer } from './reminders/mailer.js';
import { Reminders } from './reminders/reminders.js';

export type ServerOptions = {
  /** SQLite file; ignored when `databaseUrl` is given. */
  dbPath: string;
  /** `postgres://...`: PostgreSQL instead of SQLite. */
  databaseUrl?: string | undefined;
  /** PostgreSQL: connections in this instance's pool (default 10). */
  poolSize?: number | undefined;
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
  /**
   * How long a token's principal answers for it without a database read (default 1 s): the
   * longest another process's revocation of a token can go unseen here (docs/operations.md).
   */
  tokenHoldMs?: number;
  /** PEM Ed25519 private key that signs checkpoints (default: created beside the database). */
  signingKeyPath?: string | undefined;
  /** The side file of signed checkpoints (default: beside the database). */
  checkpointFile?: string | undefined;
  /** Sign at least every this many events (default 1,000). */
  checkpointEvery?: number | undefined;
  /** Start even though the store is shorter than its last signed checkpoint. */
  acceptTruncation?: boolean | undefined;
  /** Reporting reminders by e-mail (STEERLOG_SMTP_URL, STEERLOG_MAIL_FROM); none without. */
  mail?: MailOptions | undefined;
  /** The address people reach the web client at, for links in mails (default the server's URL). */
  publicUrl?: string | undefined;
  /** Days before a round's due date the due-soon reminder goes (default 3). */
  reminderDays?: number | undefined;
  /** The reminders' clock (tests move it); default the system's. */
  now?: (() => Date) | undefined;
  /** Reminder schedule timings (ms): how often it runs (0: never on its own), claim lease, retry after a failure. */
  reminderIntervalMs?: number | undefined;
  reminderLeaseMs?: number | undefined;
  reminderRetryMs?: number | undefined;
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
  const db = options.databaseUrl
    ? openPostgres(options.databaseUrl, { poolSize: options.poolSize })
    : openSqlite(options.dbPath);
  const store = await Store.open(db, { groupCommit: options.groupCommit ?? true });
  const defaults = defaultIntegrityPaths(options.dbPath, options.databaseUrl !== undefined);
  const sideFile = new CheckpointFile(options.checkpointFile ?? defaults.checkpointFile);
  let truncated = 0;
  let checkpointer: Checkpointer;
  try {
    // Before anything is served or appended: a store shorter than what it signed must not reuse positions.
    ({ truncated } = await checkAgainstSideFile(store.kysely, sideFile, {
      acceptTruncation: options.acceptTruncation,
    }));
    checkpointer = new Checkpointer(
      db,
      SigningKey.loadOrCreate(options.signingKeyPath ?? defaults.signingKey),
      sideFile,
      {
        every: options.checkpointEvery,
      },
    );
    await checkpointer.start();
  } catch (error) {
    await store.close();
    throw error;
  }
  store.subscribe((events) => checkpointer.onCommit(events));
  await catchUp(store.db, store.vault);
  store.invalidate();
  const queries = new Queries(store.kysely, store);
  const tokens = new Tokens(store.kysely, { holdMs: options.tokenHoldMs ?? 1000 });
  const sessions = new Sessions(store.kysely);
  const grants = new Grants(store.kysely);
  const oidc = options.oidc ? new OidcClient(options.oidc) : undefined;
  const demoLoaded = options.demo && store.headPosition === 0 ? await loadDemo(store, options.onDemoProgress) : null;
  const health = new Health(store, options.databaseUrl ? undefined : options.dbPath);
  const hub = new LiveHub(store, queries, options.live);
  const guard = new LiveGuard(
    { tokens, sessions, grants, adminEmails: new Set(options.oidc?.admins ?? []) },
    options.liveRecheckMs,
  );
  const reminders = new Reminders(store, queries, new ReminderClaims(db), {
    mailer: options.mail ? smtpMailer(options.mail) : undefined,
    get publicUrl() {
      // Read when a mail is written, after the server knows its own address.
      return options.publicUrl ?? url;
    },
    days: options.reminderDays ?? 3,
    now: options.now ?? (() => new Date()),
    leaseMs: options.reminderLeaseMs,
    retryMs: options.reminderRetryMs,
    intervalMs: options.reminderIntervalMs,
  });
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
    checkpointer,
    reminders,
    webRoot: options.webRoot,
    logger: options.logger,
  });
  checkpointer.onError = (error) =>
    app.log.error({ err: error }, 'signing a checkpoint failed; retried at the next commit');
  if (truncated > 0)
    app.log.warn(
      { head: store.headPosition, missing: truncated },
      'started on a truncated store (--accept-truncation)',
    );
  // A log that grew unsigned (an import, a store older than checkpoints) is signed now.
  checkpointer.catchUp(store.headPosition);
  await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 3000 });
  void health.verifyAtStart((r) =>
    app.log.error({ firstBadPosition: r.firstBadPosition }, 'hash chain verification failed: the store was edited'),
  );
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 3000);
  const url = `http://${options.host ?? '127.0.0.1'}:${port}`;
  reminders.log = app.log;
  reminders.start();
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
    checkpointer,
    reminders,
    /** Events the store was missing at start, when started with `acceptTruncation`. */
    truncated,
    createToken: async (role: Role, name: string, partnerId?: string, programmeId?: string) =>
      (await tokens.create({ role, name, partnerId, programmeId })).token,
    close: () =>
      (closing ??= (async () => {
        hub.close();
        guard.close();
        await reminders.close();
        // Node counts a connection that has not sent a request yet as busy, so one silent client
        // would hold close() until its 60 s headers timeout: requests in flight get this long.
        const cutOff = setTimeout(() => app.server.closeAllConnections(), CLOSE_GRACE_MS);
        await app.close().finally(() => clearTimeout(cutOff));
        await checkpointer.close();
        await store.close();
      })()),
  };
};
export type RunningServer = Awaited<ReturnType<typeof startServer>>;
