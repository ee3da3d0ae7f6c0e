import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { appendToStream, createEventStoreSchema, sqliteConnection } from '@event-driven-io/emmett-sqlite';
import SqliteDatabase from 'better-sqlite3';
import type { EventRow } from '@steerlog/store';
import { openSqlite, sqlitePragmas, Store } from '@steerlog/store';
import { runTask } from '../child.js';
import { runs, sizes } from '../config.js';
import { roundRobin } from '../generate.js';
import { removeScratch, scratchDir } from '../scratch.js';
import { median, summarize } from '../stats.js';

export type AppendRun = {
  events: number;
  seconds: number;
  eventsPerSecond: number;
  p50: number;
  p99: number;
  /** Bytes this process handed to write(2) per event (WAL frames, mostly), and write calls per event. */
  bytesWrittenPerEvent: number;
  writeCallsPerEvent: number;
};

/** This process's I/O counters (Linux `/proc/self/io`). */
const io = () => {
  const text = readFileSync('/proc/self/io', 'utf8');
  const field = (name: string) => Number(new RegExp(`^${name}: (\\d+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
  return { wchar: field('wchar'), syscw: field('syscw') };
};

const measure = (
  events: number,
  elapsedMs: number,
  latencies: Float64Array,
  before: ReturnType<typeof io>,
): AppendRun => {
  const after = io();
  const { p50, p99 } = summarize(latencies);
  return {
    events,
    seconds: elapsedMs / 1000,
    eventsPerSecond: events / (elapsedMs / 1000),
    p50,
    p99,
    bytesWrittenPerEvent: (after.wchar - before.wchar) / events,
    writeCallsPerEvent: (after.syscw - before.syscw) / events,
  };
};

/** Every event row of a store file, in position order. */
const readRows = (path: string): EventRow[] => {
  const db = new SqliteDatabase(path, { readonly: true });
  const rows = db.prepare('select * from events order by position').all() as EventRow[];
  db.close();
  return rows;
};

const applyPragmas = (run: (statement: string) => unknown) => {
  for (const [name, value] of Object.entries(sqlitePragmas)) run(`pragma ${name} = ${value}`);
};

export const appendTasks = {
  /** Commands through `store.handle`, one at a time: decide, append, hash, inline read models, commit. */
  'append-store': async (args: { dir: string; programmes: number; perProgramme: number }) => {
    const commands = [...roundRobin(args.programmes, args.perProgramme)];
    const store = await Store.open(openSqlite(join(args.dir, 'steerlog.db')));
    const latencies = new Float64Array(commands.length);
    let events = 0;
    const before = io();
    const start = performance.now();
    for (let i = 0; i < commands.length; i++) {
      const { programmeId, command } = commands[i]!;
      const t = performance.now();
      const result = await store.handle(programmeId, command, { actor: 'bench' });
      latencies[i] = performance.now() - t;
      events += result.events.length;
    }
    const run = measure(events, performance.now() - start, latencies, before);
    await store.close();
    return run;
  },

  /** The same rows, inserted by raw better-sqlite3, one transaction each, same schema and pragmas. */
  'append-raw': async (args: { source: string; dir: string }) => {
    const rows = readRows(args.source);
    const source = new SqliteDatabase(args.source, { readonly: true });
    const ddl = source
      .prepare("select sql from sqlite_master where tbl_name = 'events' and sql is not null")
      .pluck()
      .all() as string[];
    source.close();
    const db = new SqliteDatabase(join(args.dir, 'raw.db'));
    applyPragmas((s) => db.pragma(s.slice('pragma '.length)));
    for (const statement of ddl) db.exec(statement);
    const insert = db.prepare(
      `insert into events (position, programme_id, version, id, type, schema_version, occurred_at, recorded_at, actor, data, meta, hash)
       values (@position, @programme_id, @version, @id, @type, @schema_version, @occurred_at, @recorded_at, @actor, @data, @meta, @hash)`,
    );
    const one = db.transaction((row: EventRow) => insert.run(row));
    const latencies = new Float64Array(rows.length);
    const before = io();
    const start = performance.now();
    for (let i = 0; i < rows.length; i++) {
      const t = performance.now();
      one.immediate(rows[i]!);
      latencies[i] = performance.now() - t;
    }
    const run = measure(rows.length, performance.now() - start, latencies, before);
    db.close();
    return run;
  },

  /**
   * The same events through Emmett's SQLite event store: `appendToStream` with the expected
   * version, on one long-lived connection (Emmett's `getSQLiteEventStore` opens and closes a
   * connection per call on a file database), with the same pragmas.
   */
  'append-emmett': async (args: { source: string; dir: string }) => {
    const rows = readRows(args.source);
    const connection = sqliteConnection({ fileName: join(args.dir, 'emmett.db') });
    const pragmas: string[] = [];
    applyPragmas((s) => pragmas.push(s));
    for (const p of pragmas) await connection.command(p);
    await createEventStoreSchema(connection);
    const latencies = new Float64Array(rows.length);
    const before = io();
    const start = performance.now();
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      const t = performance.now();
      const result = await appendToStream(
        connection,
        `programme-${row.programme_id}`,
        'programme',
        [{ type: row.type, data: JSON.parse(row.data) as Record<string, unknown> }],
        { expectedStreamVersion: BigInt(Number(row.version) - 1) },
      );
      latencies[i] = performance.now() - t;
      if (!result.success) throw new Error(`Emmett refused event ${row.position}`);
    }
    const run = measure(rows.length, performance.now() - start, latencies, before);
    connection.close();
    return run;
  },
};

export type AppendResult = {
  /** Per run: a fresh store, `programmes` programmes x 50 commands. */
  size: { commands: number; programmes: number; runs: number };
  store: AppendRun[];
  raw: AppendRun[];
  emmett: AppendRun[] | { error: string };
};

/** Suite 1: each repetition runs the store, then raw and Emmett on the rows that run wrote. */
export const runAppend = async (log: (s: string) => void): Promise<AppendResult> => {
  const { programmes, perProgramme } = sizes.append;
  const result: AppendResult = {
    size: { commands: programmes * perProgramme, programmes, runs },
    store: [],
    raw: [],
    emmett: [],
  };
  for (let r = 0; r < runs; r++) {
    const dir = scratchDir('append');
    try {
      const store = await runTask<AppendRun>('append-store', { dir, programmes, perProgramme });
      result.store.push(store);
      log(`append run ${r + 1}: store ${store.eventsPerSecond.toFixed(0)} events/s`);
      const source = join(dir, 'steerlog.db');
      const raw = await runTask<AppendRun>('append-raw', { source, dir });
      result.raw.push(raw);
      log(`append run ${r + 1}: raw ${raw.eventsPerSecond.toFixed(0)} events/s`);
      if (Array.isArray(result.emmett))
        try {
          const emmett = await runTask<AppendRun>('append-emmett', { source, dir });
          result.emmett.push(emmett);
          log(`append run ${r + 1}: emmett ${emmett.eventsPerSecond.toFixed(0)} events/s`);
        } catch (error) {
          result.emmett = { error: (error as Error).message.split('\n')[0]! };
        }
    } finally {
      removeScratch(dir);
    }
  }
  return result;
};

export const medianRate = (rs: AppendRun[]) => median(rs.map((r) => r.eventsPerSecond));
