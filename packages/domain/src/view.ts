import { z } from 'zod';
import { MeetingPapersView } from './agenda.js';
import { PersonView } from './people.js';
import { MaturityLevel, Rag, Sector } from './primitives.js';
import { RoundView, roundView } from './rounds.js';
import type { MilestoneState, ProgrammeState } from './state.js';
import { daysBetween } from './time.js';
import {
  EvidenceView,
  IndicatorView,
  IssueView,
  RiskScoreView,
  outcomeViews,
  scoreHistoryView,
} from './outcomes/view.js';

/** `true` on a thing or figure that rests on an illustrative event; absent otherwise (never `false`). */
const Illustrative = z.literal(true).optional();

export const RagStatusView = z
  .object({
    current: Rag,
    previous: Rag.nullable(),
    changedOn: z.string(),
    reason: z.string(),
    illustrative: Illustrative,
  })
  .nullable();

const HighlightReportView = z.object({
  reportedOn: z.string(),
  lead: z.string(),
  summary: z.string(),
  successes: z.array(z.string()),
  challenges: z.array(z.string()),
  upcoming: z.array(z.object({ title: z.string(), dueOn: z.string().optional() })),
  roundId: z.string().nullable(),
  evidenceIds: z.array(z.string()),
  illustrative: Illustrative,
});

export const MilestoneStatus = z.enum(['done', 'overdue', 'open']);

/** The steering-group state of the contract's "State" section. */
export const ProgrammeView = z.object({
  programmeId: z.string(),
  name: z.string(),
  ambition: z.string().nullable(),
  startsOn: z.string().nullable(),
  endsOn: z.string().nullable(),
  version: z.number().int(),
  position: z.number().int(),
  asOf: z.string(),
  knownAt: z.string(),
  rag: RagStatusView,
  partners: z.array(
    z.object({
      partnerId: z.string(),
      name: z.string(),
      sector: Sector,
      lead: z.string().nullable(),
      leadPersonId: z.string().nullable(),
      joinedOn: z.string(),
      rag: RagStatusView,
      lastReport: HighlightReportView.nullable(),
      illustrative: Illustrative,
    }),
  ),
  workstreams: z.array(
    z.object({
      workstreamId: z.string(),
      name: z.string(),
      leadPartnerId: z.string().nullable(),
      description: z.string().nullable(),
      createdOn: z.string(),
      rag: RagStatusView,
      status: z.enum(['active', 'closed']),
      closedOn: z.string().nullable(),
      closedReason: z.string().nullable(),
      mergedIntoWorkstreamId: z.string().nullable(),
      milestones: z.array(
        z.object({
          milestoneId: z.string(),
          title: z.string(),
          dueOn: z.string(),
          originalDueOn: z.string(),
          status: MilestoneStatus,
          completedOn: z.string().nullable(),
          slipDays: z.number().int(),
          rescheduleReason: z.string().nullable(),
          illustrative: Illustrative,
        }),
      ),
      illustrative: Illustrative,
    }),
  ),
  funding: z.object({
    allocatedPence: z.number().int(),
    spentPence: z.number().int(),
    byFinancialYear: z.array(
      z.object({
        financialYear: z.string(),
        allocatedPence: z.number().int(),
        spentPence: z.number().int(),
        illustrative: Illustrative,
      }),
    ),
    allocations: z.array(
      z.object({
        allocationId: z.string(),
        source: z.string(),
        amountPence: z.number().int(),
        spentPence: z.number().int(),
        financialYear: z.string(),
        partnerId: z.string().nullable(),
        workstreamId: z.string().nullable(),
        purpose: z.string().nullable(),
        allocatedOn: z.string(),
        illustrative: Illustrative,
      }),
    ),
    illustrative: Illustrative,
  }),
  openMeetingId: z.string().nullable(),
  meetings: z.array(
    z.object({
      meetingId: z.string(),
      title: z.string(),
      attendees: z.array(z.string()),
      openedAt: z.string(),
      closedAt: z.string().nullable(),
      ...MeetingPapersView.shape,
      illustrative: Illustrative,
    }),
  ),
  decisions: z.array(
    z.object({
      decisionId: z.string(),
      summary: z.string(),
      rationale: z.string().nullable(),
      alternativesRejected: z.array(z.string()),
      conflictsDeclared: z.array(z.string()),
      meetingId: z.string().nullable(),
      decidedOn: z.string(),
      evidenceIds: z.array(z.string()),
      illustrative: Illustrative,
    }),
  ),
  actions: z.array(
    z.object({
      actionId: z.string(),
      title: z.string(),
      ownerPartnerId: z.string(),
      dueOn: z.string(),
      decisionId: z.string().nullable(),
      ownerPersonId: z.string().nullable(),
      /** The owner person's name, when one was named. */
      ownerName: z.string().nullable(),
      assignedOn: z.string(),
      completedOn: z.string().nullable(),
      status: MilestoneStatus,
      illustrative: Illustrative,
    }),
  ),
  risks: z.array(
    z.object({
      riskId: z.string(),
      title: z.string(),
      likelihood: z.number().int(),
      impact: z.number().int(),
      score: z.number().int(),
      ownerPartnerId: z.string().nullable(),
      ownerPersonId: z.string().nullable(),
      ownerName: z.string().nullable(),
      raisedOn: z.string(),
      status: z.enum(['open', 'closed']),
      closedOn: z.string().nullable(),
      closedReason: z.string().nullable(),
      scoreHistory: z.array(RiskScoreView),
      illustrative: Illustrative,
    }),
  ),
  training: z.object({
    byLevel: z.array(
      z.object({
        level: z.number().int(),
        sessions: z.number().int(),
        attendees: z.number().int(),
        evidenceIds: z.array(z.string()),
        illustrative: Illustrative,
      }),
    ),
  }),
  champions: z.array(
    z.object({
      championId: z.string(),
      partnerId: z.string(),
      name: z.string(),
      role: z.string().nullable(),
      personId: z.string().nullable(),
      appointedOn: z.string(),
      illustrative: Illustrative,
    }),
  ),
  maturity: z.array(
    z.object({
      partnerId: z.string().nullable(),
      domain: z.string(),
      level: MaturityLevel,
      evidence: z.string().nullable(),
      assessedOn: z.string(),
      evidenceIds: z.array(z.string()),
      illustrative: Illustrative,
    }),
  ),
  people: z.array(PersonView),
  reportingRounds: z.array(RoundView),
  indicators: z.array(IndicatorView),
  issues: z.array(IssueView),
  evidence: z.array(EvidenceView),
  /** The programme itself was launched by an illustrative event. */
  illustrative: Illustrative,
});
export type ProgrammeView = z.infer<typeof ProgrammeView>;

const statusOn = (dueOn: string, completedOn: string | null, asOfDate: string) =>
  completedOn !== null && completedOn <= asOfDate ? 'done' : dueOn < asOfDate ? 'overdue' : 'open';

/**
 * A thing's view, kept with the thing's object. The fold replaces a thing's object whenever the
 * thing changes and never edits one, so its view stays right for as long as the object lives,
 * given the same `a` and `b` (what else it reads: a status worked out against `asOf`, a name).
 * A programme of 100,000 events has tens of thousands of things and a time-travel query changes
 * few of their views; building each afresh was most of the query. Views are read-only documents.
 */
const kept = <T extends object, A, B, V>(make: (thing: T, a: A, b: B) => V) => {
  const views = new WeakMap<T, { a: A; b: B; view: V }>();
  return (thing: T, a: A, b: B): V => {
    const hit = views.get(thing);
    if (hit !== undefined && hit.a === a && hit.b === b) return hit.view;
    const view = make(thing, a, b);
    views.set(thing, { a, b, view });
    return view;
  };
};

type Thing<K extends keyof ProgrammeState> = ProgrammeState[K] extends Map<unknown, infer T> ? T : never;
const illustrativeOf = (t: { illustrative?: true | undefined }) =>
  t.illustrative ? { illustrative: true as const } : {};

const milestoneView = kept((m: MilestoneState, status: 'done' | 'overdue' | 'open', _: null) => ({
  milestoneId: m.milestoneId,
  title: m.title,
  dueOn: m.dueOn,
  originalDueOn: m.originalDueOn,
  status,
  completedOn: m.completedOn,
  slipDays: daysBetween(m.originalDueOn, m.dueOn),
  rescheduleReason: m.rescheduleReason,
  ...illustrativeOf(m),
}));
const partnerView = kept((p: Thing<'partners'>, lead: string | null, _: null) => ({ ...p, lead }));
const copyView = kept(<T extends object>(t: T, _a: null, _b: null) => ({ ...t }));
const withEvidenceView = kept(<T extends { evidenceIds: readonly string[] }>(t: T, _a: null, _b: null) => ({
  ...t,
  evidenceIds: [...t.evidenceIds],
}));
const actionView = kept((a: Thing<'actions'>, ownerName: string | null, status: 'done' | 'overdue' | 'open') => ({
  ...a,
  ownerName,
  status,
}));
const riskView = kept((r: Thing<'risks'>, ownerName: string | null, _: null) => ({
  ...r,
  score: r.likelihood * r.impact,
  ownerName,
  scoreHistory: scoreHistoryView(r.scoreHistory),
  status: r.closedOn === null ? ('open' as const) : ('closed' as const),
}));
const championView = kept((c: Thing<'champions'>, name: string, _: null) => ({ ...c, name }));

/**
 * The contract's state document for a folded programme. Statuses that depend on the date
 * (overdue, done) are worked out here against `asOf`, never stored.
 */
export const toView = (s: ProgrammeState, at: { asOf: string; knownAt: string }): ProgrammeView => {
  const asOfDate = at.asOf.slice(0, 10);
  const allocations = [...s.allocations.values()];
  const years = new Map<
    string,
    { financialYear: string; allocatedPence: number; spentPence: number; illustrative?: true }
  >();
  for (const a of allocations) {
    const y = years.get(a.financialYear) ?? { financialYear: a.financialYear, allocatedPence: 0, spentPence: 0 };
    years.set(a.financialYear, {
      ...y,
      allocatedPence: y.allocatedPence + a.amountPence,
      spentPence: y.spentPence + a.spentPence,
      ...(a.illustrative ? { illustrative: true as const } : {}),
    });
  }
  // Grouped once: filtering every milestone for every workstream was quadratic on a large programme.
  const milestonesOf = new Map<string, MilestoneState[]>();
  for (const m of s.milestones.values()) {
    const list = milestonesOf.get(m.workstreamId);
    if (list) list.push(m);
    else milestonesOf.set(m.workstreamId, [m]);
  }
  // Where a person is named, the view shows their name as it reads now (or `[erased]`).
  const nameOf = (personId: string | null) => (personId === null ? null : (s.people.get(personId)?.name ?? null));
  return {
    programmeId: s.programmeId ?? '',
    name: s.name,
    ambition: s.ambition,
    startsOn: s.startsOn,
    endsOn: s.endsOn,
    version: s.version,
    position: s.position,
    asOf: at.asOf,
    knownAt: at.knownAt,
    rag: s.rag,
    partners: [...s.partners.values()].map((p) => partnerView(p, nameOf(p.leadPersonId) ?? p.lead, null)),
    workstreams: [...s.workstreams.values()].map((w) => ({
      ...w,
      status: w.closedOn === null ? ('active' as const) : ('closed' as const),
      milestones: (milestonesOf.get(w.workstreamId) ?? []).map((m) =>
        milestoneView(m, statusOn(m.dueOn, m.completedOn, asOfDate), null),
      ),
    })),
    funding: {
      allocatedPence: allocations.reduce((n, a) => n + a.amountPence, 0),
      spentPence: allocations.reduce((n, a) => n + a.spentPence, 0),
      byFinancialYear: [...years.values()].sort((a, b) => a.financialYear.localeCompare(b.financialYear)),
      allocations: allocations.map((a) => copyView(a, null, null)),
      // The totals rest on every allocation and spend, so one illustrative part marks them.
      ...(allocations.some((a) => a.illustrative) ? { illustrative: true as const } : {}),
    },
    openMeetingId: s.openMeetingId,
    meetings: [...s.meetings.values()].map((m) => copyView(m, null, null)),
    decisions: [...s.decisions.values()].map((d) => withEvidenceView(d, null, null)),
    actions: [...s.actions.values()].map((a) =>
      actionView(a, nameOf(a.ownerPersonId), statusOn(a.dueOn, a.completedOn, asOfDate)),
    ),
    risks: [...s.risks.values()].map((r) => riskView(r, nameOf(r.ownerPersonId), null)),
    training: {
      byLevel: [...s.training.entries()]
        .sort(([a], [b]) => a - b)
        .map(([level, t]) => ({ level, ...t, evidenceIds: [...t.evidenceIds] })),
    },
    champions: [...s.champions.values()].map((c) => championView(c, nameOf(c.personId) ?? c.name, null)),
    maturity: [...s.maturity.values()].map((m) => withEvidenceView(m, null, null)),
    people: [...s.people.values()].map((p) => copyView(p, null, null)),
    reportingRounds: [...s.reportingRounds.values()].map((r) => roundView(r, asOfDate)),
    ...outcomeViews(s, asOfDate),
    ...(s.illustrative ? { illustrative: true as const } : {}),
  };
};
