import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical.js';
import type { FoldableEvent } from './evolve.js';
import { fold } from './fold.js';
import { history, op } from './testing/ops.js';
import type { Timeline } from './timeline.js';
import { foldAsOf, timelineOf } from './timeline.js';
import { toView } from './view.js';

const NOW = '2026-06-01T00:00:00.000Z';
const seen = (events: readonly FoldableEvent[], asOf: string | undefined) => {
  const s = fold(events, { asOf });
  return canonicalJson({ view: toView(s, { asOf: asOf ?? NOW, knownAt: NOW }), v: s.version, p: s.position });
};
const fromTimeline = (t: Timeline, asOf: string | undefined) => {
  const s = foldAsOf(t, asOf);
  return canonicalJson({ view: toView(s, { asOf: asOf ?? NOW, knownAt: NOW }), v: s.version, p: s.position });
};
const asOfDay = fc
  .integer({ min: -5, max: 520 })
  .map((n) => new Date(Date.UTC(2025, 0, 10) + n * 86_400_000).toISOString().slice(0, 10) + 'T23:59:59.999Z');

describe('time travel from snapshots', () => {
  it('equals the fold as of any date, with the timeline extended command by command (back-dating and retractions included)', () => {
    fc.assert(
      fc.property(
        fc.array(op, { maxLength: 40 }),
        fc.array(fc.option(asOfDay, { nil: undefined }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 6 }),
        (ops, dates, every) => {
          const log = history(ops);
          let timeline: Timeline | undefined;
          // Extend one event at a time, querying on the way, so snapshots are taken and then
          // invalidated by what lands later.
          for (let n = 1; n <= log.events.length; n++) {
            const events = log.events.slice(0, n);
            timeline = timelineOf(events, timeline, () => every);
            const at = dates[n % dates.length];
            expect(fromTimeline(timeline, at)).toBe(seen(events, at));
          }
          for (const at of dates) expect(fromTimeline(timeline!, at)).toBe(seen(log.events, at));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps its snapshots when events land at the end of valid time, and drops them from where a back-dated one lands', () => {
    const log = history([]);
    const start = log.events.length;
    let t = timelineOf(log.events.slice(), undefined, () => 2);
    foldAsOf(t, undefined);
    const taken = t.snapshots.length;
    expect(taken).toBeGreaterThan(0);
    log.record({
      type: 'RecordTraining',
      data: { level: 1, audience: 'staff', sessions: 1, attendees: 3, deliveredOn: '2026-04-30' },
      occurredAt: '2026-04-30',
    });
    t = timelineOf(log.events.slice(), t, () => 2);
    expect(t.snapshots.length).toBe(taken);
    log.record({
      type: 'RecordTraining',
      data: { level: 1, audience: 'staff', sessions: 1, attendees: 3, deliveredOn: '2025-01-06' },
      occurredAt: '2025-01-06',
    });
    t = timelineOf(log.events.slice(), t, () => 2);
    expect(t.snapshots.every((s) => s.index <= 2)).toBe(true);
    expect(t.known.length).toBe(start + 2);
  });
});
