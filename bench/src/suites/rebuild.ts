import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { openSqlite, rebuild, Store, verify } from '@steerlog/store';
import { runTask } from '../child.js';
import { datasetDir, runs, sizes } from '../config.js';
import { seedEvents } from '../seed.js';
import { mb } from '../stats.js';

export type RebuildRun = {
  events: number;
  seconds: number;
  eventsPerSecond: number;
  /** Peak resident set of the whole process (getrusage), MB. */
  peakRssMb: number;
  /** Resident set before the work started, MB. */
  startRssMb: number;
};

/** Peak RSS of this process so far, MB (Linux reports `maxRSS` in KiB). */
const peakRssMb = () => process.resourceUsage().maxRSS / 1024;

export const rebuildTasks = {
  /** Writes the deterministic log (valid, hash-chained rows), then rebuilds once so the read models are current. */
  'rebuild-seed': async (args: {
    path: string;
    events: number;
    programmes: number;
    largeShare: number;
    verify: boolean;
  }) => {
    const t = performance.now();
    const seeded = await seedEvents(args.path, {
      total: args.events,
      programmes: args.programmes,
      largeShare: args.largeShare,
    });
    const seedSeconds = (performance.now() - t) / 1000;
    const store = await Store.open(openSqlite(args.path));
    let verified: unknown = 'skipped';
    let verifySeconds = 0;
    if (args.verify) {
      const v = performance.now();
      verified = await verify(store.kysely);
      verifySeconds = (performance.now() - v) / 1000;
    }
    await store.close();
    return { ...seeded, seedSeconds, verified, verifySeconds };
  },

  /** All read models rebuilt from zero with the store's own `rebuild`. */
  'rebuild-run': async (args: { path: string }): Promise<RebuildRun> => {
    const store = await Store.open(openSqlite(args.path));
    const startRssMb = mb(process.memoryUsage().rss);
    const t = performance.now();
    const { events } = await rebuild(store.db, store.vault);
    const seconds = (performance.now() - t) / 1000;
    await store.close();
    return { events, seconds, eventsPerSecond: events / seconds, peakRssMb: peakRssMb(), startRssMb };
  },

  /** The read floor: every row in position order through better-sqlite3's `iterate()`, each column touched. */
  'rebuild-iterate': async (args: { path: string }): Promise<RebuildRun> => {
    const db = new SqliteDatabase(args.path, { readonly: true });
    const startRssMb = mb(process.memoryUsage().rss);
    const t = performance.now();
    let events = 0;
    let bytes = 0;
    for (const row of db.prepare('select * from events order by position').iterate() as Iterable<{
      data: string;
      meta: string;
      hash: string;
    }>) {
      events++;
      bytes += row.data.length + row.meta.length + row.hash.length;
    }
    const seconds = (performance.now() - t) / 1000;
    db.close();
    if (bytes === 0) throw new Error('read nothing');
    return { events, seconds, eventsPerSecond: events / seconds, peakRssMb: peakRssMb(), startRssMb };
  },
};

export type Dataset = {
  path: string;
  events: number;
  large: number;
  seedSeconds: number;
  verified: unknown;
  verifySeconds: number;
};

/** Suite 3's data, shared by time travel and the HTTP reads: written once per bench run. */
export const makeDataset = async (dir: string, log: (s: string) => void): Promise<Dataset> => {
  const path = join(dir, 'steerlog.db');
  const kept = join(dir, 'dataset.json');
  mkdirSync(dir, { recursive: true });
  if (existsSync(kept)) {
    const dataset = JSON.parse(readFileSync(kept, 'utf8')) as Dataset;
    log(`rebuild: reusing the ${dataset.events} events kept in ${dir}`);
    return dataset;
  }
  const { events, programmes, largeShare } = sizes.rebuild;
  log(`rebuild: writing ${events} events over ${programmes} programmes`);
  const seeded = await runTask<Omit<Dataset, 'path'>>('rebuild-seed', {
    path,
    events,
    programmes,
    largeShare,
    // Verifying a million rows takes a while: the server verifies at start anyway (suite 6).
    verify: events <= 200_000,
  });
  log(`rebuild: wrote ${seeded.events} events in ${seeded.seedSeconds.toFixed(1)} s`);
  const dataset = { path, ...seeded };
  if (datasetDir) writeFileSync(kept, JSON.stringify(dataset));
  return dataset;
};

export type RebuildResult = { events: number; rebuild: RebuildRun[]; iterate: RebuildRun[] };

/** Up to `count` runs of each, stopping early when another rebuild would overrun the time budget. */
export const runRebuild = async (data: Dataset, log: (s: string) => void, count = runs): Promise<RebuildResult> => {
  const result: RebuildResult = { events: data.events, rebuild: [], iterate: [] };
  const started = performance.now();
  for (let r = 0; r < count; r++) {
    const spent = (performance.now() - started) / 1000;
    const last = result.rebuild[result.rebuild.length - 1];
    if (last && spent + last.seconds * 1.2 > sizes.rebuild.budgetSeconds) {
      log(`rebuild: stopping after ${r} runs (time budget ${sizes.rebuild.budgetSeconds} s)`);
      break;
    }
    const it = await runTask<RebuildRun>('rebuild-iterate', { path: data.path });
    result.iterate.push(it);
    const rb = await runTask<RebuildRun>('rebuild-run', { path: data.path });
    result.rebuild.push(rb);
    log(
      `rebuild run ${r + 1}: ${rb.eventsPerSecond.toFixed(0)} events/s (${rb.seconds.toFixed(1)} s, peak ${rb.peakRssMb.toFixed(0)} MB); iterate ${it.eventsPerSecond.toFixed(0)} events/s`,
    );
  }
  return result;
};
