import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import type { Loader } from '../child.js';
import { profileWindow, startService, wantsProfile } from '../child.js';
import { benchRoot, runs, sizes } from '../config.js';
import type { LoadRun } from '../http.js';
import { load, waitReady } from '../http.js';
import { removeScratch, scratchDir } from '../scratch.js';
import { programmeName } from '../seed.js';
import type { Dataset } from './rebuild.js';
import type { ServerReady } from './server.js';

type Rss = {
  rssMb: number;
  heapUsedMb: number;
  heapTotalMb: number;
  externalMb: number;
  arrayBuffersMb: number;
  peakRssMb: number;
};

export type ReadsResult = {
  /** How the server was started: built JavaScript as `pnpm start` runs it, `esbuild` (the bench's loader) when profiled. */
  loader: Loader;
  events: number;
  /** From starting the server process to `/readyz` answering 200, on a restart. */
  readySeconds: number;
  /** The same on the very first start, when nothing was verified before (the whole chain is checked). */
  firstReadySeconds: number;
  /** The slowest `/readyz` answer while it waited (the chain is verified on the event loop). */
  slowestReadyzMs: number;
  /** The same server on an empty database, after start and `/readyz`. */
  rssEmptyDatabase: Rss;
  rssAfterStart: Rss;
  rssAfterFewReads: Rss;
  rssAfterLoad: Rss;
  /** After the load and a forced full GC: what the server holds, not what V8 has not yet given back. */
  rssAfterGc: Rss;
  state: LoadRun[];
  /** A bare Fastify route sending the very bytes GET state sent: the floor for reads. */
  bare: LoadRun[];
  /** Bytes of one GET state answer. */
  stateBytes: number;
  highlight: LoadRun[];
};

/**
 * Suite 6 and the memory figure: the real server (a child process running the built JavaScript,
 * as `pnpm start` does) on suite 3's database.
 * It waits for `/readyz` (read models current, chain verified in the background at start),
 * reads a little and reports its RSS, then takes 50 connections of GET state and of the
 * highlight report for a typical programme.
 */
const emptyServerRss = async (loader: Loader) => {
  const dir = scratchDir('empty');
  try {
    const server = await startService<ServerReady>(
      'server-run',
      { dbPath: join(dir, 'steerlog.db') },
      ['--expose-gc'],
      loader,
    );
    try {
      await waitReady(server.ready.url, 30_000);
      return await server.request<Rss>('rss', { gc: true });
    } finally {
      await server.stop();
    }
  } finally {
    removeScratch(dir);
  }
};

export const runReads = async (data: Dataset, log: (s: string) => void): Promise<ReadsResult> => {
  const { connections, seconds } = sizes.reads;
  // As `pnpm start` runs it, unless its profile is wanted (source maps of the build would do, but
  // the loader's output names functions as written).
  const loader: Loader =
    wantsProfile('server-reads-state') || wantsProfile('server-reads-highlight') ? 'esbuild' : 'built';
  if (loader === 'built') execFileSync('pnpm', ['exec', 'tsc', '-b', 'apps/server'], { cwd: join(benchRoot, '..') });
  const rssEmptyDatabase = await emptyServerRss(loader);
  // A first start on the seeded database verifies the whole chain (nothing was verified before)
  // and keeps the position it verified; the figures below are of the restart after it.
  const first = performance.now();
  const firstServer = await startService<ServerReady>('server-run', { dbPath: data.path }, [], loader);
  await waitReady(firstServer.ready.url, 600_000);
  const firstReadySeconds = (performance.now() - first) / 1000;
  await firstServer.stop();
  log(`reads: first start ready after ${firstReadySeconds.toFixed(1)} s (whole chain verified at start)`);
  const spawned = performance.now();
  const server = await startService<ServerReady>('server-run', { dbPath: data.path }, ['--expose-gc'], loader);
  try {
    const { url, viewer, coordinator } = server.ready;
    const rssAfterStart = await server.request<Rss>('rss');
    const { slowestMs: slowestReadyzMs } = await waitReady(url, 300_000);
    const readySeconds = (performance.now() - spawned) / 1000;
    log(
      `reads: server ready ${readySeconds.toFixed(1)} s after its restart; slowest /readyz ${slowestReadyzMs.toFixed(0)} ms`,
    );
    const programme = programmeName(1);
    const statePath = `${url}/api/programmes/${programme}/state`;
    const highlightPath = `${url}/api/programmes/${programme}/reports/highlight`;
    for (let i = 0; i < 5; i++) {
      for (const [path, token] of [
        [statePath, viewer],
        [highlightPath, coordinator],
      ] as const) {
        const res = await fetch(path, { headers: { authorization: `Bearer ${token}` } });
        if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
        await res.arrayBuffer();
      }
    }
    const rssAfterFewReads = await server.request<Rss>('rss');
    log(`reads: server RSS ${rssAfterFewReads.rssMb.toFixed(0)} MB with ${data.events} events stored`);
    const result: ReadsResult = {
      loader,
      events: data.events,
      readySeconds,
      firstReadySeconds,
      slowestReadyzMs,
      rssEmptyDatabase,
      rssAfterStart,
      rssAfterFewReads,
      rssAfterLoad: rssAfterFewReads,
      rssAfterGc: rssAfterFewReads,
      state: [],
      bare: [],
      stateBytes: 0,
      highlight: [],
    };
    const sample = await fetch(statePath, { headers: { authorization: `Bearer ${viewer}` } });
    const stateBody = await sample.text();
    result.stateBytes = Buffer.byteLength(stateBody);
    const bare = await startService<{ url: string }>(
      'server-bare-reads',
      { body: stateBody, type: sample.headers.get('content-type') ?? 'application/json' },
      [],
      loader,
    );
    for (let r = 0; r < runs; r++) {
      const state = await profileWindow(server, 'server-reads-state', () =>
        load({ url: statePath, connections, seconds, token: viewer }),
      );
      result.state.push(state);
      const floor = await load({ url: bare.ready.url, connections, seconds, token: viewer });
      result.bare.push(floor);
      const highlight = await profileWindow(server, 'server-reads-highlight', () =>
        load({ url: highlightPath, connections, seconds, token: coordinator }),
      );
      result.highlight.push(highlight);
      log(
        `reads run ${r + 1}: state ${state.requestsPerSecond.toFixed(0)} req/s p99 ${state.p99} ms; bare ${floor.requestsPerSecond.toFixed(0)} req/s p99 ${floor.p99} ms; highlight ${highlight.requestsPerSecond.toFixed(0)} req/s p99 ${highlight.p99} ms`,
      );
    }
    await bare.stop();
    result.rssAfterLoad = await server.request<Rss>('rss');
    result.rssAfterGc = await server.request<Rss>('rss', { gc: true });
    return result;
  } finally {
    await server.stop();
  }
};
