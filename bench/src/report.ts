import type { AppendResult } from './suites/append.js';
import type { ConcurrentResult } from './suites/concurrent.js';
import type { FanOutResult } from './suites/fan-out.js';
import type { PostgresResult } from './suites/postgres.js';
import { postgresRows } from './report-postgres.js';
import type { ReadsResult } from './suites/reads.js';
import type { RebuildResult } from './suites/rebuild.js';
import type { TimeTravelRun } from './suites/time-travel.js';
import { median } from './stats.js';

export type Results = {
  append?: AppendResult;
  concurrent?: ConcurrentResult;
  rebuild?: RebuildResult;
  timeTravel?: TimeTravelRun;
  reads?: ReadsResult;
  fanOut?: FanOutResult;
  postgres?: PostgresResult;
};

export type Row = {
  suite: string;
  measure: string;
  steerlog: string;
  alternative: string;
  ratio: string;
  anchor: string;
  target: string;
  result: string;
};

export const int = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-GB') : 'n/a');
export const ms = (n: number) =>
  Number.isFinite(n) ? (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2)) : 'n/a';
export const x = (n: number) => (Number.isFinite(n) ? `${n.toFixed(2)}x` : 'n/a');
export const verdict = (ok: boolean | null) => (ok === null ? 'n/a' : ok ? 'met' : 'NOT met');
export const med = <T>(rs: readonly T[], f: (r: T) => number) => median(rs.map(f));
export const rate = (rs: readonly { eventsPerSecond: number }[]) => med(rs, (r) => r.eventsPerSecond);
export const lat = (rs: readonly { p50: number; p99: number }[]) =>
  `p50 ${ms(med(rs, (r) => r.p50))} / p99 ${ms(med(rs, (r) => r.p99))} ms`;

export const row = (r: Partial<Row> & Pick<Row, 'suite' | 'measure'>): Row => ({
  steerlog: '',
  alternative: '',
  ratio: '',
  anchor: '',
  target: '',
  result: '',
  ...r,
});

/** The table: every figure with its side-by-side alternative (same run), the anchor and target. */
export const rows = (res: Results): Row[] => {
  const out: Row[] = [];
  const a = res.append;
  const rawRate = a ? rate(a.raw) : Number.NaN;
  if (a) {
    const store = rate(a.store);
    const emmett = Array.isArray(a.emmett) ? rate(a.emmett) : Number.NaN;
    const s = `1. durable append, 1 command per tx (${a.size.runs} runs x ${int(a.size.commands)} commands over ${int(a.size.programmes)} programmes)`;
    out.push(
      row({
        suite: s,
        measure: 'store.handle vs raw better-sqlite3 insert',
        steerlog: `${int(store)} events/s; ${lat(a.store)}`,
        alternative: `raw ${int(rawRate)} events/s; ${lat(a.raw)}`,
        ratio: x(store / rawRate),
        anchor: 'raw FULL ~7,100/s',
        target: '>= 0.8x raw',
        result: verdict(store / rawRate >= 0.8),
      }),
      row({
        suite: s,
        measure: 'store.handle vs Emmett SQLite appendToStream',
        steerlog: `${int(store)} events/s`,
        alternative: Array.isArray(a.emmett)
          ? `Emmett ${int(emmett)} events/s; ${lat(a.emmett)}`
          : `Emmett failed: ${a.emmett.error}`,
        ratio: x(store / emmett),
        anchor: 'Emmett ~2,600/s',
        target: '>= 3x Emmett',
        result: Array.isArray(a.emmett) ? verdict(store / emmett >= 3) : 'n/a',
      }),
    );
  }
  const c = res.concurrent;
  if (c) {
    const s = '2. concurrent commands (HTTP, 50 connections)';
    for (const m of c.modes) {
      const http = med(m.http, (r) => r.requestsPerSecond);
      const withGc = m.groupCommit === true;
      out.push(
        row({
          suite: s,
          measure: `HTTP POST commands, ${m.label} [${m.switch}]`,
          steerlog: `${int(http)} commands/s; ${lat(m.http)}; ${med(m.http, (r) => r.commandsPerTransaction).toFixed(1)} commands/tx; non-2xx ${m.http.reduce((n, r) => n + r.non2xx + r.errors, 0)}`,
          alternative: a ? `raw 1/tx ${int(rawRate)} events/s` : '(suite 1 not run)',
          ratio: x(http / rawRate),
          anchor: 'raw FULL ~7,100/s',
          target: withGc ? '>= 2x raw one-per-tx, durable' : '',
          result: withGc ? verdict(a ? http / rawRate >= 2 : null) : '',
        }),
      );
      if (m.inProcess.length > 0)
        out.push(
          row({
            suite: s,
            measure: `in-process store.handle, 50 in flight, ${m.label}`,
            steerlog: `${int(rate(m.inProcess))} events/s; ${lat(m.inProcess)}; ${med(m.inProcess, (r) => r.commandsPerTransaction).toFixed(1)} commands/tx`,
            alternative: a ? `raw 1/tx ${int(rawRate)} events/s` : '',
            ratio: x(rate(m.inProcess) / rawRate),
            anchor: '',
            target: '(diagnostic: no HTTP)',
          }),
        );
    }
    if (!c.modes.some((m) => m.groupCommit === true))
      out.push(
        row({
          suite: s,
          measure: 'HTTP POST commands, with group commit',
          steerlog: 'not implemented',
          target: '>= 2x raw one-per-tx, durable',
          result: 'not implemented',
        }),
      );
  }
  const rb = res.rebuild;
  if (rb) {
    const s = `3. rebuild (${int(rb.events)} events, all read models from zero; ${rb.rebuild.length} run${rb.rebuild.length === 1 ? '' : 's'})`;
    const rebuildRate = rate(rb.rebuild);
    const seconds = med(rb.rebuild, (r) => r.seconds);
    const iterate = rate(rb.iterate);
    const scaled = rb.events !== 1_000_000;
    out.push(
      row({
        suite: s,
        measure: 'rebuild() vs raw iterate() (read floor)',
        steerlog: `${int(rebuildRate)} events/s; ${seconds.toFixed(1)} s; peak RSS ${int(med(rb.rebuild, (r) => r.peakRssMb))} MB`,
        alternative: `iterate ${int(iterate)} events/s; peak RSS ${int(med(rb.iterate, (r) => r.peakRssMb))} MB`,
        ratio: x(rebuildRate / iterate),
        anchor: "iterate ~300,000/s; Emmett's consumer ~6,500/s (issue, not re-measured)",
        target: '>= 100,000 events/s',
        result: verdict(rebuildRate >= 100_000),
      }),
      row({
        suite: s,
        measure: '1M events rebuilt',
        steerlog: scaled ? `${seconds.toFixed(1)} s for ${int(rb.events)} (scaled)` : `${seconds.toFixed(1)} s`,
        target: '< 10 s',
        result: scaled ? `n/a (scaled; ${(1_000_000 / rebuildRate).toFixed(0)} s at this rate)` : verdict(seconds < 10),
      }),
    );
  }
  const t = res.timeTravel;
  if (t) {
    const s = `4. time travel (programme of ${int(t.programmeEvents)} events)`;
    out.push(
      row({
        suite: s,
        measure: `Queries.view(p, { asOf }) at ${t.measured} of ${t.asked - 1} random dates${t.measured < t.asked - 1 ? ' (time budget)' : ''}`,
        steerlog: `p50 ${ms(t.p50)} / p95 ${ms(t.p95)} ms (first ${ms(t.firstMs)} ms)`,
        target: 'p95 < 50 ms',
        result: verdict(t.p95 < 50),
      }),
      row({
        suite: s,
        measure: 'store.handle on that programme (diagnostic)',
        steerlog: `first ${ms(t.appendColdMs)} ms, then p50 ${ms(t.appendWarm.p50)} / p99 ${ms(t.appendWarm.p99)} ms`,
        alternative: a ? `small programmes: ${lat(a.store)}` : '',
      }),
    );
  }
  const f = res.fanOut;
  if (f) {
    const first = f.steerlog[0];
    const s = `5. live fan-out (${first?.clients ?? '?'} clients; ${f.steerlog.length} runs x ${first?.frames ?? '?'} commands, 1 per 10 ms)`;
    const p99 = med(f.steerlog, (r) => r.p99);
    const bare = med(f.bare, (r) => r.p99);
    const complete = f.steerlog.every((r) => r.complete) && f.bare.every((r) => r.complete);
    out.push(
      row({
        suite: s,
        measure: 'commit-to-receipt vs bare @fastify/websocket broadcast',
        steerlog: lat(f.steerlog),
        alternative: `bare ${lat(f.bare)}`,
        ratio: x(p99 / bare),
        anchor: 'bare p99 ~11 ms',
        target: 'p99 <= 1.2x bare',
        result: complete ? verdict(p99 / bare <= 1.2) : 'incomplete delivery',
      }),
    );
  }
  const r = res.reads;
  if (r) {
    const s = '6. HTTP reads (50 connections, typical programme)';
    out.push(
      row({
        suite: s,
        measure: `GET state (${int(r.stateBytes)} bytes) vs a bare Fastify route sending the same bytes`,
        steerlog: `${int(med(r.state, (x) => x.requestsPerSecond))} req/s; ${lat(r.state)}`,
        alternative: `bare ${int(med(r.bare, (x) => x.requestsPerSecond))} req/s; ${lat(r.bare)}`,
        ratio: x(med(r.state, (v) => v.requestsPerSecond) / med(r.bare, (v) => v.requestsPerSecond)),
        target: '>= 0.5x bare, p99 < 50 ms',
        result: verdict(
          med(r.state, (v) => v.requestsPerSecond) >= 0.5 * med(r.bare, (v) => v.requestsPerSecond) &&
            med(r.state, (v) => v.p99) < 50,
        ),
      }),
      row({
        suite: s,
        measure: 'GET highlight report',
        steerlog: `${int(med(r.highlight, (x) => x.requestsPerSecond))} req/s; ${lat(r.highlight)}`,
      }),
      row({
        suite: `server memory (${int(r.events)} events stored; ${r.loader === 'built' ? 'built JavaScript, as pnpm start runs it' : 'through the bench loader (profiled)'})`,
        measure: 'RSS after start + a few reads (after the read load; after it and a full GC)',
        steerlog: `${int(r.rssAfterFewReads.rssMb)} MB (${int(r.rssAfterLoad.rssMb)} MB; ${int(r.rssAfterGc.rssMb)} MB, heap ${int(r.rssAfterGc.heapUsedMb)} MB)`,
        alternative: `same server, empty database, after GC: ${int(r.rssEmptyDatabase.rssMb)} MB (heap ${int(r.rssEmptyDatabase.heapUsedMb)} MB); ready ${r.readySeconds.toFixed(0)} s after start (slowest /readyz meanwhile ${int(r.slowestReadyzMs)} ms)`,
        target: '< 200 MB',
        result: verdict(r.rssAfterFewReads.rssMb < 200),
      }),
      row({
        suite: `restart with ${int(r.events)} events stored`,
        measure:
          'from process start to /readyz 200 (integrity checked since the last check; full check in the background)',
        steerlog: `${r.readySeconds.toFixed(1)} s`,
        alternative: `first start (whole chain verified before ready): ${r.firstReadySeconds.toFixed(1)} s`,
        target: '<= 3 s',
        result: verdict(r.readySeconds <= 3),
      }),
    );
  }
  if (res.postgres) out.push(...postgresRows(res.postgres));
  return out;
};

export const markdownTable = (rs: Row[]) => {
  const head: (keyof Row)[] = ['suite', 'measure', 'steerlog', 'alternative', 'ratio', 'anchor', 'target', 'result'];
  const titles = [
    'suite',
    'measure',
    'Steerlog',
    'alternative (same run)',
    'ratio',
    'issue anchor',
    'target',
    'result',
  ];
  const esc = (s: string) => s.replaceAll('|', '\\|');
  return [
    `| ${titles.join(' | ')} |`,
    `| ${titles.map(() => '---').join(' | ')} |`,
    ...rs.map((r) => `| ${head.map((k) => esc(r[k])).join(' | ')} |`),
  ].join('\n');
};
