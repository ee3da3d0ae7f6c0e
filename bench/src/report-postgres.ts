import type { Row } from './report.js';
import { int, lat, med, ms, rate, row, verdict, x } from './report.js';
import type { PostgresResult } from './suites/postgres.js';

/** The PostgreSQL suite's rows: each figure next to raw `pg` or Emmett or one instance, from the same run. */
export const postgresRows = (p: PostgresResult): Row[] => {
  const out: Row[] = [];
  const store = rate(p.store);
  const raw = rate(p.raw);
  const emmett = Array.isArray(p.emmett) ? rate(p.emmett) : Number.NaN;
  const s = `PG 1. durable append, 1 command per tx (${p.size.runs} runs x ${int(p.size.commands)} commands over ${int(p.size.programmes)} programmes)`;
  const trips = `${med(p.store, (r) => r.roundTripsPerCommand ?? Number.NaN).toFixed(2)} round trips/command (${med(p.store, (r) => r.statementsPerCommand ?? Number.NaN).toFixed(1)} statements)`;
  out.push(
    row({
      suite: s,
      measure: 'store.handle on PostgreSQL vs raw pg begin/insert/commit',
      steerlog: `${int(store)} events/s; ${lat(p.store)}; ${trips}`,
      alternative: `raw pg ${int(raw)} events/s; ${lat(p.raw)}`,
      ratio: x(store / raw),
      anchor: 'issue: 190 events/s',
      target: '>= 0.5x raw pg',
      result: verdict(store / raw >= 0.5),
    }),
    row({
      suite: s,
      measure: 'store.handle vs Emmett PostgreSQL appendToStream',
      steerlog: `${int(store)} events/s`,
      alternative: Array.isArray(p.emmett)
        ? `Emmett ${int(emmett)} events/s; ${lat(p.emmett)}`
        : `Emmett failed: ${p.emmett.error}`,
      ratio: x(store / emmett),
      target: '>= 3x Emmett PostgreSQL',
      result: Array.isArray(p.emmett) ? verdict(store / emmett >= 3) : 'n/a',
    }),
  );
  const by = (n: number) => p.concurrent.filter((r) => r.instances === n);
  const one = med(by(1), (r) => r.requestsPerSecond);
  for (const n of [1, 2, 3]) {
    const rs = by(n);
    if (rs.length === 0) continue;
    const total = med(rs, (r) => r.requestsPerSecond);
    const clean = rs.every((r) => r.gaps === 0 && r.duplicates === 0 && r.verifyOk && r.non2xx === 0);
    out.push(
      row({
        suite: 'PG 2. concurrent commands (HTTP, 50 connections, group commit)',
        measure: `${n} instance${n === 1 ? '' : 's'} on one database`,
        steerlog: `${int(total)} commands/s; ${lat(rs)}; ${med(rs, (r) => r.commandsPerTransaction).toFixed(1)} commands/tx; non-2xx ${rs.reduce((k, r) => k + r.non2xx + r.errors, 0)}; gaps ${rs.reduce((k, r) => k + r.gaps, 0)}, duplicates ${rs.reduce((k, r) => k + r.duplicates, 0)}, verify ${rs.every((r) => r.verifyOk) ? 'ok' : 'FAILED'}`,
        alternative: n === 1 ? `raw pg 1/tx ${int(raw)} events/s` : `1 instance ${int(one)} commands/s`,
        ratio: n === 1 ? x(total / raw) : x(total / one),
        target:
          n === 1 ? '>= 2x raw pg one-per-tx' : n === 3 ? '>= 1x one instance; 0 gaps, 0 duplicates, verify ok' : '',
        result: n === 1 ? verdict(total / raw >= 2) : n === 3 ? verdict(total >= one && clean) : '',
      }),
    );
  }
  const f = p.fanOut;
  if (f.single.length > 0 && f.across.length > 0) {
    const single = med(f.single, (r) => r.p99);
    const across = med(f.across, (r) => r.p99);
    const complete = [...f.single, ...f.across].every((r) => r.complete);
    out.push(
      row({
        suite: `PG 3. live fan-out (${f.across[0]!.clients} clients, ${f.across[0]!.frames} commands, commit-to-receipt)`,
        measure: 'clients spread over 3 instances (commands to the first) vs all on 1',
        steerlog: `3 instances: ${lat(f.across)}${complete ? '' : ' (some clients INCOMPLETE)'}`,
        alternative: `1 instance: ${lat(f.single)}`,
        ratio: x(across / single),
        target: 'p99 <= 1.5x single instance',
        result: verdict(across <= 1.5 * single && complete),
      }),
    );
  } else if (f.single.length > 0)
    out.push(row({ suite: 'PG 3. live fan-out', measure: 'single', steerlog: ms(med(f.single, (r) => r.p99)) }));
  return out;
};
