import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import type { RecordedEvent } from '@steerlog/domain';
import type { ServerOptions } from '@steerlog/server';
import Fastify from 'fastify';
import { startServer } from '@steerlog/server';
import type { StoreOptions } from '@steerlog/store';
import { Store } from '@steerlog/store';
import { groupCommitSupport } from '../group-commit.js';
import { mb, wallMs } from '../stats.js';
import type { TaskContext } from '../task.js';

export type TxStats = { transactions: number; commands: number };

/**
 * Counts write transactions (calls of the store's `db.write`) of every store opened from now on
 * in this process, by wrapping `Store.open`: with group commit, commands per transaction > 1.
 */
export const countTransactions = (): TxStats => {
  const stats: TxStats = { transactions: 0, commands: 0 };
  const open = Store.open.bind(Store);
  Store.open = async (db, options?: StoreOptions) => {
    const write = db.write;
    db.write = (fn, afterCommit, options) => {
      stats.transactions++;
      return write(fn, afterCommit, options);
    };
    const store = await open(db, options);
    store.subscribe((events) => {
      stats.commands += new Set(events.map((e) => e.meta.correlationId)).size;
    });
    return store;
  };
  return stats;
};

export type ServerReady = { url: string; coordinator: string; viewer: string; groupCommit: string };
export type ServerArgs = {
  dbPath: string;
  /** Record when each event's commit was announced (for the fan-out latency). */
  commitTimes?: boolean;
  /** null: the server as it ships. */
  groupCommit?: boolean | null;
  /** A PostgreSQL database to serve (several servers may share it) instead of `dbPath`. */
  databaseUrl?: string;
};

/**
 * Bench-only hooks, installed before the server opens its store: a commit listener registered
 * ahead of the live hub's (listeners run in order, so its clock reading is the commit, before
 * any fan-out work), and the group-commit switch when only `Store.open` has one.
 */
const installHooks = (args: ServerArgs, commits: number[]) => {
  if (args.commitTimes) {
    const subscribe = Store.prototype.subscribe;
    const hooked = new WeakSet<Store>();
    Store.prototype.subscribe = function (this: Store, listener) {
      if (!hooked.has(this)) {
        hooked.add(this);
        subscribe.call(this, (events: readonly RecordedEvent[]) => {
          const t = wallMs();
          for (const e of events) commits[e.position] = t;
        });
      }
      return subscribe.call(this, listener);
    };
  }
  const support = groupCommitSupport();
  if (args.groupCommit == null || support.server) return 'as shipped';
  if (!support.store) return 'not switchable';
  const open = Store.open.bind(Store);
  Store.open = (db, options?: StoreOptions) => open(db, { ...options, groupCommit: args.groupCommit! });
  return `Store.open({ groupCommit: ${args.groupCommit} })`;
};

/** `profileStart` / `profileStop(path)`: a CPU profile of a window of this process's life, through its own inspector. */
export const profilerOps = () => {
  const session = new Session();
  session.connect();
  const post = <T>(method: string, params?: object) =>
    new Promise<T>((resolve, reject) =>
      session.post(method, params, (error, result) => (error ? reject(error) : resolve(result as T))),
    );
  return {
    profileStart: async () => {
      await post('Profiler.enable');
      await post('Profiler.start');
      return true;
    },
    profileStop: async (path: unknown) => {
      const { profile } = await post<{ profile: object }>('Profiler.stop');
      writeFileSync(path as string, JSON.stringify(profile));
      return path;
    },
  };
};

export const serverTasks = {
  /**
   * The floor for reads: a bare Fastify route that sends the given bytes with the same content
   * type (no auth, no database, no serialisation), on the same kind of process.
   */
  'server-bare-reads': async (args: { body: string; type: string }, ctx: TaskContext) => {
    const app = Fastify({ logger: false });
    app.get('/state', (_req, reply) => reply.type(args.type).send(args.body));
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    await ctx.serve({ url: `http://127.0.0.1:${port}/state` }, { ...profilerOps() });
    await app.close();
    return null;
  },

  /** The real server (`startServer`) on a database file, answering the bench's requests over IPC. */
  'server-run': async (args: ServerArgs, ctx: TaskContext) => {
    const commits: number[] = [];
    let groupCommit = installHooks(args, commits);
    const tx = countTransactions();
    const options: ServerOptions = { dbPath: args.dbPath, port: 0, host: '127.0.0.1', logger: false };
    if (args.databaseUrl) options.databaseUrl = args.databaseUrl;
    if (args.groupCommit != null && groupCommitSupport().server) {
      Object.assign(options, { groupCommit: args.groupCommit });
      groupCommit = `startServer({ groupCommit: ${args.groupCommit} })`;
    }
    const server = await startServer(options);
    const ready: ServerReady = {
      url: server.url,
      coordinator: await server.createToken('coordinator', 'bench-coordinator'),
      viewer: await server.createToken('viewer', 'bench-display'),
      groupCommit,
    };
    await ctx.serve(ready, {
      /** Memory now; with `{ gc: true }` after a full garbage collection (the server runs with --expose-gc). */
      rss: (a) => {
        const gc = (globalThis as { gc?: () => void }).gc;
        if ((a as { gc?: boolean } | undefined)?.gc && gc) gc();
        const m = process.memoryUsage();
        return {
          rssMb: mb(m.rss),
          heapUsedMb: mb(m.heapUsed),
          heapTotalMb: mb(m.heapTotal),
          externalMb: mb(m.external),
          arrayBuffersMb: mb(m.arrayBuffers),
          peakRssMb: process.resourceUsage().maxRSS / 1024,
        };
      },
      ...profilerOps(),
      txStats: () => ({ ...tx }),
      commitTimes: () => commits.flatMap((t, position) => (t === undefined ? [] : [[position, t]])),
    });
    await server.close();
    return null;
  },
};
