import { fileURLToPath } from 'node:url';

const env = process.env;

/** `BENCH_SCALE=0.1` for a quick run: every size below is multiplied by it. */
export const scale = Number(env['BENCH_SCALE'] ?? 1);
/** Repetitions of each measurement; the table shows medians. */
export const runs = Math.max(1, Number(env['BENCH_RUNS'] ?? 3));
/**
 * `BENCH_ONLY=append,rebuild`: run only these suites (append, concurrent, rebuild, timetravel,
 * reads, fanout, and postgres, which needs `BENCH_DATABASE_URL`). `BENCH_ONLY=postgres` is the
 * quick loop while working on the PostgreSQL side.
 */
export const only = env['BENCH_ONLY']?.split(',').map((s) => s.trim()) ?? null;
/**
 * `BENCH_DATASET=/some/dir`: keep suite 3's million-event database there and reuse it on the
 * next run (seeding takes about two minutes), for working on rebuild, time travel or reads.
 * Delete the folder when the seed changes.
 */
export const datasetDir = env['BENCH_DATASET'] || undefined;
/** `BENCH_PROFILE=append-store,rebuild` (task names, or `all`): write a CPU profile of the first run of each. */
export const profile = env['BENCH_PROFILE']?.split(',').map((s) => s.trim()) ?? [];

/**
 * `BENCH_DATABASE_URL=postgres://...` (a server on which the bench may create and drop
 * databases): adds the `postgres` suite, every measurement on a fresh database of that server.
 * The SQLite suites stay on SQLite.
 */
export const databaseUrl = env['BENCH_DATABASE_URL'] || undefined;

const sized = (n: number, min = 1) => Math.max(min, Math.round(n * scale));

/**
 * Sizes at scale 1, chosen so that the whole bench fits in 10 minutes on a 2-core machine:
 * - append: the 50,000 commands over 1,000 programmes, 50 each, are split across the
 *   runs (each run: a fresh store, 1,000/runs programmes x 50 commands), so all runs together
 *   send 50,000; one run of all 50,000 takes 30-100 s on this machine, three would not fit.
 * - rebuild: the full 1,000,000 events; as many runs (up to `runs`) as fit in `budgetSeconds`.
 * - time travel: the 200 dates, as many as fit in `budgetSeconds` (each query folds the log).
 * - fan-out: the 1,000 commands split across the runs, on one server and one set of clients.
 */
export const sizes = {
  append: { programmes: sized(Math.ceil(1_000 / runs), 4), perProgramme: 50 },
  concurrent: {
    programmes: sized(1_000, 10),
    connections: 50,
    seconds: Math.max(2, Math.round(4 * Math.min(1, scale * 2))),
  },
  rebuild: {
    events: sized(1_000_000, 10_000),
    programmes: sized(1_000, 10),
    largeShare: 0.1,
    budgetSeconds: Math.max(20, 90 * scale),
  },
  timeTravel: { dates: 200, budgetSeconds: Math.max(10, 30 * scale) },
  fanOut: { clients: sized(500, 20), commands: sized(1_000, 50), intervalMs: 10 },
  /**
   * postgres: append 1,200 commands per run over 60 programmes (x3 runs, each next to raw pg and
   * Emmett on the same rows); the concurrent suite's sizes for 1, 2 and 3 instances; fan-out to
   * 250 clients with the fan-out suite's commands.
   */
  postgres: {
    append: { programmes: sized(Math.ceil(180 / runs), 4), perProgramme: 20 },
    fanOutClients: sized(250, 12),
  },
  reads: { connections: 50, seconds: Math.max(2, Math.round(5 * Math.min(1, scale * 2))) },
};

export const benchRoot = fileURLToPath(new URL('../', import.meta.url));
export const resultsDir = fileURLToPath(new URL('../results/', import.meta.url));
