import type { ProgrammeView, RecordedEvent } from '@steerlog/domain';

export type MeetingRecord = {
  meeting: ProgrammeView['meetings'][number];
  open: boolean;
  decisions: ProgrammeView['decisions'];
  actions: ProgrammeView['actions'];
  /** While it is open: the questions put to the board and not yet answered, for the room to take. */
  questions: ProgrammeView['issues'];
};

/** Questions to the board still open: what the display lists during a meeting. */
export const openBoardQuestions = (view: ProgrammeView) =>
  view.issues.filter((i) => i.kind === 'question' && i.addressedTo === 'board' && i.status === 'open');

/**
 * What the room is talking about: the open meeting's decisions and actions, or, between
 * meetings, the latest meeting's. An action belongs to a meeting when it was recorded while the
 * meeting was open (the server stamps `meta.meetingId`) or follows from one of its decisions.
 */
export const meetingOnDisplay = (view: ProgrammeView, events: readonly RecordedEvent[]): MeetingRecord | null => {
  const meeting =
    view.meetings.find((m) => m.meetingId === view.openMeetingId) ??
    view.meetings.reduce<ProgrammeView['meetings'][number] | undefined>(
      (latest, m) => (latest === undefined || m.openedAt >= latest.openedAt ? m : latest),
      undefined,
    );
  if (meeting === undefined) return null;
  const decisions = view.decisions.filter((d) => d.meetingId === meeting.meetingId);
  const decisionIds = new Set(decisions.map((d) => d.decisionId));
  const assignedThere = new Set(
    events.flatMap((e) =>
      e.type === 'ActionAssigned' && e.meta.meetingId === meeting.meetingId ? [e.data.actionId] : [],
    ),
  );
  const actions = view.actions.filter(
    (a) => assignedThere.has(a.actionId) || (a.decisionId !== null && decisionIds.has(a.decisionId)),
  );
  const open = meeting.meetingId === view.openMeetingId;
  return { meeting, open, decisions, actions, questions: open ? openBoardQuestions(view) : [] };
};
