import type { Fingerprint, MinuteAction, Minutes } from '@steerlog/contract';
import {
  describeRoundEvent,
  describeOutcomeEvent,
  formatDate,
  formatMoney,
  formatTime,
  maturityLabels,
  peopleAndRoundNames,
  outcomeNamesOf,
  ragLabels,
} from '@steerlog/contract';
import type { ProgrammeView, RecordedEvent } from '@steerlog/domain';
import { londonDay, londonIso } from './london.js';

/** Names for the ids an event carries, from the programme as it stands. */
const namesIn = (view: ProgrammeView) => {
  const milestones = view.workstreams.flatMap((w) => w.milestones);
  return {
    partner: (id: string) => view.partners.find((p) => p.partnerId === id)?.name ?? id,
    workstream: (id: string) => view.workstreams.find((w) => w.workstreamId === id)?.name ?? id,
    milestone: (id: string) => milestones.find((m) => m.milestoneId === id)?.title ?? id,
    action: (id: string) => view.actions.find((a) => a.actionId === id)?.title ?? id,
    risk: (id: string) => view.risks.find((r) => r.riskId === id)?.title ?? id,
    allocation: (id: string) => {
      const a = view.funding.allocations.find((x) => x.allocationId === id);
      return a ? `${a.source} ${a.financialYear}` : id;
    },
    meeting: (id: string) => view.meetings.find((m) => m.meetingId === id)?.title ?? id,
    agendaItem: (meetingId: string, itemId: string) =>
      view.meetings.find((m) => m.meetingId === meetingId)?.agenda.find((i) => i.itemId === itemId)?.title ?? itemId,
  };
};

/** One line of the minute for an event, in the words a secretary would write: names, not ids. */
export const describe = (e: RecordedEvent, view: ProgrammeView): string => {
  const names = namesIn(view);
  switch (e.type) {
    case 'MeetingOpened':
      return `Meeting opened: ${e.data.title}`;
    case 'MeetingClosed':
      return 'Meeting closed';
    case 'AgendaItemStarted':
      return `Agenda item: ${names.agendaItem(e.data.meetingId, e.data.itemId)}`;
    case 'AttendanceRecorded':
      return `Attendance: ${e.data.present.length} present, ${e.data.apologies.length === 0 ? 'no apologies' : `apologies from ${e.data.apologies.length}`}`;
    case 'MinutesApproved':
      return `The minute of ${names.meeting(e.data.meetingId)} was approved as a true record`;
    case 'DecisionRecorded':
      return `Decision: ${e.data.summary}${e.data.rationale ? `. Rationale: ${e.data.rationale}` : ''}${e.data.alternativesRejected.length ? `. Alternatives rejected: ${e.data.alternativesRejected.join('; ')}` : ''}${e.data.conflictsDeclared.length ? `. Conflicts declared: ${e.data.conflictsDeclared.join('; ')}` : ''}`;
    case 'ActionAssigned':
      return `Action: ${e.data.title} (owner ${names.partner(e.data.ownerPartnerId)}, due ${formatDate(e.data.dueOn)})`;
    case 'ActionCompleted':
      return `Action completed on ${formatDate(e.data.completedOn)}: ${names.action(e.data.actionId)}`;
    case 'RagChanged': {
      const s = e.data.subject;
      const who =
        s.kind === 'programme' ? 'Programme' : s.kind === 'partner' ? names.partner(s.id) : names.workstream(s.id);
      return `RAG: ${who} ${e.data.previous ? `${ragLabels[e.data.previous]} → ` : ''}${ragLabels[e.data.rag]}. Reason: ${e.data.reason}`;
    }
    case 'MilestoneAdded':
      return `Milestone added: ${e.data.title}, due ${formatDate(e.data.dueOn)}`;
    case 'MilestoneRescheduled':
      return `Milestone moved from ${formatDate(e.data.previousDueOn)} to ${formatDate(e.data.dueOn)}: ${names.milestone(e.data.milestoneId)}. Reason: ${e.data.reason}`;
    case 'MilestoneCompleted':
      return `Milestone completed on ${formatDate(e.data.completedOn)}: ${names.milestone(e.data.milestoneId)}`;
    case 'FundingAllocated':
      return `Funding: ${formatMoney(e.data.amountPence)} from ${e.data.source} for ${e.data.financialYear}`;
    case 'FundingSpent':
      return `Spend: ${formatMoney(e.data.amountPence)} against ${names.allocation(e.data.allocationId)}`;
    case 'RiskRaised':
      return `Risk raised: ${e.data.title} (likelihood ${e.data.likelihood} of 5, impact ${e.data.impact} of 5)`;
    case 'RiskClosed':
      return `Risk closed: ${names.risk(e.data.riskId)}. Reason: ${e.data.reason}`;
    case 'PartnerJoined':
      return `Partner joined: ${e.data.name}`;
    case 'WorkstreamCreated':
      return `Workstream created: ${e.data.name}`;
    case 'TrainingDelivered':
      return `Training at level ${e.data.level}: ${e.data.sessions} sessions, ${e.data.attendees} attendees (${e.data.audience})`;
    case 'ChampionAppointed':
      return `Champion appointed for ${names.partner(e.data.partnerId)}: ${e.data.name}`;
    case 'MaturityAssessed':
      return `Self-assessment${e.data.partnerId ? ` by ${names.partner(e.data.partnerId)}` : ''}: ${e.data.domain.replaceAll('-', ' ')}, ${maturityLabels[e.data.level].toLowerCase()}`;
    case 'HighlightReportSubmitted':
      return `Highlight report from ${names.partner(e.data.partnerId)}: ${e.data.summary}`;
    case 'EventRetracted':
      return `Correction: an earlier entry was withdrawn. Reason: ${e.data.reason}`;
    case 'ProgrammeLaunched':
      return `Programme launched: ${e.data.name}`;
    case 'PersonAdded':
    case 'PersonUpdated':
    case 'ReportingRoundOpened':
    case 'ReportingRoundClosed':
    case 'ReminderSent':
      return describeRoundEvent(e, peopleAndRoundNames(view));
    default:
      return describeOutcomeEvent(e, { ...names, ...outcomeNamesOf(view) });
  }
};

/** What the minute gives a section of its own; everything else is "other business". */
const OWN_SECTION = new Set([
  'MeetingOpened',
  'MeetingClosed',
  'AgendaItemStarted',
  'AttendanceRecorded',
  'DecisionRecorded',
  'ActionAssigned',
]);

/**
 * The minute of one meeting for people: its decisions (each with its rationale and the actions
 * that follow from it), an actions table, the rest of what was recorded while it was open, and
 * every entry in order for machines. Names come from the programme as it stands now, so an action
 * shows whether it has been done since.
 */
export const buildMinutes = (
  view: ProgrammeView,
  meetingId: string,
  events: readonly RecordedEvent[],
  fingerprint: Fingerprint,
): Minutes | null => {
  const meeting = view.meetings.find((m) => m.meetingId === meetingId);
  if (!meeting) return null;
  const names = namesIn(view);
  const attendee = (personId: string) => {
    const p = view.people.find((x) => x.personId === personId);
    return { personId, name: p?.name ?? personId, partner: p?.partnerId ? names.partner(p.partnerId) : null };
  };
  const retracted = new Set(events.flatMap((e) => (e.type === 'EventRetracted' ? [e.data.eventId] : [])));
  const decisions = events.flatMap((e) => (e.type === 'DecisionRecorded' ? [e] : []));
  const decisionNumber = new Map(decisions.map((d, i) => [d.data.decisionId, i + 1]));

  const actionRow = (a: {
    actionId: string;
    title: string;
    ownerPartnerId: string;
    dueOn: string;
    decisionId?: string | null | undefined;
  }): MinuteAction => {
    const now = view.actions.find((x) => x.actionId === a.actionId);
    return {
      actionId: a.actionId,
      title: now?.title ?? a.title,
      owner: names.partner(a.ownerPartnerId),
      ownerPartnerId: a.ownerPartnerId,
      dueOn: a.dueOn,
      status: now?.status ?? 'open',
      decisionNumber: (a.decisionId && decisionNumber.get(a.decisionId)) || null,
      ...(now?.illustrative ? { illustrative: true as const } : {}),
    };
  };
  const assignedHere = events.flatMap((e) => (e.type === 'ActionAssigned' && !retracted.has(e.id) ? [e.data] : []));
  const following = view.actions.filter(
    (a) => a.decisionId && decisionNumber.has(a.decisionId) && !assignedHere.some((x) => x.actionId === a.actionId),
  );
  const actions = [...assignedHere, ...following].map(actionRow);

  return {
    programmeId: view.programmeId,
    programmeName: view.name,
    meetingId,
    title: meeting.title,
    timeZone: 'Europe/London',
    date: londonDay(meeting.openedAt),
    attendees: meeting.attendees.map((id) => ({ partnerId: id, name: names.partner(id) })),
    openedAt: meeting.openedAt,
    closedAt: meeting.closedAt,
    openedLocal: londonIso(meeting.openedAt),
    closedLocal: meeting.closedAt ? londonIso(meeting.closedAt) : null,
    ...(meeting.illustrative ? { illustrative: true as const } : {}),
    chair: meeting.chairPersonId ? attendee(meeting.chairPersonId) : null,
    present: meeting.present.map(attendee),
    apologies: meeting.apologies.map(attendee),
    agenda: meeting.agenda.map((i, n) => ({
      itemId: i.itemId,
      number: n + 1,
      title: i.title,
      kind: i.kind,
      presenter: i.presenterPartnerId ? names.partner(i.presenterPartnerId) : null,
    })),
    approval: meeting.approval
      ? {
          atMeetingId: meeting.approval.atMeetingId,
          atMeetingTitle: names.meeting(meeting.approval.atMeetingId),
          approvedOn: meeting.approval.approvedOn,
        }
      : null,
    decisions: decisions.map((d, i) => ({
      decisionId: d.data.decisionId,
      number: i + 1,
      summary: d.data.summary,
      rationale: d.data.rationale ?? null,
      alternativesRejected: d.data.alternativesRejected,
      conflictsDeclared: d.data.conflictsDeclared,
      actions: actions.filter((a) => a.decisionNumber === i + 1),
      retracted: retracted.has(d.id),
      ...(d.meta.illustrative ? { illustrative: true as const } : {}),
    })),
    actions,
    otherBusiness: events
      .filter((e) => !OWN_SECTION.has(e.type))
      .map((e, i) => ({
        number: i + 1,
        time: formatTime(e.recordedAt),
        text: describe(e, view),
        retracted: retracted.has(e.id),
        ...(e.meta.illustrative ? { illustrative: true as const } : {}),
      })),
    items: events.map((e) => ({
      position: e.position,
      recordedAt: e.recordedAt,
      actor: e.actor,
      type: e.type,
      text: describe(e, view),
      retracted: retracted.has(e.id),
      ...(e.meta.illustrative ? { illustrative: true as const } : {}),
      data: e.data,
    })),
    fingerprint,
  };
};
