import { describe, expect, it } from 'vitest';
import type { Command } from './commands.js';
import { givenBaseline, refusal } from './testing/index.js';
import type { MemoryLog } from './testing/index.js';
import { toView } from './view.js';

const open = (meetingId: string, agenda?: Extract<Command, { type: 'OpenMeeting' }>['data']['agenda']): Command => ({
  type: 'OpenMeeting',
  data: { meetingId, title: `Steering group ${meetingId}`, attendees: [], ...(agenda ? { agenda } : {}) },
});
const close = (meetingId: string): Command => ({ type: 'CloseMeeting', data: { meetingId } });
const meetingOf = (log: MemoryLog, id: string) =>
  toView(log.state(), { asOf: log.now, knownAt: log.now }).meetings.find((m) => m.meetingId === id)!;

describe('OpenMeeting with an agenda', () => {
  it('gives every item an id and puts matters arising first, carrying every action not yet done', () => {
    const log = givenBaseline().recordAll([
      {
        type: 'AssignAction',
        data: { actionId: 'open-one', title: 'Open', ownerPartnerId: 'council', dueOn: '2030-01-01' },
      },
      {
        type: 'AssignAction',
        data: { actionId: 'late-one', title: 'Late', ownerPartnerId: 'council', dueOn: '2025-01-01' },
      },
      {
        type: 'AssignAction',
        data: { actionId: 'done-one', title: 'Done', ownerPartnerId: 'council', dueOn: '2025-01-01' },
      },
      { type: 'CompleteAction', data: { actionId: 'done-one', completedOn: '2025-01-02' } },
    ]);
    const [e] = log.record(
      open('sg-1', [
        { title: 'Training update', kind: 'report', presenterPartnerId: 'council' },
        { itemId: 'budget', title: 'Budget', kind: 'decision' },
      ]),
    );
    expect(e!.data).toMatchObject({
      agenda: [
        {
          itemId: 'matters-arising',
          title: 'Matters arising',
          kind: 'matters-arising',
          arising: [
            { kind: 'action', id: 'open-one' },
            { kind: 'action', id: 'late-one' },
          ],
        },
        { itemId: 'item-1', title: 'Training update', kind: 'report', presenterPartnerId: 'council' },
        { itemId: 'budget', title: 'Budget', kind: 'decision' },
      ],
    });
    expect(meetingOf(log, 'sg-1')).toMatchObject({ currentItemId: null, approval: null });
  });

  it('fills the coordinator’s own matters-arising item where it stands', () => {
    const log = givenBaseline().recordAll([
      { type: 'AssignAction', data: { actionId: 'a', title: 'A', ownerPartnerId: 'council', dueOn: '2030-01-01' } },
    ]);
    const [e] = log.record(
      open('sg-1', [{ title: 'Welcome' }, { title: 'Actions from last time', kind: 'matters-arising' }]),
    );
    expect(e!.data).toMatchObject({
      agenda: [
        { itemId: 'item-1', title: 'Welcome' },
        { itemId: 'item-2', kind: 'matters-arising', arising: [{ kind: 'action', id: 'a' }] },
      ],
    });
  });

  it('records no agenda when none is given, so a version 1 OpenMeeting records what it did', () => {
    const [e] = givenBaseline().record(open('sg-1'));
    expect(e!.data).toEqual({ meetingId: 'sg-1', title: 'Steering group sg-1', attendees: [] });
  });

  it('refuses an unknown presenter and an item id given twice', () => {
    expect(refusal(givenBaseline(), open('sg-1', [{ title: 'X', presenterPartnerId: 'nobody' }]))).toBe(
      'unknown_partner',
    );
    expect(
      refusal(
        givenBaseline(),
        open('sg-1', [
          { itemId: 'x', title: 'X' },
          { itemId: 'x', title: 'Y' },
        ]),
      ),
    ).toBe('duplicate_id');
  });
});

describe('StartAgendaItem: the meeting walks its agenda', () => {
  it('records the item under way', () => {
    const log = givenBaseline().recordAll([open('sg-1', [{ itemId: 'budget', title: 'Budget' }])]);
    log.record({ type: 'StartAgendaItem', data: { meetingId: 'sg-1', itemId: 'matters-arising' } });
    log.record({ type: 'StartAgendaItem', data: { meetingId: 'sg-1', itemId: 'budget' } });
    expect(meetingOf(log, 'sg-1').currentItemId).toBe('budget');
  });

  it('refuses an item not on the agenda, the item already under way, and a closed meeting', () => {
    const log = givenBaseline().recordAll([open('sg-1', [{ itemId: 'budget', title: 'Budget' }])]);
    const start = (itemId: string, meetingId = 'sg-1'): Command => ({
      type: 'StartAgendaItem',
      data: { meetingId, itemId },
    });
    expect(refusal(log, start('nope'))).toBe('unknown_agenda_item');
    log.record(start('budget'));
    expect(refusal(log, start('budget'))).toBe('agenda_item_current');
    expect(refusal(log, start('budget', 'sg-9'))).toBe('unknown_meeting');
    log.record(close('sg-1'));
    expect(refusal(log, start('matters-arising'))).toBe('meeting_not_open');
  });
});

describe('ApproveMinutes: a later meeting in session approves a closed meeting’s minute, once', () => {
  it('records the approval with the meeting and the day', () => {
    const log = givenBaseline().recordAll([open('sg-1'), close('sg-1'), open('sg-2')]);
    log.record({ type: 'ApproveMinutes', data: { meetingId: 'sg-1', atMeetingId: 'sg-2' } });
    expect(meetingOf(log, 'sg-1').approval).toEqual({
      atMeetingId: 'sg-2',
      approvedOn: log.state().lastOccurredAt!.slice(0, 10),
    });
  });

  it('refuses an open minute, a meeting not in session, its own meeting, and a second approval', () => {
    const approve = (meetingId: string, atMeetingId: string): Command => ({
      type: 'ApproveMinutes',
      data: { meetingId, atMeetingId },
    });
    const log = givenBaseline().recordAll([open('sg-1')]);
    expect(refusal(log, approve('sg-1', 'sg-1'))).toBe('meeting_not_closed');
    log.recordAll([close('sg-1')]);
    expect(refusal(log, approve('sg-1', 'sg-1'))).toBe('meeting_not_open');
    log.recordAll([open('sg-2'), close('sg-2')]);
    expect(refusal(log, approve('sg-1', 'sg-2'))).toBe('meeting_not_open');
    expect(refusal(log, approve('sg-1', 'sg-9'))).toBe('unknown_meeting');
    log.recordAll([open('sg-3'), approve('sg-1', 'sg-3')]);
    expect(refusal(log, approve('sg-1', 'sg-3'))).toBe('minutes_already_approved');
  });
});

describe('the chair and RecordAttendance', () => {
  const people: Command[] = [
    { type: 'AddPerson', data: { personId: 'ann', name: 'Ann Chair', partnerId: 'council' } },
    { type: 'AddPerson', data: { personId: 'bob', name: 'Bob Member', partnerId: 'nhs-trust' } },
  ];

  it('names the chair at opening and keeps the latest attendance list', () => {
    const log = givenBaseline().recordAll([
      ...people,
      { type: 'OpenMeeting', data: { meetingId: 'sg-1', title: 'SG', attendees: [], chairPersonId: 'ann' } },
      { type: 'RecordAttendance', data: { meetingId: 'sg-1', present: ['bob'], apologies: ['ann'] } },
      { type: 'RecordAttendance', data: { meetingId: 'sg-1', present: ['ann', 'bob', 'ann'], apologies: [] } },
    ]);
    expect(meetingOf(log, 'sg-1')).toMatchObject({ chairPersonId: 'ann', present: ['ann', 'bob'], apologies: [] });
  });

  it('refuses an unknown chair or attendee, and a person both present and sending apologies', () => {
    const log = givenBaseline().recordAll(people);
    expect(refusal(log, { type: 'OpenMeeting', data: { title: 'SG', attendees: [], chairPersonId: 'nobody' } })).toBe(
      'unknown_person',
    );
    log.record(open('sg-1'));
    const attend = (present: string[], apologies: string[]): Command => ({
      type: 'RecordAttendance',
      data: { meetingId: 'sg-1', present, apologies },
    });
    expect(refusal(log, attend(['nobody'], []))).toBe('unknown_person');
    expect(refusal(log, attend(['ann'], ['ann']))).toBe('present_and_apologies');
    expect(refusal(log, { type: 'RecordAttendance', data: { meetingId: 'sg-9', present: [], apologies: [] } })).toBe(
      'unknown_meeting',
    );
  });
});
