import type { RecordedEvent } from '@steerlog/domain';
import { changeKey } from './since-last-meeting.js';

/** How long a thing stays marked "just recorded" on the display. */
export const JUST_RECORDED_MS = 15 * 60_000;

/** The key on the board (`partner:ID`, `milestone:ID`, `programme`, ...) of what an event touched, if shown there. */
export const keyOf = (e: RecordedEvent): string | null => {
  switch (e.type) {
    case 'RagChanged':
      return e.data.subject.kind === 'programme'
        ? changeKey('programme')
        : changeKey(e.data.subject.kind, e.data.subject.id);
    case 'PartnerJoined':
    case 'HighlightReportSubmitted':
      return changeKey('partner', e.data.partnerId);
    case 'WorkstreamCreated':
      return changeKey('workstream', e.data.workstreamId);
    case 'MilestoneAdded':
    case 'MilestoneRescheduled':
    case 'MilestoneCompleted':
      return changeKey('milestone', e.data.milestoneId);
    case 'DecisionRecorded':
      return changeKey('decision', e.data.decisionId);
    case 'ActionAssigned':
    case 'ActionCompleted':
      return changeKey('action', e.data.actionId);
    default:
      return null;
  }
};

export type JustRecorded = {
  /** The events recorded in the last quarter of an hour and still standing, newest first. */
  events: RecordedEvent[];
  /** Keys of the things they touched, to mark on the board. */
  keys: ReadonlySet<string>;
};

export type JustRecordedScope = {
  /** The position the page had caught up to when it opened: what came later the room saw arrive. */
  watchedAfter: number | null;
  /** The meeting in progress: what it recorded is the room's, even if the page was reloaded since. */
  openMeetingId: string | null;
  windowMs?: number;
};

/**
 * What the room has just seen recorded: separate from "since the last meeting", which compares
 * with what the board knew when its last meeting closed. Only the last quarter of an hour, and
 * only what arrived while the page watched or belongs to the meeting in progress (a programme
 * loaded a minute ago is not all news). Meeting open and close are the frame, not news.
 */
export const justRecorded = (
  events: readonly RecordedEvent[],
  now: string,
  { watchedAfter, openMeetingId, windowMs = JUST_RECORDED_MS }: JustRecordedScope,
): JustRecorded => {
  const since = new Date(Date.parse(now) - windowMs).toISOString();
  const inScope = (e: RecordedEvent) =>
    (watchedAfter !== null && e.position > watchedAfter) ||
    (openMeetingId !== null && e.meta.meetingId === openMeetingId);
  const retracted = new Set(events.flatMap((e) => (e.type === 'EventRetracted' ? [e.data.eventId] : [])));
  const recent = events
    .filter(
      (e) =>
        inScope(e) &&
        // No upper bound: the display's clock ticks once a minute, and the server's may run ahead.
        e.recordedAt > since &&
        !retracted.has(e.id) &&
        e.type !== 'MeetingOpened' &&
        e.type !== 'MeetingClosed',
    )
    .reverse();
  return { events: recent, keys: new Set(recent.flatMap((e) => keyOf(e) ?? [])) };
};
