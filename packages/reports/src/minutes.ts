import type { Fingerprint, Minutes } from '@steerlog/contract';
import { formatDate, formatDateTime, formatMoney, maturityLabels, ragLabels } from '@steerlog/contract';
import type { ProgrammeView, RecordedEvent } from '@steerlog/domain';
import { fingerprintMarkdown } from './fingerprint.js';
import { ILLUSTRATIVE } from './highlight.js';
import { escapeMarkdown } from './markdown.js';

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
  };
};

/** One line of the minute for an event, in the words a secretary would write: names, not ids. */
const describe = (e: RecordedEvent, view: ProgrammeView): string => {
  const names = namesIn(view);
  switch (e.type) {
    case 'MeetingOpened':
      return `Meeting opened: ${e.data.title}`;
    case 'MeetingClosed':
      return 'Meeting closed';
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
  }
};

/** The minute of one meeting: everything recorded while it was open, in order. */
export const buildMinutes = (
  view: ProgrammeView,
  meetingId: string,
  events: readonly RecordedEvent[],
  fingerprint: Fingerprint,
): Minutes | null => {
  const meeting = view.meetings.find((m) => m.meetingId === meetingId);
  if (!meeting) return null;
  const retracted = new Set(events.flatMap((e) => (e.type === 'EventRetracted' ? [e.data.eventId] : [])));
  return {
    programmeId: view.programmeId,
    meetingId,
    title: meeting.title,
    attendees: meeting.attendees.map((id) => ({ partnerId: id, name: namesIn(view).partner(id) })),
    openedAt: meeting.openedAt,
    closedAt: meeting.closedAt,
    ...(meeting.illustrative ? { illustrative: true as const } : {}),
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

/** The minute as Markdown for people: UK times, names; every piece of user text escaped. */
export const minutesMarkdown = (m: Minutes) => {
  const lines = [
    `# Minute: ${escapeMarkdown(m.title)}${m.illustrative ? ILLUSTRATIVE : ''}`,
    '',
    `- Opened: ${formatDateTime(m.openedAt)} (UK time)`,
    `- Closed: ${m.closedAt ? `${formatDateTime(m.closedAt)} (UK time)` : 'still open'}`,
    `- Attendees: ${m.attendees.map((a) => escapeMarkdown(a.name)).join(', ') || 'none recorded'}`,
    '',
    '## Record',
    '',
    ...m.items.map(
      (i, n) =>
        `${n + 1}. ${i.retracted ? '~~' : ''}${escapeMarkdown(i.text)}${i.retracted ? '~~ (withdrawn)' : ''}${i.illustrative ? ILLUSTRATIVE : ''} (recorded ${formatDateTime(i.recordedAt)} by ${escapeMarkdown(i.actor)})`,
    ),
    ...fingerprintMarkdown(m.fingerprint),
  ];
  return `${lines.join('\n')}\n`;
};
