import {
  describeOutcomeEvent,
  describeRoundEvent,
  eventTypeLabels,
  maturityLabels,
  outcomeNamesOf,
  peopleAndRoundNames,
  trainingLevelLabels,
} from '@steerlog/contract';
import type { DomainEvent, EventType, ProgrammeView } from '@steerlog/domain';
import { formatDate, formatMoney } from '../format.js';

const upper = (rag: string) => rag.toUpperCase();

const agendaTitle = (view: ProgrammeView | null, key: string) => {
  const [meetingId, itemId] = key.split('/');
  return (
    view?.meetings.find((m) => m.meetingId === meetingId)?.agenda.find((i) => i.itemId === itemId)?.title ??
    itemId ??
    key
  );
};

/** Names for ids, where a view is at hand; the id itself otherwise. */
export type Names = Record<
  | 'partner'
  | 'workstream'
  | 'milestone'
  | 'action'
  | 'risk'
  | 'allocation'
  | 'meeting'
  | 'agendaItem'
  | 'person'
  | 'round',
  (id: string) => string
> &
  ReturnType<typeof outcomeNamesOf>;

export const namesOf = (view: ProgrammeView | null): Names => ({
  ...outcomeNamesOf(view),
  partner: (id) => view?.partners.find((p) => p.partnerId === id)?.name ?? id,
  workstream: (id) => view?.workstreams.find((w) => w.workstreamId === id)?.name ?? id,
  milestone: (id) => view?.workstreams.flatMap((w) => w.milestones).find((m) => m.milestoneId === id)?.title ?? id,
  action: (id) => view?.actions.find((a) => a.actionId === id)?.title ?? id,
  risk: (id) => view?.risks.find((r) => r.riskId === id)?.title ?? id,
  allocation: (id) => {
    const a = view?.funding.allocations.find((x) => x.allocationId === id);
    return a ? `${a.source}, ${a.financialYear}` : id;
  },
  meeting: (id) => view?.meetings.find((m) => m.meetingId === id)?.title ?? id,
  /** `MEETING/ITEM`: an agenda item is named within its meeting. */
  agendaItem: (id) => agendaTitle(view, id),
  person: peopleAndRoundNames(view).person,
  round: peopleAndRoundNames(view).round,
});

const plain: Names = namesOf(null);

/** One line for an event, in the words a minute-taker would use. */
export const describeEvent = (e: DomainEvent, names: Names = plain, { reason = true } = {}): string => {
  switch (e.type) {
    case 'ProgrammeLaunched':
      return `Programme launched: ${e.data.name}`;
    case 'PartnerJoined':
      return `Partner joined: ${e.data.name}`;
    case 'WorkstreamCreated':
      return `Workstream created: ${e.data.name}`;
    case 'MilestoneAdded':
      return `Milestone added: ${e.data.title}, due ${formatDate(e.data.dueOn)}`;
    case 'MilestoneRescheduled':
      return `Milestone moved from ${formatDate(e.data.previousDueOn)} to ${formatDate(e.data.dueOn)}: ${names.milestone(e.data.milestoneId)}`;
    case 'MilestoneCompleted':
      return `Milestone completed on ${formatDate(e.data.completedOn)}: ${names.milestone(e.data.milestoneId)}`;
    case 'FundingAllocated':
      return `Funding allocated: ${formatMoney(e.data.amountPence)} from ${e.data.source} for ${e.data.financialYear}`;
    case 'FundingSpent':
      return `Spend of ${formatMoney(e.data.amountPence)} against ${names.allocation(e.data.allocationId)}`;
    case 'RagChanged': {
      const s = e.data.subject;
      const who =
        s.kind === 'programme' ? 'Programme' : s.kind === 'partner' ? names.partner(s.id) : names.workstream(s.id);
      return `RAG: ${who} ${e.data.previous ? `${upper(e.data.previous)} → ` : ''}${upper(e.data.rag)}${reason ? `. Reason: ${e.data.reason}` : ''}`;
    }
    case 'MeetingOpened':
      return `Meeting opened: ${e.data.title}`;
    case 'MeetingClosed':
      return `Meeting closed: ${names.meeting(e.data.meetingId)}`;
    case 'AgendaItemStarted':
      return `Agenda: ${names.agendaItem(`${e.data.meetingId}/${e.data.itemId}`)}`;
    case 'AttendanceRecorded':
      return `Attendance: ${e.data.present.map((id) => names.person(id)).join(', ') || 'nobody'} present; apologies from ${e.data.apologies.map((id) => names.person(id)).join(', ') || 'nobody'}`;
    case 'MinutesApproved':
      return `Minute of ${names.meeting(e.data.meetingId)} approved at ${names.meeting(e.data.atMeetingId)}`;
    case 'DecisionRecorded':
      return `Decision: ${e.data.summary}`;
    case 'ActionAssigned':
      return `Action: ${e.data.title} (owner ${names.partner(e.data.ownerPartnerId)}, due ${formatDate(e.data.dueOn)})`;
    case 'ActionCompleted':
      return `Action completed on ${formatDate(e.data.completedOn)}: ${names.action(e.data.actionId)}`;
    case 'RiskRaised':
      return `Risk raised: ${e.data.title} (likelihood ${e.data.likelihood} of 5, impact ${e.data.impact} of 5)`;
    case 'RiskClosed':
      return `Risk closed: ${names.risk(e.data.riskId)}`;
    case 'TrainingDelivered':
      return `Training, ${trainingLevelLabels[e.data.level] ?? `level ${e.data.level}`}: ${e.data.sessions} sessions, ${e.data.attendees} attendees (${e.data.audience})`;
    case 'ChampionAppointed':
      return `Champion appointed for ${names.partner(e.data.partnerId)}: ${e.data.name}`;
    case 'MaturityAssessed':
      return `Self-assessment${e.data.partnerId ? ` by ${names.partner(e.data.partnerId)}` : ''}: ${e.data.domain.replaceAll('-', ' ')}, ${maturityLabels[e.data.level].toLowerCase()}`;
    case 'HighlightReportSubmitted':
      return `Highlight report from ${names.partner(e.data.partnerId)}: ${e.data.summary}`;
    case 'EventRetracted':
      return `Correction: an earlier entry was withdrawn (${(eventTypeLabels[e.data.retractedType as EventType] ?? e.data.retractedType).toLowerCase()})`;
    case 'PersonAdded':
    case 'PersonUpdated':
    case 'ReportingRoundOpened':
    case 'ReportingRoundClosed':
    case 'ReminderSent':
      return describeRoundEvent(e, names);
    default:
      return describeOutcomeEvent(e, names);
  }
};

/** The "why" of an event, where it carries one: a reason, a rationale, evidence. */
export const whyOf = (e: DomainEvent): string | null => {
  switch (e.type) {
    case 'RagChanged':
    case 'MilestoneRescheduled':
    case 'RiskClosed':
    case 'EventRetracted':
      return e.data.reason;
    case 'DecisionRecorded':
      return e.data.rationale ?? null;
    case 'MaturityAssessed':
      return e.data.evidence ?? null;
    case 'FundingAllocated':
      return e.data.purpose ?? null;
    case 'FundingSpent':
      return e.data.note ?? null;
    default:
      return null;
  }
};
