import { openSqlite, Queries, Store } from '@steerlog/store';
import { runTask } from '../child.js';
import { sizes } from '../config.js';
import { prng } from '../generate.js';
import { LARGE_PROGRAMME } from '../seed.js';
import { summarize } from '../stats.js';
import type { Dataset } from './rebuild.js';

export type TimeTravelRun = {
  programmeEvents: number;
  asked: number;
  measured: number;
  firstMs: number;
  p50: number;
  p95: number;
  max: number;
  latencies: number[];
  /** `store.handle` on the long programme: the first command (its state not cached yet), then warm ones. */
  appendColdMs: number;
  appendWarm: { p50: number; p99: number; n: number };
};

const FIRST = Date.UTC(2020, 0, 6);
const LAST = Date.UTC(2025, 11, 19);

/** `n` dates inside the seeded log's span, the same every run. */
export const randomDates = (n: number, seed = 7) => {
  const rnd = prng(seed);
  return Array.from({ length: n }, () =>
    new Date(FIRST + Math.floor(rnd() * (LAST - FIRST))).toISOString().slice(0, 10),
  );
};

export const timeTravelTasks = {
  'timetravel-run': async (args: { path: string; dates: string[]; budgetSeconds: number; appendWarm: number }) => {
    const store = await Store.open(openSqlite(args.path));
    const queries = new Queries(store.kysely, store);
    const started = performance.now();
    let t = performance.now();
    const first = await queries.view(LARGE_PROGRAMME, { asOf: args.dates[0] });
    const firstMs = performance.now() - t;
    const latencies: number[] = [];
    for (const asOf of args.dates.slice(1)) {
      if ((performance.now() - started) / 1000 > args.budgetSeconds) break;
      t = performance.now();
      await queries.view(LARGE_PROGRAMME, { asOf });
      latencies.push(performance.now() - t);
    }
    const programmeEvents = (await queries.view(LARGE_PROGRAMME, {})).version;
    // Appends to the long programme: what one command costs once a programme has a long history.
    const command = (n: number) =>
      ({
        type: 'RecordTraining',
        data: {
          partnerId: 'partner-1',
          level: 1 + (n % 4),
          audience: 'All staff',
          sessions: 1,
          attendees: 20,
          deliveredOn: '2025-12-01',
        },
      }) as const;
    t = performance.now();
    await store.handle(LARGE_PROGRAMME, command(0), { actor: 'bench' });
    const appendColdMs = performance.now() - t;
    const warm: number[] = [];
    for (let i = 1; i <= args.appendWarm; i++) {
      t = performance.now();
      await store.handle(LARGE_PROGRAMME, command(i), { actor: 'bench' });
      warm.push(performance.now() - t);
    }
    await store.close();
    const { p50, p95 } = summarize(latencies);
    const w = summarize(warm);
    return {
      programmeEvents,
      asked: args.dates.length,
      measured: latencies.length,
      firstMs,
      p50,
      p95,
      max: Math.max(...latencies),
      latencies,
      appendColdMs,
      appendWarm: { p50: w.p50, p99: w.p99, n: warm.length },
      firstVersion: first.version,
    } satisfies TimeTravelRun & { firstVersion: number };
  },
};

/**
 * Suite 4: one pass over the 200 dates, in a fresh process, within a time budget (each query
 * folds the whole programme, so at full size only some of the 200 fit; the table says how many).
 */
export const runTimeTravel = async (data: Dataset, log: (s: string) => void) => {
  const { dates, budgetSeconds } = sizes.timeTravel;
  const run = await runTask<TimeTravelRun>('timetravel-run', {
    path: data.path,
    dates: randomDates(dates),
    budgetSeconds,
    appendWarm: 20,
  });
  log(
    `time travel: ${run.measured} of ${run.asked - 1} dates on ${run.programmeEvents} events: p50 ${run.p50.toFixed(0)} ms, p95 ${run.p95.toFixed(0)} ms`,
  );
  return run;
};
