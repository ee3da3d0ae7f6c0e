import type { DomainEvent, EventMeta, RecordedEvent } from './events.js';
import { evolveMeetingPapers, openedPapers } from './meetings.js';
import type { ProgrammeState, RagStatus, TrainingTotals } from './state.js';
import { applyPeople } from './people.js';
import { applyRoundReport, applyRounds } from './rounds.js';
import { maturityKey } from './state.js';
import { applyOutcomeEvent } from './outcomes/evolve.js';

/**
 * The parts of a recorded event that a fold reads. `meta` is optional so that callers folding
 * events without their metadata (tests, charts) need not invent it; only `illustrative` is read.
 */
export type FoldableEvent = Pick<RecordedEvent, 'id' | 'position' | 'version' | 'occurredAt' | 'recordedAt'> & {
  meta?: Pick<EventMeta, 'illustrative' | 'correctionOf'> | undefined;
} & DomainEvent;

const dateOf = (instant: string) => instant.slice(0, 10);

/** `{ illustrative: true }` for an illustrative event, else nothing: spread last into what it shapes. */
const mark = (e: Pick<FoldableEvent, 'meta'>): { illustrative?: true } =>
  e.meta?.illustrative === true ? { illustrative: true } : {};

const nextRag = (
  before: RagStatus | null,
  e: Pick<FoldableEvent, 'meta'> & { data: { rag: RagStatus['current']; reason: string } },
  on: string,
): RagStatus => ({
  current: e.data.rag,
  previous: before?.current ?? null,
  changedOn: on,
  reason: e.data.reason,
  ...mark(e),
});

/**
 * Applies one event to a state the caller owns. Used by `fold`, which owns its draft, and by
 * `evolve`, which copies first. Never throws: an event is a recorded fact, so a reference the
 * state does not know (possible in a valid-time cut) is ignored rather than refused.
 *
 * Illustrative values: a thing created or changed by an illustrative event carries
 * `illustrative: true` from then on (a milestone rescheduled or completed, an allocation spent
 * from, a meeting closed, an action completed, a risk closed, a training level's totals), because
 * its shown values rest on that event. Values the fold replaces whole carry their own mark and
 * lose it when a fact replaces them: a RAG rating, a partner's latest highlight report, a
 * maturity assessment. Retracting the illustrative event refolds without it, which clears it.
 */
export const applyEvent = (s: ProgrammeState, e: FoldableEvent): void => {
  const on = dateOf(e.occurredAt);
  s.version = Math.max(s.version, e.version);
  s.position = Math.max(s.position, e.position);
  if (s.lastOccurredAt === null || e.occurredAt > s.lastOccurredAt) s.lastOccurredAt = e.occurredAt;
  s.eventTypes.set(e.id, e.type);
  switch (e.type) {
    case 'ProgrammeLaunched':
      s.programmeId = e.data.programmeId;
      s.name = e.data.name;
      s.ambition = e.data.ambition ?? null;
      s.startsOn = e.data.startsOn ?? null;
      s.endsOn = e.data.endsOn ?? null;
      if (e.meta?.illustrative === true) s.illustrative = true;
      return;
    case 'PartnerJoined':
      s.partners.set(e.data.partnerId, {
        partnerId: e.data.partnerId,
        name: e.data.name,
        sector: e.data.sector,
        lead: e.data.lead ?? null,
        leadPersonId: e.data.leadPersonId ?? null,
        joinedOn: on,
        rag: null,
        lastReport: null,
        ...mark(e),
      });
      if (e.data.leadPersonId !== undefined) {
        // The lead named as a person (of no partner yet) becomes one of this partner's people.
        const lead = s.people.get(e.data.leadPersonId);
        if (lead && lead.partnerId === null) s.people.set(lead.personId, { ...lead, partnerId: e.data.partnerId });
      }
      return;
    case 'WorkstreamCreated':
      s.workstreams.set(e.data.workstreamId, {
        workstreamId: e.data.workstreamId,
        name: e.data.name,
        leadPartnerId: e.data.leadPartnerId ?? null,
        description: e.data.description ?? null,
        createdOn: on,
        rag: null,
        closedOn: null,
        closedReason: null,
        mergedIntoWorkstreamId: null,
        ...mark(e),
      });
      return;
    case 'MilestoneAdded':
      s.milestones.set(e.data.milestoneId, {
        milestoneId: e.data.milestoneId,
        workstreamId: e.data.workstreamId,
        title: e.data.title,
        dueOn: e.data.dueOn,
        originalDueOn: e.data.dueOn,
        completedOn: null,
        rescheduleReason: null,
        ...mark(e),
      });
      return;
    case 'MilestoneRescheduled': {
      const m = s.milestones.get(e.data.milestoneId);
      if (m)
        s.milestones.set(m.milestoneId, { ...m, dueOn: e.data.dueOn, rescheduleReason: e.data.reason, ...mark(e) });
      return;
    }
    case 'MilestoneCompleted': {
      const m = s.milestones.get(e.data.milestoneId);
      if (m) s.milestones.set(m.milestoneId, { ...m, completedOn: e.data.completedOn, ...mark(e) });
      return;
    }
    case 'FundingAllocated':
      s.allocations.set(e.data.allocationId, {
        allocationId: e.data.allocationId,
        source: e.data.source,
        amountPence: e.data.amountPence,
        financialYear: e.data.financialYear,
        partnerId: e.data.partnerId ?? null,
        workstreamId: e.data.workstreamId ?? null,
        purpose: e.data.purpose ?? null,
        allocatedOn: on,
        spentPence: 0,
        ...mark(e),
      });
      return;
    case 'FundingSpent': {
      const a = s.allocations.get(e.data.allocationId);
      if (a) s.allocations.set(a.allocationId, { ...a, spentPence: a.spentPence + e.data.amountPence, ...mark(e) });
      return;
    }
    case 'RagChanged': {
      const subject = e.data.subject;
      let rag: RagStatus;
      if (subject.kind === 'programme') rag = s.rag = nextRag(s.rag, e, on);
      else if (subject.kind === 'partner') {
        const p = s.partners.get(subject.id);
        if (!p) return;
        rag = nextRag(p.rag, e, on);
        s.partners.set(p.partnerId, { ...p, rag });
      } else {
        const w = s.workstreams.get(subject.id);
        if (!w) return;
        rag = nextRag(w.rag, e, on);
        s.workstreams.set(w.workstreamId, { ...w, rag });
      }
      s.ragHistory.push({ eventId: e.id, subject: { ...subject }, ...rag });
      return;
    }
    case 'MeetingOpened':
      s.meetings.set(e.data.meetingId, {
        meetingId: e.data.meetingId,
        title: e.data.title,
        attendees: [...e.data.attendees],
        openedAt: e.occurredAt,
        closedAt: null,
        ...openedPapers(e),
        ...mark(e),
      });
      s.openMeetingId = e.data.meetingId;
      return;
    case 'MeetingClosed': {
      const m = s.meetings.get(e.data.meetingId);
      if (m) s.meetings.set(m.meetingId, { ...m, closedAt: e.occurredAt, ...mark(e) });
      if (s.openMeetingId === e.data.meetingId) s.openMeetingId = null;
      return;
    }
    case 'AgendaItemStarted':
    case 'AttendanceRecorded':
    case 'MinutesApproved':
      evolveMeetingPapers(s, e);
      return;
    case 'DecisionRecorded':
      s.decisions.set(e.data.decisionId, {
        decisionId: e.data.decisionId,
        summary: e.data.summary,
        rationale: e.data.rationale ?? null,
        alternativesRejected: [...e.data.alternativesRejected],
        conflictsDeclared: [...e.data.conflictsDeclared],
        meetingId: e.data.meetingId,
        decidedOn: on,
        evidenceIds: [...(e.data.evidenceIds ?? [])],
        ...mark(e),
      });
      return;
    case 'ActionAssigned':
      s.actions.set(e.data.actionId, {
        actionId: e.data.actionId,
        title: e.data.title,
        ownerPartnerId: e.data.ownerPartnerId,
        dueOn: e.data.dueOn,
        decisionId: e.data.decisionId ?? null,
        ownerPersonId: e.data.ownerPersonId ?? null,
        assignedOn: on,
        completedOn: null,
        ...mark(e),
      });
      return;
    case 'ActionCompleted': {
      const a = s.actions.get(e.data.actionId);
      if (a) s.actions.set(a.actionId, { ...a, completedOn: e.data.completedOn, ...mark(e) });
      return;
    }
    case 'RiskRaised':
      s.risks.set(e.data.riskId, {
        riskId: e.data.riskId,
        title: e.data.title,
        likelihood: e.data.likelihood,
        impact: e.data.impact,
        ownerPartnerId: e.data.ownerPartnerId ?? null,
        ownerPersonId: e.data.ownerPersonId ?? null,
        raisedOn: on,
        closedOn: null,
        closedReason: null,
        scoreHistory: [{ on, likelihood: e.data.likelihood, impact: e.data.impact, reason: null, ...mark(e) }],
        ...mark(e),
      });
      return;
    case 'RiskClosed': {
      const r = s.risks.get(e.data.riskId);
      if (r) s.risks.set(r.riskId, { ...r, closedOn: on, closedReason: e.data.reason, ...mark(e) });
      return;
    }
    case 'TrainingDelivered': {
      const t: TrainingTotals = s.training.get(e.data.level) ?? { sessions: 0, attendees: 0, evidenceIds: [] };
      s.training.set(e.data.level, {
        sessions: t.sessions + e.data.sessions,
        attendees: t.attendees + e.data.attendees,
        evidenceIds: [...t.evidenceIds, ...(e.data.evidenceIds ?? [])],
        ...(t.illustrative ? { illustrative: t.illustrative } : {}),
        ...mark(e),
      });
      return;
    }
    case 'ChampionAppointed':
      s.champions.set(e.data.championId, {
        championId: e.data.championId,
        partnerId: e.data.partnerId,
        name: e.data.name,
        role: e.data.role ?? null,
        personId: e.data.personId ?? null,
        appointedOn: on,
        ...mark(e),
      });
      return;
    case 'MaturityAssessed':
      s.maturity.set(maturityKey(e.data.partnerId, e.data.domain), {
        partnerId: e.data.partnerId,
        domain: e.data.domain,
        level: e.data.level,
        evidence: e.data.evidence ?? null,
        assessedOn: on,
        evidenceIds: [...(e.data.evidenceIds ?? [])],
        ...mark(e),
      });
      return;
    case 'HighlightReportSubmitted': {
      const p = s.partners.get(e.data.partnerId);
      if (e.data.roundId !== undefined) applyRoundReport(s.reportingRounds, e.data.roundId, e.data.partnerId, on);
      if (p && e.data.rag !== undefined) {
        // The report's own rating: the same as before is re-affirmed (current equals previous).
        const title = e.data.roundId === undefined ? undefined : s.reportingRounds.get(e.data.roundId)?.title;
        const reason = `Highlight report${title ? ` for ${title}` : ''}`;
        const rag = nextRag(p.rag, { meta: e.meta, data: { rag: e.data.rag, reason } }, on);
        s.ragHistory.push({ eventId: e.id, subject: { kind: 'partner', id: p.partnerId }, ...rag });
        s.partners.set(p.partnerId, { ...p, rag });
      }
      const reported = s.partners.get(e.data.partnerId);
      if (reported)
        s.partners.set(reported.partnerId, {
          ...reported,
          lastReport: {
            reportedOn: on,
            lead: e.data.lead,
            summary: e.data.summary,
            successes: [...e.data.successes],
            challenges: [...e.data.challenges],
            upcoming: e.data.upcoming.map((u) => ({ ...u })),
            roundId: e.data.roundId ?? null,
            evidenceIds: [...(e.data.evidenceIds ?? [])],
            ...mark(e),
          },
        });
      return;
    }
    case 'PersonAdded':
    case 'PersonUpdated':
      applyPeople(s.people, e, on, mark(e));
      return;
    case 'ReportingRoundOpened':
    case 'ReportingRoundClosed':
    case 'ReminderSent':
      applyRounds(s.reportingRounds, e, { on, occurredAt: e.occurredAt }, mark(e));
      return;
    case 'EventRetracted':
      // The retracted event's effect is undone by refolding without it (see `needsRefold`).
      s.retracted.add(e.data.eventId);
      return;
    case 'IndicatorDefined':
    case 'MeasurementRecorded':
    case 'IssueRaised':
    case 'IssueResponded':
    case 'WorkstreamClosed':
    case 'RiskRescored':
    case 'EvidenceAttached':
      applyOutcomeEvent(s, e, on, mark(e));
      return;
  }
};

/**
 * The next state after one more event, in valid-time order. The input is not changed.
 * An event that occurred before one already applied, or a retraction, cannot be applied on top:
 * callers check `needsRefold` and fold again instead.
 */
export const evolve = (state: ProgrammeState, event: FoldableEvent): ProgrammeState => {
  const next = structuredClone(state);
  applyEvent(next, event);
  return next;
};

/** True when `event` cannot simply be applied to `state` because it changes the fold's order or content. */
export const needsRefold = (state: ProgrammeState, event: Pick<FoldableEvent, 'type' | 'occurredAt'>): boolean =>
  event.type === 'EventRetracted' || (state.lastOccurredAt !== null && event.occurredAt < state.lastOccurredAt);
