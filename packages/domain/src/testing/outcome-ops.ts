/** The outcome operations of the property tests' random histories (see `ops.ts`). */
import fc from 'fast-check';
import type { Command } from '../commands.js';
import type { FoldableEvent } from '../evolve.js';
import type { ProgrammeState } from '../state.js';

const day = fc
  .integer({ min: 0, max: 500 })
  .map((n) => new Date(Date.UTC(2025, 0, 10) + n * 86_400_000).toISOString().slice(0, 10));
const pick = <T>(xs: readonly T[], i: number) => xs[i % xs.length]!;

export const outcomeKinds = [
  fc.record({
    kind: fc.constant('indicator' as const),
    direction: fc.constantFrom('increase' as const, 'decrease' as const),
    baseline: fc.integer({ min: 0, max: 100 }),
    target: fc.integer({ min: 0, max: 100 }),
    on: day,
    by: day,
  }),
  fc.record({
    kind: fc.constant('measure' as const),
    which: fc.nat(),
    value: fc.integer({ min: 0, max: 100 }),
    on: day,
    cite: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('issue' as const),
    issueKind: fc.constantFrom('barrier' as const, 'enabler' as const, 'support-request' as const, 'question' as const),
    to: fc.constantFrom('steering-group' as const, 'board' as const, 'national' as const),
    on: day,
  }),
  fc.record({
    kind: fc.constant('respond' as const),
    which: fc.nat(),
    status: fc.constantFrom('open' as const, 'answered' as const, 'resolved' as const, 'withdrawn' as const),
    on: day,
  }),
  fc.record({
    kind: fc.constant('rescore' as const),
    likelihood: fc.integer({ min: 1, max: 5 }),
    impact: fc.integer({ min: 1, max: 5 }),
    on: day,
  }),
  fc.record({ kind: fc.constant('evidence' as const), n: fc.nat(1000), on: day }),
  fc.record({ kind: fc.constant('close-workstream' as const), on: day }),
  fc.record({ kind: fc.constant('correct' as const), which: fc.nat(), n: fc.integer({ min: 1, max: 99 }) }),
] as const;

export type OutcomeOp = (typeof outcomeKinds)[number] extends fc.Arbitrary<infer T> ? T : never;

/** What a correction may replace in a random history, and with what. */
const replacementFor = (e: FoldableEvent, n: number): { type: string; data: Record<string, unknown> } | null => {
  switch (e.type) {
    case 'MilestoneAdded':
      return { type: 'AddMilestone', data: { ...e.data, title: `M corrected ${n}` } };
    case 'TrainingDelivered': {
      const { partnerId, ...data } = e.data;
      return { type: 'RecordTraining', data: { ...data, ...(partnerId ? { partnerId } : {}), attendees: n } };
    }
    case 'MeasurementRecorded':
      return { type: 'RecordMeasurement', data: { ...e.data, value: n } };
    case 'IssueRaised':
      return { type: 'RaiseIssue', data: { ...e.data, title: `Issue corrected ${n}` } };
    case 'RagChanged': {
      const { previous: _previous, ...data } = e.data;
      return { type: 'ChangeRag', data: { ...data, reason: `corrected ${n}` } };
    }
    default:
      return null;
  }
};

/** The command an outcome operation becomes against what the log holds now. */
export const outcomeCommandOf = (s: ProgrammeState, events: readonly FoldableEvent[], o: OutcomeOp): Command => {
  const indicators = [...s.indicators.keys()];
  const issues = [...s.issues.keys()];
  const evidence = [...s.evidence.keys()];
  switch (o.kind) {
    case 'indicator':
      return {
        type: 'DefineIndicator',
        data: {
          name: 'Staff trained',
          unit: 'percent',
          direction: o.direction,
          baseline: { value: o.baseline, on: o.on < o.by ? o.on : o.by },
          // Mostly the right side of the baseline; the rest is refused (target_wrong_direction).
          target: {
            value:
              o.target % 5 === 0
                ? o.target
                : o.direction === 'increase'
                  ? Math.max(o.baseline, o.target)
                  : Math.min(o.baseline, o.target),
            by: o.on < o.by ? o.by : o.on,
          },
          ownerPartnerId: 'council',
        },
        occurredAt: o.on,
      };
    case 'measure':
      return {
        type: 'RecordMeasurement',
        data: {
          indicatorId: pick(indicators.length ? indicators : ['none'], o.which),
          value: o.value,
          on: o.on,
          ...(o.cite && evidence.length ? { evidenceIds: [pick(evidence, o.which)] } : {}),
        },
        occurredAt: o.on,
      };
    case 'issue':
      return {
        type: 'RaiseIssue',
        data: { kind: o.issueKind, title: 'Issue', addressedTo: o.to, raisedByPartnerId: 'nhs-trust' },
        occurredAt: o.on,
      };
    case 'respond':
      return {
        type: 'RespondToIssue',
        data: { issueId: pick(issues.length ? issues : ['none'], o.which), response: 'property', status: o.status },
        occurredAt: o.on,
      };
    case 'rescore': {
      const risks = [...s.risks.keys()];
      if (risks.length === 0)
        return {
          type: 'RaiseRisk',
          data: { title: 'Risk', likelihood: o.likelihood, impact: o.impact },
          occurredAt: o.on,
        };
      return {
        type: 'RescoreRisk',
        data: { riskId: risks[0]!, likelihood: o.likelihood, impact: o.impact, reason: 'property' },
        occurredAt: o.on,
      };
    }
    case 'evidence':
      return {
        type: 'AttachEvidence',
        data: {
          sha256: o.n.toString(16).padStart(64, '0'),
          fileName: `minutes-${o.n}.pdf`,
          mediaType: 'application/pdf',
          bytes: o.n + 1,
          about: 'workstream:training',
        },
        occurredAt: o.on,
      };
    case 'close-workstream':
      return { type: 'CloseWorkstream', data: { workstreamId: 'training', reason: 'property' }, occurredAt: o.on };
    case 'correct': {
      const candidates = events.filter((e) => !s.retracted.has(e.id) && replacementFor(e, o.n) !== null);
      const target = candidates.length ? pick(candidates, o.which) : events[0]!;
      return {
        type: 'CorrectEvent',
        data: {
          eventId: target.id,
          reason: 'property',
          replacement: replacementFor(target, o.n) ?? { type: 'LaunchProgramme', data: {} },
        },
      };
    }
  }
};
