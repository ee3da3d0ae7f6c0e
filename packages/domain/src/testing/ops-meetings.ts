import type { Command } from '../commands.js';
import type { ProgrammeState } from '../state.js';

/**
 * A step of a meeting's papers for property tests: with no meeting open, open one with an
 * agenda; with one open, move to an item, approve an earlier minute, record who is there, or close it.
 */
export const meetingStep = (s: ProgrammeState, step: number, on: string): Command => {
  const open = s.openMeetingId === null ? undefined : s.meetings.get(s.openMeetingId);
  if (!open)
    return {
      type: 'OpenMeeting',
      data: {
        meetingId: `papers-${s.meetings.size + 1}`,
        title: 'Property meeting',
        attendees: [],
        agenda: [
          { title: 'Update', kind: 'report' },
          { title: 'AOB', kind: 'aob' },
        ],
      },
      occurredAt: on,
    };
  const unapproved = [...s.meetings.values()].find((m) => m.closedAt !== null && m.approval === null);
  const people = [...s.people.keys()];
  switch (step % 4) {
    case 0: {
      const item = open.agenda[step % Math.max(1, open.agenda.length)];
      return {
        type: 'StartAgendaItem',
        data: { meetingId: open.meetingId, itemId: item?.itemId ?? 'none' },
        occurredAt: on,
      };
    }
    case 1:
      if (unapproved)
        return {
          type: 'ApproveMinutes',
          data: { meetingId: unapproved.meetingId, atMeetingId: open.meetingId },
          occurredAt: on,
        };
      return { type: 'CloseMeeting', data: { meetingId: open.meetingId }, occurredAt: on };
    case 2:
      return {
        type: 'RecordAttendance',
        data: { meetingId: open.meetingId, present: people.slice(0, 1), apologies: people.slice(1, 2) },
        occurredAt: on,
      };
    default:
      return { type: 'CloseMeeting', data: { meetingId: open.meetingId }, occurredAt: on };
  }
};
