import { join } from 'node:path';
import pg from 'pg';
import { appendWithEmmett } from '@steerlog/bench-peer-postgres';
import type { EventRow } from '@steerlog/store';
import { eventColumns, eventValues, openPostgres, Store, verify } from '@steerlog/store';
import { createTestDatabase } from '@steerlog/store/testing';
import { runTask, startService } from '../child.js';
import { databaseUrl, runs, sizes } from '../config.js';
import { ProgrammeScript, roundRobin } from '../generate.js';
import type { LoadRun } from '../http.js';
import { load, post } from '../http.js';
import { removeScratch, scratchDir } from '../scratch.js';
import { median, summarize } from '../stats.js';
import type { FanOutRun } from './fan-out.js';
import { close, connect, paced, resetClients, toRun, waitAll } from './fan-out.js';
import { concurrentCommand } from './concurrent.js';
import type { ServerReady, TxStats } from './server.js';

export type PgAppendRun = {
  events: number;
  seconds: number;
  eventsPerSecond: number;
  p50: number;
  p99: number;
  /** Round trips to the server per command, and the statements they carried (one each before pipelining). */
  roundTripsPerCommand?: number;
  statementsPerCommand?: number;
};

const measured = (events: number, elapsedMs: number, latencies: Float64Array): PgAppendRun => {
  const { p50, p99 } = summarize(latencies);
  return { events, seconds: elapsedMs / 1000, eventsPerSecond: events / (elapsedMs / 1000), p50, p99 };
};

/** The event rows a run wrote, in position order. */
const readRows = async (url: string): Promise<EventRow[]> => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query<EventRow>('select * from events order by position');
  await client.end();
  return rows.map((r) => ({ ...r, position: Number(r.position), version: Number(r.version) }));
};

const withDatabase = async <T>(run: (url: string) => Promise<T>): Promise<T> => {
  const database = await createTestDatabase(databaseUrl);
  try {
    return await run(database.url);
  } finally {
    await database.drop();
  }
};

export const postgresTasks = {
  /** `store.handle` one command at a time on a fresh database; leaves the database for the peers (returns its URL). */
  'postgres-append-store': async (args: { programmes: number; perProgramme: number }) => {
    const commands = [...roundRobin(args.programmes, args.perProgramme)];
    const database = await createTestDatabase(databaseUrl);
    const db = openPostgres(database.url);
    const store = await Store.open(db);
    const latencies = new Float64Array(commands.length);
    let events = 0;
    const before = db.traffic!();
    const start = performance.now();
    for (let i = 0; i < commands.length; i++) {
      const { programmeId, command } = commands[i]!;
      const t = performance.now();
      const result = await store.handle(programmeId, command, { actor: 'bench' });
      latencies[i] = performance.now() - t;
      events += result.events.length;
    }
    const run = measured(events, performance.now() - start, latencies);
    const after = db.traffic!();
    await store.close();
    return {
      run: {
        ...run,
        roundTripsPerCommand: (after.roundTrips - before.roundTrips) / commands.length,
        statementsPerCommand: (after.statements - before.statements) / commands.length,
      },
      url: database.url,
    };
  },

  /** The floor: the same rows inserted by plain `pg`, `begin; insert; commit` each, into the same schema on the same server. */
  'postgres-append-raw': async (args: { source: string }) => {
    const rows = await readRows(args.source);
    return withDatabase(async (url) => {
      // The store's own schema (its migrations), so the row, its indexes and constraints are the same.
      await (await Store.open(openPostgres(url))).close();
      const client = new pg.Client({ connectionString: url, options: '-c synchronous_commit=on' });
      await client.connect();
      const text = `insert into events (${eventColumns.join(', ')}) values (${eventColumns.map((_, i) => `$${i + 1}`).join(',')})`;
      const latencies = new Float64Array(rows.length);
      const start = performance.now();
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i]!;
        const t = performance.now();
        await client.query('begin');
        await client.query({
          name: 'raw-insert',
          text,
          values: eventValues(r),
        });
        await client.query('commit');
        latencies[i] = performance.now() - t;
      }
      const run = measured(rows.length, performance.now() - start, latencies);
      await client.end();
      return run;
    });
  },

  /** The peer: the same events through Emmett's PostgreSQL event store, with expected versions. */
  'postgres-append-emmett': async (args: { source: string }) => {
    const rows = await readRows(args.source);
    return withDatabase(async (url) => {
      const { elapsedMs, latencies } = await appendWithEmmett(url, rows);
      return measured(rows.length, elapsedMs, latencies);
    });
  },

  /** Launches the concurrent suite's programmes (with their partner) on `url`, 50 at a time. */
  'postgres-seed': async (args: { url: string; programmes: number }) => {
    const store = await Store.open(openPostgres(args.url));
    const one = async (i: number) => {
      const id = `load-${String(i + 1).padStart(4, '0')}`;
      await store.handle(id, { type: 'LaunchProgramme', data: { name: `Load ${i + 1}` } }, { actor: 'bench' });
      await store.handle(
        id,
        { type: 'AddPartner', data: { partnerId: 'partner-1', name: 'Council', sector: 'local-authority' } },
        { actor: 'bench' },
      );
    };
    for (let i = 0; i < args.programmes; i += 50)
      await Promise.all(Array.from({ length: Math.min(50, args.programmes - i) }, (_, j) => one(i + j)));
    await store.close();
    return null;
  },

  /** The log after a load: gaps and repeats in positions and per-programme versions, and verify. */
  'postgres-check': async (args: { url: string }) => {
    const rows = await readRows(args.url);
    let gaps = 0;
    let duplicates = 0;
    rows.forEach((r, i) => {
      if (r.position !== i + 1) gaps++;
    });
    const versions = new Map<string, number[]>();
    for (const r of rows) {
      let list = versions.get(r.programme_id);
      if (!list) versions.set(r.programme_id, (list = []));
      list.push(r.version);
    }
    for (const list of versions.values()) {
      const seen = new Set(list);
      duplicates += list.length - seen.size;
      list.forEach((v, i) => {
        if (v !== i + 1) gaps++;
      });
    }
    const store = await Store.open(openPostgres(args.url));
    const verdict = await verify(store.kysely);
    await store.close();
    return { events: rows.length, gaps, duplicates, verifyOk: verdict.ok };
  },
};

/**
 * PostgreSQL's own view of a load: what its backends on `url`'s database were waiting for,
 * sampled every 20 ms (share of samples of active backends), and with pg_stat_statements
 * loaded (`STEERLOG_PG_STATS=1 bash scripts/pg-cluster.sh start`) the statements that took the
 * server's time.
 */
const serverStatistics = async (url: string) => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const statements = await client
    .query('create extension if not exists pg_stat_statements')
    .then(() => client.query('select pg_stat_statements_reset()'))
    .then(
      () => true,
      () => false,
    );
  const waits = new Map<string, number>();
  let samples = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const { rows } = await client.query<{ wait: string }>(
        "select coalesce(wait_event_type || ':' || wait_event, 'CPU (running)') as wait from pg_stat_activity where datname = current_database() and state = 'active' and pid <> pg_backend_pid()",
      );
      for (const r of rows) waits.set(r.wait, (waits.get(r.wait) ?? 0) + 1);
      samples += rows.length;
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  return async () => {
    sampling = false;
    await sampler;
    const top = statements
      ? (
          await client.query<{ query: string; calls: string; total: number; mean: number }>(
            "select left(regexp_replace(query, '\\s+', ' ', 'g'), 90) as query, calls::text, round(total_exec_time::numeric, 1)::float8 as total, round(mean_exec_time::numeric, 3)::float8 as mean from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database()) order by total_exec_time desc limit 8",
          )
        ).rows
      : null;
    await client.end();
    return {
      waits: Object.fromEntries(
        [...waits].sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, Math.round((1000 * v) / Math.max(1, samples)) / 10]),
      ),
      topStatements: top,
    };
  };
};

export type ServerStatistics = Awaited<ReturnType<Awaited<ReturnType<typeof serverStatistics>>>>;

export type InstancesRun = LoadRun & {
  statistics: ServerStatistics;
  instances: number;
  commandsPerTransaction: number;
  events: number;
  gaps: number;
  duplicates: number;
  verifyOk: boolean;
};

/**
 * `n` Steerlog servers (child processes) on one database, sharing one signing key and side file
 * in a scratch folder, as an operator's instances share the key. The first creates the key; the
 * others start once it exists.
 */
const startInstances = async (n: number, url: string, commitTimes = false) => {
  const dir = scratchDir('postgres-instances');
  const args = { dbPath: join(dir, 'steerlog.db'), databaseUrl: url, commitTimes, groupCommit: true };
  const first = await startService<ServerReady>('server-run', args);
  const rest = await Promise.all(Array.from({ length: n - 1 }, () => startService<ServerReady>('server-run', args)));
  const servers = [first, ...rest];
  return Object.assign(servers, {
    stopAll: async () => {
      await Promise.all(servers.map((s) => s.stop()));
      removeScratch(dir);
    },
  });
};

/** 50 connections spread over `n` instances, all at once; the rates add up, the latencies are the median instance's. */
const concurrentOver = async (n: number, log: (s: string) => void): Promise<InstancesRun> => {
  const { programmes, connections, seconds } = sizes.concurrent;
  const database = await createTestDatabase(databaseUrl);
  try {
    await runTask('postgres-seed', { url: database.url, programmes });
    const servers = await startInstances(n, database.url);
    let loads: LoadRun[];
    let tx: TxStats[];
    let statistics: ServerStatistics;
    try {
      const before = await Promise.all(servers.map((s) => s.request<TxStats>('txStats')));
      const stopStatistics = await serverStatistics(database.url);
      // Request numbers interleave over the instances, so they spread over the same programmes.
      loads = await Promise.all(
        servers.map((s, i) =>
          load({
            url: s.ready.url,
            connections: Math.floor(connections / n) + (i < connections % n ? 1 : 0),
            seconds,
            token: s.ready.coordinator,
            method: 'POST',
            body: (k) => {
              const { programmeId: id, command } = concurrentCommand(k * n + i, programmes);
              return { path: `/api/programmes/${id}/commands`, body: JSON.stringify(command) };
            },
          }),
        ),
      );
      statistics = await stopStatistics();
      const after = await Promise.all(servers.map((s) => s.request<TxStats>('txStats')));
      tx = after.map((a, i) => ({
        transactions: a.transactions - before[i]!.transactions,
        commands: a.commands - before[i]!.commands,
      }));
    } finally {
      await servers.stopAll();
    }
    const check = await runTask<{ events: number; gaps: number; duplicates: number; verifyOk: boolean }>(
      'postgres-check',
      { url: database.url },
    );
    const requests = loads.reduce((s, l) => s + l.requests, 0);
    const secondsRun = Math.max(...loads.map((l) => l.seconds));
    const run: InstancesRun = {
      instances: n,
      statistics,
      requests,
      non2xx: loads.reduce((s, l) => s + l.non2xx, 0),
      errors: loads.reduce((s, l) => s + l.errors, 0),
      seconds: secondsRun,
      requestsPerSecond: requests / secondsRun,
      p50: median(loads.map((l) => l.p50)),
      p99: Math.max(...loads.map((l) => l.p99)),
      commandsPerTransaction:
        tx.reduce((s, t) => s + t.commands, 0) /
        Math.max(
          1,
          tx.reduce((s, t) => s + t.transactions, 0),
        ),
      ...check,
    };
    log(
      `postgres concurrent, ${n} instance(s): ${run.requestsPerSecond.toFixed(0)} commands/s, p99 ${run.p99} ms, ` +
        `${run.commandsPerTransaction.toFixed(1)} commands/tx, non-2xx ${run.non2xx}, gaps ${run.gaps}, duplicates ${run.duplicates}, verify ${run.verifyOk ? 'ok' : 'FAILED'}; ` +
        `server waits (% of active samples) ${JSON.stringify(statistics.waits)}`,
    );
    for (const t of statistics.topStatements ?? [])
      log(`  pg_stat_statements: ${t.total} ms in ${t.calls} calls (mean ${t.mean} ms): ${t.query}`);
    return run;
  } finally {
    await database.drop();
  }
};

/**
 * Fan-out over `n` instances: `clients` live displays of one programme spread over them, the
 * commands POSTed to the first, one per interval. Latency: arrival minus the moment the first
 * instance announced the commit (one clock: all processes run on this machine).
 */
const fanOutOver = async (n: number, log: (s: string) => void): Promise<FanOutRun> => {
  const { intervalMs } = sizes.fanOut;
  const clientsCount = sizes.postgres.fanOutClients;
  const commands = Math.ceil(sizes.fanOut.commands / runs);
  const database = await createTestDatabase(databaseUrl);
  const servers = await startInstances(n, database.url, true);
  try {
    const writer = servers[0]!;
    const script = new ProgrammeScript('live-board', 11);
    const at = new Date().toISOString();
    let head = 0;
    const nextCommand = () => script.next(at, (v) => ({ id: `e-${v}`, position: v })).command;
    while (script.count < 12)
      head = (await post(writer.ready.url, writer.ready.coordinator, 'live-board', nextCommand())).position;
    const clients = await connect(
      clientsCount,
      (i) => {
        const s = servers[i % n]!;
        return `${s.ready.url.replace('http', 'ws')}/api/programmes/live-board/live?after=${head}&access_token=${s.ready.viewer}`;
      },
      commands,
    );
    resetClients(clients);
    await paced(commands, intervalMs, async () => {
      head = (await post(writer.ready.url, writer.ready.coordinator, 'live-board', nextCommand())).position;
    });
    const complete = await waitAll(clients, commands, 15_000);
    const commits = await writer.request<[number, number][]>('commitTimes');
    const sentAt = commits
      .filter(([p]) => p > head - commands && p <= head)
      .sort((a, b) => a[0] - b[0])
      .map(([, t]) => t);
    const run = toRun(clients, sentAt, complete);
    await close(clients);
    log(
      `postgres fan-out, ${n} instance(s), ${clientsCount} clients: p50 ${run.p50.toFixed(1)} / p99 ${run.p99.toFixed(1)} ms over ${run.delivered} deliveries${complete ? '' : ' (INCOMPLETE)'}`,
    );
    return run;
  } finally {
    await servers.stopAll();
    await database.drop();
  }
};

export type PostgresResult = {
  size: { commands: number; programmes: number; runs: number };
  store: PgAppendRun[];
  raw: PgAppendRun[];
  emmett: PgAppendRun[] | { error: string };
  concurrent: InstancesRun[];
  fanOut: { single: FanOutRun[]; across: FanOutRun[] };
};

/**
 * The PostgreSQL suite (`BENCH_DATABASE_URL`): durable append next to raw `pg` and Emmett's
 * PostgreSQL store on the same server; 50 HTTP connections over 1, 2 and 3 instances on one
 * database; fan-out to clients spread over three instances next to one.
 */
export const runPostgres = async (log: (s: string) => void): Promise<PostgresResult> => {
  const { programmes, perProgramme } = sizes.postgres.append;
  const result: PostgresResult = {
    size: { commands: programmes * perProgramme, programmes, runs },
    store: [],
    raw: [],
    emmett: [],
    concurrent: [],
    fanOut: { single: [], across: [] },
  };
  for (let r = 0; r < runs; r++) {
    const { run, url } = await runTask<{ run: PgAppendRun; url: string }>('postgres-append-store', {
      programmes,
      perProgramme,
    });
    try {
      result.store.push(run);
      log(
        `postgres append run ${r + 1}: store ${run.eventsPerSecond.toFixed(0)} events/s, ${run.roundTripsPerCommand?.toFixed(2)} round trips per command (${run.statementsPerCommand?.toFixed(2)} statements)`,
      );
      const raw = await runTask<PgAppendRun>('postgres-append-raw', { source: url });
      result.raw.push(raw);
      log(`postgres append run ${r + 1}: raw pg ${raw.eventsPerSecond.toFixed(0)} events/s`);
      if (Array.isArray(result.emmett))
        try {
          const emmett = await runTask<PgAppendRun>('postgres-append-emmett', { source: url });
          result.emmett.push(emmett);
          log(`postgres append run ${r + 1}: emmett ${emmett.eventsPerSecond.toFixed(0)} events/s`);
        } catch (error) {
          result.emmett = { error: (error as Error).message.split('\n')[0]! };
        }
    } finally {
      const admin = new pg.Client({ connectionString: databaseUrl });
      await admin.connect();
      await admin.query(`drop database if exists ${new URL(url).pathname.slice(1)} with (force)`);
      await admin.end();
    }
  }
  for (let r = 0; r < runs; r++) for (const n of [1, 2, 3]) result.concurrent.push(await concurrentOver(n, log));
  for (let r = 0; r < runs; r++) {
    result.fanOut.single.push(await fanOutOver(1, log));
    result.fanOut.across.push(await fanOutOver(3, log));
  }
  return result;
};
