import type { AgendaItem } from './agenda.js';
import type { Command } from './commands.js';
import { DomainError } from './errors.js';
import { personOf } from './people.js';
import type { DomainEvent, EventOf } from './events.js';
import type { MeetingPapers } from './agenda.js';
import type { MeetingState, ProgrammeState } from './state.js';

type CommandOf<TType extends Command['type']> = Extract<Command, { type: TType }>;

const meeting = (s: ProgrammeState, id: string): MeetingState => {
  const m = s.meetings.get(id);
  if (!m) throw new DomainError('unknown_meeting', `meeting ${id} does not exist`);
  return m;
};

/**
 * The agenda a meeting opens with: every item gets an id (`item-N` by its place, unless given),
 * and matters arising, first unless the coordinator put it elsewhere, carries every action not
 * yet done, so nobody has to copy last meeting's actions onto the new agenda by hand.
 */
export const agendaFor = (s: ProgrammeState, command: CommandOf<'OpenMeeting'>): AgendaItem[] | undefined => {
  if (command.data.chairPersonId !== undefined) personOf(s, command.data.chairPersonId);
  const given = command.data.agenda;
  if (given === undefined) return undefined;
  for (const item of given)
    if (item.presenterPartnerId !== undefined && !s.partners.has(item.presenterPartnerId))
      throw new DomainError('unknown_partner', `partner ${item.presenterPartnerId} does not exist`);
  const items: AgendaItem[] = given.map(({ itemId, ...rest }, i) => ({ itemId: itemId ?? `item-${i + 1}`, ...rest }));
  if (!items.some((i) => i.kind === 'matters-arising')) {
    const taken = new Set(items.map((i) => i.itemId));
    items.unshift({
      itemId: taken.has('matters-arising') ? 'item-0' : 'matters-arising',
      title: 'Matters arising',
      kind: 'matters-arising',
    });
  }
  const ids = new Set<string>();
  for (const item of items) {
    if (ids.has(item.itemId)) throw new DomainError('duplicate_id', `agenda item ${item.itemId} appears twice`);
    ids.add(item.itemId);
  }
  const arising = [...s.actions.values()]
    .filter((a) => a.completedOn === null)
    .map((a) => ({ kind: 'action' as const, id: a.actionId }));
  const first = items.findIndex((i) => i.kind === 'matters-arising');
  items[first] = { ...items[first]!, arising };
  return items;
};

/** The commands of a meeting's papers, decided here so that `decide` only routes to them. */
export const decideMeetingPapers = (
  s: ProgrammeState,
  command: CommandOf<'StartAgendaItem' | 'RecordAttendance' | 'ApproveMinutes'>,
): DomainEvent[] => {
  switch (command.type) {
    case 'StartAgendaItem': {
      const m = meeting(s, command.data.meetingId);
      if (s.openMeetingId !== m.meetingId)
        throw new DomainError('meeting_not_open', `meeting ${m.meetingId} is not open`);
      if (!m.agenda.some((i) => i.itemId === command.data.itemId))
        throw new DomainError(
          'unknown_agenda_item',
          `meeting ${m.meetingId} has no agenda item ${command.data.itemId}`,
        );
      // Starting the item already under way would only repeat the record.
      if (m.currentItemId === command.data.itemId)
        throw new DomainError('agenda_item_current', `agenda item ${command.data.itemId} is already under way`);
      return [{ type: 'AgendaItemStarted', data: command.data }];
    }
    case 'RecordAttendance': {
      meeting(s, command.data.meetingId);
      for (const id of [...command.data.present, ...command.data.apologies]) personOf(s, id);
      const both = command.data.present.find((id) => command.data.apologies.includes(id));
      if (both !== undefined)
        throw new DomainError('present_and_apologies', `person ${both} cannot be both present and sending apologies`);
      return [
        {
          type: 'AttendanceRecorded',
          data: {
            ...command.data,
            present: [...new Set(command.data.present)],
            apologies: [...new Set(command.data.apologies)],
          },
        },
      ];
    }
    case 'ApproveMinutes': {
      const m = meeting(s, command.data.meetingId);
      const at = meeting(s, command.data.atMeetingId);
      // A minute is approved as a true record by a later meeting, in session, once its own meeting has closed.
      if (m.closedAt === null) throw new DomainError('meeting_not_closed', `meeting ${m.meetingId} has not closed yet`);
      if (at.meetingId === m.meetingId || s.openMeetingId !== at.meetingId)
        throw new DomainError('meeting_not_open', `meeting ${at.meetingId} is not in session to approve the minute`);
      if (m.approval !== null)
        throw new DomainError(
          'minutes_already_approved',
          `the minute of ${m.meetingId} was approved at ${m.approval.atMeetingId} on ${m.approval.approvedOn}`,
        );
      return [{ type: 'MinutesApproved', data: command.data }];
    }
  }
};

/** The papers a meeting opens with. */
export const openedPapers = (e: EventOf<'MeetingOpened'>): MeetingPapers => ({
  agenda: (e.data.agenda ?? []).map((i) => ({
    itemId: i.itemId,
    title: i.title,
    kind: i.kind ?? null,
    presenterPartnerId: i.presenterPartnerId ?? null,
    arising: i.arising ?? [],
  })),
  currentItemId: null,
  chairPersonId: e.data.chairPersonId ?? null,
  present: [],
  apologies: [],
  approval: null,
});

/** Applies an event of a meeting's papers; an event for a meeting the fold does not hold changes nothing. */
export const evolveMeetingPapers = (
  s: ProgrammeState,
  e: EventOf<'AgendaItemStarted' | 'AttendanceRecorded' | 'MinutesApproved'> & { occurredAt: string },
): void => {
  const m = s.meetings.get(e.data.meetingId);
  if (!m) return;
  switch (e.type) {
    case 'AgendaItemStarted':
      s.meetings.set(m.meetingId, { ...m, currentItemId: e.data.itemId });
      return;
    case 'AttendanceRecorded':
      s.meetings.set(m.meetingId, { ...m, present: [...e.data.present], apologies: [...e.data.apologies] });
      return;
    case 'MinutesApproved':
      s.meetings.set(m.meetingId, {
        ...m,
        approval: { atMeetingId: e.data.atMeetingId, approvedOn: e.occurredAt.slice(0, 10) },
      });
      return;
  }
};
