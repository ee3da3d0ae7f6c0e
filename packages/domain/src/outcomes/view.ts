import { z } from 'zod';
import type { ProgrammeState } from '../state.js';
import { daysBetween } from '../time.js';
import type { IndicatorState, RiskScore } from './state.js';
import { IndicatorDirection, IndicatorUnit, IssueAddressee, IssueKind, IssueStatus } from './primitives.js';

const Illustrative = z.literal(true).optional();

export const IndicatorStatus = z.enum(['met', 'on-track', 'off-track', 'no-data']);
export type IndicatorStatus = z.infer<typeof IndicatorStatus>;

const MeasurementView = z.object({
  value: z.number(),
  on: z.string(),
  note: z.string().nullable(),
  evidenceIds: z.array(z.string()),
  illustrative: Illustrative,
});

export const IndicatorView = z.object({
  indicatorId: z.string(),
  name: z.string(),
  unit: IndicatorUnit,
  direction: IndicatorDirection,
  baseline: z.object({ value: z.number(), on: z.string() }).nullable(),
  target: z.object({ value: z.number(), by: z.string() }).nullable(),
  ownerPartnerId: z.string().nullable(),
  workstreamId: z.string().nullable(),
  definedOn: z.string(),
  /** Measured on or before `asOf`, oldest first. */
  measurements: z.array(MeasurementView),
  latest: MeasurementView.nullable(),
  status: IndicatorStatus,
  /** Where the straight line from baseline to target stands on the latest measurement's date. */
  expected: z.number().nullable(),
  illustrative: Illustrative,
});
export type IndicatorView = z.infer<typeof IndicatorView>;

export const IssueView = z.object({
  issueId: z.string(),
  kind: IssueKind,
  title: z.string(),
  detail: z.string().nullable(),
  raisedByPartnerId: z.string().nullable(),
  addressedTo: IssueAddressee,
  workstreamId: z.string().nullable(),
  status: IssueStatus,
  raisedOn: z.string(),
  responses: z.array(
    z.object({
      response: z.string(),
      status: IssueStatus,
      on: z.string(),
      decisionId: z.string().nullable(),
      illustrative: Illustrative,
    }),
  ),
  illustrative: Illustrative,
});
export type IssueView = z.infer<typeof IssueView>;

export const EvidenceView = z.object({
  evidenceId: z.string(),
  sha256: z.string(),
  fileName: z.string(),
  mediaType: z.string(),
  bytes: z.number().int(),
  about: z.string(),
  attachedOn: z.string(),
  illustrative: Illustrative,
});

export const RiskScoreView = z.object({
  on: z.string(),
  likelihood: z.number().int(),
  impact: z.number().int(),
  score: z.number().int(),
  reason: z.string().nullable(),
  illustrative: Illustrative,
});

/** Where the straight line from `from` to `to` stands on `on` (held at the ends outside them). */
const lineAt = (from: { value: number; on: string }, to: { value: number; by: string }, on: string) => {
  const span = daysBetween(from.on, to.by);
  const part = span <= 0 ? 1 : Math.min(1, Math.max(0, daysBetween(from.on, on) / span));
  return from.value + (to.value - from.value) * part;
};

/**
 * An indicator as of `asOfDate`. `met`: the latest measurement reaches the target (in the
 * indicator's direction); `on-track`: it is at or past the straight line from the baseline to
 * the target at its own date; `off-track`: behind it; `no-data`: nothing measured yet, or no
 * target to measure against. Without a baseline the line starts at the first measurement.
 */
export const indicatorView = (i: IndicatorState, asOfDate: string): IndicatorView => {
  const measurements = i.measurements
    .map((m, n) => ({ m, n }))
    .filter(({ m }) => m.on <= asOfDate)
    // By date; measurements of one day keep the order they were recorded in, the last one counting.
    .sort((a, b) => (a.m.on < b.m.on ? -1 : a.m.on > b.m.on ? 1 : a.n - b.n))
    .map(({ m }) => ({ ...m, evidenceIds: [...m.evidenceIds] }));
  const latest = measurements[measurements.length - 1] ?? null;
  const start = i.baseline ?? (measurements[0] ? { value: measurements[0].value, on: measurements[0].on } : null);
  const ahead = (a: number, b: number) => (i.direction === 'increase' ? a >= b : a <= b);
  let status: IndicatorStatus = 'no-data';
  let expected: number | null = null;
  if (latest && i.target && start) {
    expected = lineAt(start, i.target, latest.on);
    status = ahead(latest.value, i.target.value) ? 'met' : ahead(latest.value, expected) ? 'on-track' : 'off-track';
  }
  return {
    ...i,
    baseline: i.baseline && { ...i.baseline },
    target: i.target && { ...i.target },
    measurements,
    latest,
    status,
    expected,
  };
};

/** The outcome parts of the state document. */
export const outcomeViews = (s: ProgrammeState, asOfDate: string) => ({
  indicators: [...s.indicators.values()].map((i) => indicatorView(i, asOfDate)),
  issues: [...s.issues.values()].map((i) => ({ ...i, responses: i.responses.map((r) => ({ ...r })) })),
  evidence: [...s.evidence.values()].map((e) => ({ ...e })),
});

export const scoreHistoryView = (history: readonly RiskScore[]) =>
  history.map((h) => ({ ...h, score: h.likelihood * h.impact }));
