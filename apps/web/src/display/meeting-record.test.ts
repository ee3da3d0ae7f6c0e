import { fold, toView } from '@steerlog/domain';
import type { Command } from '@steerlog/domain';
import { givenBaseline } from '@steerlog/domain/testing';
import { describe, expect, it } from 'vitest';
import { recordedOf } from '../testing.js';
import { meetingOnDisplay } from './meeting-record.js';

const NOW = '2026-01-02T00:00:00.000Z';

const onDisplay = (commands: Command[]) => {
  const events = recordedOf(givenBaseline().recordAll(commands).events);
  return meetingOnDisplay(toView(fold(events), { asOf: NOW, knownAt: NOW }), events);
};

const march: Command[] = [
  {
    type: 'OpenMeeting',
    data: { meetingId: 'march', title: 'March board', attendees: ['council'] },
    occurredAt: '2025-03-05',
  },
  { type: 'RecordDecision', data: { decisionId: 'hire', summary: 'Hire a co-ordinator' }, occurredAt: '2025-03-05' },
  {
    type: 'AssignAction',
    data: { actionId: 'advertise', title: 'Advertise the post', ownerPartnerId: 'council', dueOn: '2025-04-01' },
    occurredAt: '2025-03-05',
  },
  { type: 'CloseMeeting', data: { meetingId: 'march' }, occurredAt: '2025-03-05' },
  // Between meetings, but following from a March decision.
  {
    type: 'AssignAction',
    data: {
      actionId: 'interview',
      title: 'Interview',
      ownerPartnerId: 'nhs-trust',
      dueOn: '2025-05-01',
      decisionId: 'hire',
    },
    occurredAt: '2025-03-20',
  },
  {
    type: 'AssignAction',
    data: { actionId: 'unrelated', title: 'Book a room', ownerPartnerId: 'council', dueOn: '2025-05-01' },
    occurredAt: '2025-03-21',
  },
];

describe('meetingOnDisplay', () => {
  it('has no meeting to show before one is held', () => {
    expect(onDisplay([])).toBeNull();
  });

  it('shows the latest meeting between meetings, with the actions recorded in it or following its decisions', () => {
    const record = onDisplay(march);
    expect(record?.meeting.meetingId).toBe('march');
    expect(record?.open).toBe(false);
    expect(record?.decisions.map((d) => d.decisionId)).toEqual(['hire']);
    expect(record?.actions.map((a) => a.actionId)).toEqual(['advertise', 'interview']);
  });

  it('shows the open meeting as things are recorded in it', () => {
    const record = onDisplay([
      ...march,
      {
        type: 'OpenMeeting',
        data: { meetingId: 'april', title: 'April board', attendees: [] },
        occurredAt: '2025-04-02',
      },
      {
        type: 'RecordDecision',
        data: { decisionId: 'budget', summary: 'Approve the budget' },
        occurredAt: '2025-04-02',
      },
    ]);
    expect(record).toMatchObject({ open: true, meeting: { meetingId: 'april' }, actions: [] });
    expect(record?.decisions.map((d) => d.decisionId)).toEqual(['budget']);
  });
});
