import type { Minutes } from '@steerlog/contract';
import type { ProgrammeView, RecordedEvent } from '@steerlog/domain';

const partnerName = (view: ProgrammeView, id: string) => view.partners.find((p) => p.partnerId === id)?.name ?? id;

/** One line of the minute for an event, in the words a secretary would write. */
const describe = (e: RecordedEvent, view: ProgrammeView): string => {
  switch (e.type) {
    case 'MeetingOpened':
      return `Meeting opened: ${e.data.title}`;
    case 'MeetingClosed':
      return 'Meeting closed';
    case 'DecisionRecorded':
      return `Decision: ${e.data.summary}${e.data.rationale ? `. Rationale: ${e.data.rationale}` : ''}${e.data.alternativesRejected.length ? `. Alternatives rejected: ${e.data.alternativesRejected.join('; ')}` : ''}${e.data.conflictsDeclared.length ? `. Conflicts declared: ${e.data.conflictsDeclared.join('; ')}` : ''}`;
    case 'ActionAssigned':
      return `Action: ${e.data.title} (owner ${partnerName(view, e.data.ownerPartnerId)}, due ${e.data.dueOn})`;
    case 'ActionCompleted':
      return `Action ${e.data.actionId} completed on ${e.data.completedOn}`;
    case 'RagChanged': {
      const s = e.data.subject;
      const who =
        s.kind === 'programme'
          ? 'Programme'
          : s.kind === 'partner'
            ? partnerName(view, s.id)
            : (view.workstreams.find((w) => w.workstreamId === s.id)?.name ?? s.id);
      return `RAG: ${who} ${e.data.previous ? `${e.data.previous.toUpperCase()} → ` : ''}${e.data.rag.toUpperCase()}. Reason: ${e.data.reason}`;
    }
    case 'MilestoneRescheduled':
      return `Milestone ${e.data.milestoneId} moved from ${e.data.previousDueOn} to ${e.data.dueOn}: ${e.data.reason}`;
    case 'MilestoneCompleted':
      return `Milestone ${e.data.milestoneId} completed on ${e.data.completedOn}`;
    case 'FundingAllocated':
      return `Funding: £${(e.data.amountPence / 100).toLocaleString('en-GB')} from ${e.data.source} for ${e.data.financialYear}`;
    case 'RiskRaised':
      return `Risk raised: ${e.data.title} (likelihood ${e.data.likelihood}, impact ${e.data.impact})`;
    case 'RiskClosed':
      return `Risk ${e.data.riskId} closed: ${e.data.reason}`;
    case 'EventRetracted':
      return `Correction: an earlier ${e.data.retractedType} was retracted: ${e.data.reason}`;
    default:
      return e.type.replace(/([a-z])([A-Z])/g, '$1 $2');
  }
};

/** The minute of one meeting: everything recorded while it was open, in order. */
export const buildMinutes = (
  view: ProgrammeView,
  meetingId: string,
  events: readonly RecordedEvent[],
): Minutes | null => {
  const meeting = view.meetings.find((m) => m.meetingId === meetingId);
  if (!meeting) return null;
  const retracted = new Set(events.flatMap((e) => (e.type === 'EventRetracted' ? [e.data.eventId] : [])));
  return {
    programmeId: view.programmeId,
    meetingId,
    title: meeting.title,
    attendees: meeting.attendees.map((id) => ({ partnerId: id, name: partnerName(view, id) })),
    openedAt: meeting.openedAt,
    closedAt: meeting.closedAt,
    items: events.map((e) => ({
      position: e.position,
      recordedAt: e.recordedAt,
      actor: e.actor,
      type: e.type,
      text: describe(e, view),
      retracted: retracted.has(e.id),
      data: e.data,
    })),
  };
};

export const minutesMarkdown = (m: Minutes) => {
  const lines = [
    `# Minute: ${m.title}`,
    '',
    `- Opened: ${m.openedAt}`,
    `- Closed: ${m.closedAt ?? 'still open'}`,
    `- Attendees: ${m.attendees.map((a) => a.name).join(', ') || 'none recorded'}`,
    '',
    '## Record',
    '',
    ...m.items.map(
      (i) =>
        `${i.position}. ${i.retracted ? '~~' : ''}${i.text}${i.retracted ? '~~ (retracted)' : ''} — ${i.actor}, ${i.recordedAt}`,
    ),
  ];
  return `${lines.join('\n')}\n`;
};
