import type { MeetingPapers } from './agenda.js';
import type { EventType } from './events.js';
import type { PersonState } from './people.js';
import type { RoundState } from './rounds.js';
import type { EvidenceState, IndicatorState, IssueState, RiskScore } from './outcomes/state.js';
import type { MaturityLevel, Rag, RagSubject, Sector } from './primitives.js';

/**
 * `illustrative: true` (never `false`: absent when not) marks a thing or figure that rests on an
 * illustrative event; see `applyEvent` for the rule.
 */
type Marked = { illustrative?: true };

export type RagStatus = { current: Rag; previous: Rag | null; changedOn: string; reason: string } & Marked;

/** One RAG rating as the fold applied it: `previous` is the rating before it in valid-time order. */
export type RagChange = {
  eventId: string;
  subject: RagSubject;
  current: Rag;
  previous: Rag | null;
  changedOn: string;
  reason: string;
} & Marked;

export type HighlightReport = {
  reportedOn: string;
  lead: string;
  summary: string;
  successes: string[];
  challenges: string[];
  upcoming: { title: string; dueOn?: string | undefined }[];
  /** The reporting round the report was for, if any. */
  roundId: string | null;
  /** Evidence the report cites (attached before it was submitted). */
  evidenceIds: string[];
} & Marked;

export type PartnerState = {
  partnerId: string;
  name: string;
  sector: Sector;
  lead: string | null;
  /** The person who leads the partner, when one was named: the view shows their name as `lead`. */
  leadPersonId: string | null;
  joinedOn: string;
  rag: RagStatus | null;
  lastReport: HighlightReport | null;
} & Marked;
export type WorkstreamState = {
  workstreamId: string;
  name: string;
  leadPartnerId: string | null;
  description: string | null;
  createdOn: string;
  rag: RagStatus | null;
  /** Set by WorkstreamClosed: a closed workstream takes no new milestones. */
  closedOn: string | null;
  closedReason: string | null;
  mergedIntoWorkstreamId: string | null;
} & Marked;
export type MilestoneState = {
  milestoneId: string;
  workstreamId: string;
  title: string;
  dueOn: string;
  originalDueOn: string;
  completedOn: string | null;
  rescheduleReason: string | null;
} & Marked;
export type AllocationState = {
  allocationId: string;
  source: string;
  amountPence: number;
  financialYear: string;
  partnerId: string | null;
  workstreamId: string | null;
  purpose: string | null;
  allocatedOn: string;
  spentPence: number;
} & Marked;
export type MeetingState = {
  meetingId: string;
  title: string;
  attendees: string[];
  openedAt: string;
  closedAt: string | null;
} & MeetingPapers &
  Marked;
export type DecisionState = {
  decisionId: string;
  summary: string;
  rationale: string | null;
  alternativesRejected: string[];
  conflictsDeclared: string[];
  meetingId: string | null;
  decidedOn: string;
  evidenceIds: string[];
} & Marked;
export type ActionState = {
  actionId: string;
  title: string;
  ownerPartnerId: string;
  dueOn: string;
  decisionId: string | null;
  ownerPersonId: string | null;
  assignedOn: string;
  completedOn: string | null;
} & Marked;
export type RiskState = {
  riskId: string;
  title: string;
  likelihood: number;
  impact: number;
  ownerPartnerId: string | null;
  ownerPersonId: string | null;
  raisedOn: string;
  closedOn: string | null;
  closedReason: string | null;
  /** Every scoring, oldest first (valid-time order). */
  scoreHistory: RiskScore[];
} & Marked;
export type ChampionState = {
  championId: string;
  partnerId: string;
  name: string;
  role: string | null;
  personId: string | null;
  appointedOn: string;
} & Marked;
export type MaturityState = {
  partnerId: string | null;
  domain: string;
  level: MaturityLevel;
  evidence: string | null;
  assessedOn: string;
  evidenceIds: string[];
} & Marked;

/** Training delivered at one level: totals, and the evidence any of its records cited. */
export type TrainingTotals = { sessions: number; attendees: number; evidenceIds: string[] } & Marked;

/**
 * What a fold knows about one programme. Maps keep insertion order whatever the id looks like,
 * and `structuredClone` copies them, so the state stays a plain value.
 */
export type ProgrammeState = {
  programmeId: string | null;
  name: string;
  ambition: string | null;
  startsOn: string | null;
  endsOn: string | null;
  /** The programme was launched by an illustrative event. */
  illustrative?: true;
  /** Version and position of the last event inside the knowledge cut. */
  version: number;
  position: number;
  /** The latest `occurredAt` applied: an event that occurred earlier needs a refold. */
  lastOccurredAt: string | null;
  rag: RagStatus | null;
  partners: Map<string, PartnerState>;
  workstreams: Map<string, WorkstreamState>;
  milestones: Map<string, MilestoneState>;
  allocations: Map<string, AllocationState>;
  meetings: Map<string, MeetingState>;
  openMeetingId: string | null;
  decisions: Map<string, DecisionState>;
  actions: Map<string, ActionState>;
  risks: Map<string, RiskState>;
  training: Map<number, TrainingTotals>;
  champions: Map<string, ChampionState>;
  /** Latest assessment per partner (or the programme, partnerId null) and domain. */
  maturity: Map<string, MaturityState>;
  people: Map<string, PersonState>;
  reportingRounds: Map<string, RoundState>;
  /**
   * Every RAG change applied, in fold order (programme, partners and workstreams), for the RAG
   * history a reporting tool charts. Appended to, never rewritten, by `applyEvent`.
   */
  ragHistory: RagChange[];
  indicators: Map<string, IndicatorState>;
  issues: Map<string, IssueState>;
  evidence: Map<string, EvidenceState>;
  /** Type of every event folded, so a retraction can be checked against its target. */
  eventTypes: Map<string, EventType>;
  retracted: Set<string>;
};

/**
 * A map of a programme's things that, once asked to (`track`), remembers which keys were set.
 * `applyEvent` replaces a thing's object whenever the thing changes, so those keys are exactly
 * the things the events changed: the store writes only their read-model rows, instead of
 * walking every thing of every collection comparing identities. Removing a key stops the
 * tracking (nothing removes one today), so a reader falls back to the walk.
 */
export class ThingMap<K, V> extends Map<K, V> {
  #touched: Set<K> | undefined;

  constructor(entries?: Iterable<readonly [K, V]>) {
    // Map's own constructor would call `set` before `#touched` exists.
    super();
    if (entries) for (const [k, v] of entries) super.set(k, v);
  }

  override set(key: K, value: V): this {
    this.#touched?.add(key);
    return super.set(key, value);
  }

  override delete(key: K): boolean {
    this.#touched = undefined;
    return super.delete(key);
  }

  override clear(): void {
    this.#touched = undefined;
    super.clear();
  }

  /** Starts remembering the keys set from now on, forgetting any remembered before. */
  track(): void {
    this.#touched = new Set();
  }

  /** The keys set since `track` or the last take (undefined when not tracking); remembering starts afresh. */
  takeTouched(): Set<K> | undefined {
    const touched = this.#touched;
    if (touched) this.#touched = new Set();
    return touched;
  }
}

export const initialState = (): ProgrammeState => ({
  programmeId: null,
  name: '',
  ambition: null,
  startsOn: null,
  endsOn: null,
  version: 0,
  position: 0,
  lastOccurredAt: null,
  rag: null,
  partners: new ThingMap(),
  workstreams: new ThingMap(),
  milestones: new ThingMap(),
  allocations: new ThingMap(),
  meetings: new ThingMap(),
  openMeetingId: null,
  decisions: new ThingMap(),
  actions: new ThingMap(),
  risks: new ThingMap(),
  training: new ThingMap(),
  champions: new ThingMap(),
  maturity: new ThingMap(),
  people: new ThingMap(),
  reportingRounds: new ThingMap(),
  ragHistory: [],
  indicators: new ThingMap(),
  issues: new ThingMap(),
  evidence: new ThingMap(),
  eventTypes: new Map(),
  retracted: new Set(),
});

export const maturityKey = (partnerId: string | null, domain: string) => `${partnerId ?? ''}|${domain}`;

export const ragOf = (state: ProgrammeState, subject: RagSubject): RagStatus | null => {
  switch (subject.kind) {
    case 'programme':
      return state.rag;
    case 'partner':
      return state.partners.get(subject.id)?.rag ?? null;
    case 'workstream':
      return state.workstreams.get(subject.id)?.rag ?? null;
  }
};
