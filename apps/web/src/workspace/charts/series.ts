import type { FoldableEvent, MaturityLevel, Rag } from '@steerlog/domain';
import { endOf, fold } from '@steerlog/domain';

export const ragScore: Record<Rag, number> = { red: 1, amber: 2, green: 3 };
export const ragOfScore = (score: number): Rag | null =>
  score === 1 ? 'red' : score === 2 ? 'amber' : score === 3 ? 'green' : null;
export const maturityScore: Record<MaturityLevel, number> = {
  'not-present': 0,
  emerging: 1,
  'consistently-present': 2,
};

export type Series = {
  key: string;
  label: string;
  /** One value per date of the chart; null where the thing did not exist or was not rated yet. */
  points: { date: string; value: number | null }[];
};

const dayOf = (instant: string) => instant.slice(0, 10);
const datesOf = (events: readonly FoldableEvent[], type: FoldableEvent['type']) =>
  [...new Set(events.filter((e) => e.type === type).map((e) => dayOf(e.occurredAt)))].sort();

/**
 * RAG over time of every partner and workstream: the programme folded by the domain's own `fold`
 * at the end of each day a rating changed, so back-dated entries and retractions count exactly as
 * the server counts them.
 */
export const ragOverTime = (events: readonly FoldableEvent[]): { partners: Series[]; workstreams: Series[] } => {
  const dates = datesOf(events, 'RagChanged');
  const states = dates.map((date) => ({ date, state: fold(events, { asOf: endOf(date) }) }));
  const last = fold(events);
  const series = (kind: 'partners' | 'workstreams'): Series[] =>
    [...last[kind].values()].map((thing) => {
      const key = 'partnerId' in thing ? thing.partnerId : thing.workstreamId;
      return {
        key,
        label: thing.name,
        points: states.map(({ date, state }) => {
          const rag = state[kind].get(key)?.rag?.current;
          return { date, value: rag ? ragScore[rag] : null };
        }),
      };
    });
  return { partners: series('partners'), workstreams: series('workstreams') };
};

/**
 * Self-assessed maturity per domain over time: at the end of each day an assessment was
 * recorded, the mean level (0 not present, 1 emerging, 2 consistently present) over the
 * organisations that had assessed that domain by then.
 */
export const maturityOverTime = (events: readonly FoldableEvent[]): Series[] => {
  const dates = datesOf(events, 'MaturityAssessed');
  const states = dates.map((date) => ({ date, state: fold(events, { asOf: endOf(date) }) }));
  const domains = [...new Set([...fold(events).maturity.values()].map((m) => m.domain))];
  return domains.map((domain) => ({
    key: domain,
    label: domain.replaceAll('-', ' '),
    points: states.map(({ date, state }) => {
      const levels = [...state.maturity.values()].filter((m) => m.domain === domain).map((m) => maturityScore[m.level]);
      return {
        date,
        value: levels.length === 0 ? null : Math.round((levels.reduce((a, b) => a + b, 0) / levels.length) * 100) / 100,
      };
    }),
  }));
};

/** A day as a point on a time axis (milliseconds, UTC midnight), so charts space dates by time, not evenly. */
export const timeOf = (date: string): number => Date.parse(`${date.slice(0, 10)}T00:00:00Z`);

/**
 * Ticks for a time axis from `min` to `max` (ms): 1 January of each year inside it, or, over a
 * span too short for two of those, the first of every quarter, so an axis always has a tick to read.
 */
export const timeTicks = (min: number, max: number): number[] => {
  const start = new Date(min);
  const years: number[] = [];
  for (let y = start.getUTCFullYear(); Date.UTC(y, 0, 1) <= max; y++)
    if (Date.UTC(y, 0, 1) >= min) years.push(Date.UTC(y, 0, 1));
  if (years.length >= 2) return years;
  const quarters: number[] = [];
  for (let y = start.getUTCFullYear(), m = Math.floor(start.getUTCMonth() / 3) * 3; Date.UTC(y, m, 1) <= max; m += 3) {
    if (m >= 12) {
      y++;
      m -= 12;
    }
    if (Date.UTC(y, m, 1) >= min && Date.UTC(y, m, 1) <= max) quarters.push(Date.UTC(y, m, 1));
  }
  return quarters.length > 0 ? quarters : [min];
};
