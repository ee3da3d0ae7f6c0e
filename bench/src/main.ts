import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import SqliteDatabase from 'better-sqlite3';
import { sqlitePragmas } from '@steerlog/store';
import { profileOf } from './child.js';
import { databaseUrl, datasetDir, only, profile, resultsDir, runs, scale, sizes } from './config.js';
import { summarizeProfile } from './profile-summary.js';
import type { Results } from './report.js';
import { markdownTable, rows } from './report.js';
import { cleanScratch, removeScratch, scratchDir } from './scratch.js';
import { runAppend } from './suites/append.js';
import { runConcurrent } from './suites/concurrent.js';
import { runFanOut } from './suites/fan-out.js';
import { runPostgres } from './suites/postgres.js';
import { runReads } from './suites/reads.js';
import { makeDataset, runRebuild } from './suites/rebuild.js';
import { runTimeTravel } from './suites/time-travel.js';

const started = performance.now();
const elapsed = () => ((performance.now() - started) / 1000).toFixed(0).padStart(4);
const log = (s: string) => console.log(`[${elapsed()} s] ${s}`);
const want = (suite: string) => only === null || only.includes(suite);

/** A dependency's version, from its package.json (found from its entry point: `exports` may hide the file). */
const versionOf = (name: string) => {
  try {
    let dir = dirname(fileURLToPath(import.meta.resolve(name)));
    for (;;) {
      const file = join(dir, 'package.json');
      if (existsSync(file)) {
        const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version: string };
        if (pkg.name === name) return pkg.version;
      }
      if (dirname(dir) === dir) return 'unknown';
      dir = dirname(dir);
    }
  } catch {
    return 'unknown';
  }
};

const environment = () => {
  const memory = new SqliteDatabase(':memory:');
  const sqlite = memory.prepare('select sqlite_version() as v').get() as { v: string };
  memory.close();
  return {
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(totalmem() / 2 ** 30),
    sqlite: sqlite.v,
    versions: Object.fromEntries(
      [
        'better-sqlite3',
        'kysely',
        'fastify',
        '@fastify/websocket',
        'ws',
        'autocannon',
        '@event-driven-io/emmett',
        '@event-driven-io/emmett-sqlite',
        'pg',
        'sqlite3',
      ].map((n) => [n, versionOf(n)]),
    ),
    pragmas: sqlitePragmas,
  };
};

const results: Results = {};
const load: Record<string, number[]> = {};
const errors: Record<string, string> = {};
/** Runs one suite; a failure is recorded and reported, and the other suites still run. */
const suite = async <T>(name: string, run: () => Promise<T>): Promise<T | undefined> => {
  load[`${name} start`] = loadavg();
  const t = performance.now();
  try {
    const value = await run();
    log(`${name} done in ${((performance.now() - t) / 1000).toFixed(0)} s`);
    return value;
  } catch (error) {
    errors[name] = (error as Error).stack ?? String(error);
    log(`${name} FAILED: ${(error as Error).message.split('\n')[0]}`);
    return undefined;
  } finally {
    load[`${name} end`] = loadavg();
  }
};

const cleanup = () => cleanScratch();
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => {
    cleanup();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  });

log(`steerlog bench: scale ${scale}, ${runs} runs per measurement, suites ${only?.join(',') ?? 'all'}`);
try {
  if (want('append')) results.append = await suite('append', () => runAppend(log));
  if (want('concurrent')) results.concurrent = await suite('concurrent', () => runConcurrent(log));
  if (want('rebuild') || want('timetravel') || want('reads')) {
    const dir = datasetDir ?? scratchDir('dataset');
    try {
      const data = await suite('dataset', () => makeDataset(dir, log));
      if (data) {
        if (want('rebuild')) results.rebuild = await suite('rebuild', () => runRebuild(data, log));
        else await suite('rebuild (once, for the read models)', () => runRebuild(data, log, 1));
        if (want('timetravel')) results.timeTravel = await suite('timetravel', () => runTimeTravel(data, log));
        if (want('reads')) results.reads = await suite('reads', () => runReads(data, log));
      }
    } finally {
      if (!datasetDir) removeScratch(dir);
    }
  }
  if (want('fanout')) results.fanOut = await suite('fanout', () => runFanOut(log));
  if (want('postgres') && databaseUrl) results.postgres = await suite('postgres', () => runPostgres(log));
  else if (only?.includes('postgres')) log('postgres: skipped (set BENCH_DATABASE_URL)');
} finally {
  cleanup();
}

const table = rows(results);
for (const [name, error] of Object.entries(errors))
  table.push({
    suite: name,
    measure: 'FAILED',
    steerlog: error.split('\n')[0]!,
    alternative: '',
    ratio: '',
    anchor: '',
    target: '',
    result: 'error',
  });
const loads = Object.values(load);
const markdown = [
  `Run of ${new Date().toISOString().slice(0, 16)}Z: scale ${scale}, ${runs} runs, ${((performance.now() - started) / 1000).toFixed(0)} s; ` +
    `load average (1 min) ${loads[0]?.[0]?.toFixed(1) ?? '?'} at the start, ${Math.max(...loads.map((l) => l[0] ?? 0)).toFixed(1)} at most between suites, on ${cpus().length} CPUs.`,
  '',
  markdownTable(table),
].join('\n');
console.log(`\n${markdown}\n`);

const profiles = profile.length
  ? Object.fromEntries(
      [
        'append-store',
        'append-raw',
        'append-emmett',
        'concurrent-store',
        'rebuild-run',
        'rebuild-iterate',
        'timetravel-run',
        'server-concurrent-without',
        'server-concurrent-with',
        'server-reads-state',
        'server-reads-highlight',
        'server-fanout',
        'fanout-bare',
      ].flatMap((task) => {
        const file = profileOf(task);
        return file ? [[task, summarizeProfile(file, 15)]] : [];
      }),
    )
  : {};
for (const [task, s] of Object.entries(profiles)) {
  console.log(`profile ${task} (${s.file}): busy ${s.busyMs} ms of ${s.wallMs} ms`);
  for (const r of s.inclusive.slice(0, 12)) console.log(`  ${String(r.pctOfBusy).padStart(5)}% incl  ${r.fn}`);
}

mkdirSync(resultsDir, { recursive: true });
const stamp = new Date().toISOString().replaceAll(':', '-').slice(0, 19);
const file = join(resultsDir, `bench-${stamp}.json`);
writeFileSync(
  file,
  `${JSON.stringify(
    {
      startedAt: new Date(Date.now() - (performance.now() - started)).toISOString(),
      seconds: (performance.now() - started) / 1000,
      scale,
      runs,
      sizes,
      environment: environment(),
      loadAverage: load,
      table,
      errors,
      results,
      profiles,
    },
    (_k, v: unknown) => (v instanceof Float64Array ? Array.from(v) : v),
    2,
  )}\n`,
);
writeFileSync(join(resultsDir, 'latest.md'), `${markdown}\n`);
log(`wrote ${file}`);
