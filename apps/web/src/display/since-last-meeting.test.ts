import { fold, toView } from '@steerlog/domain';
import type { Command } from '@steerlog/domain';
import { givenBaseline } from '@steerlog/domain/testing';
import { describe, expect, it } from 'vitest';
import { recordedOf } from '../testing.js';
import { changesSinceLastMeeting } from './since-last-meeting.js';

const NOW = '2026-01-02T00:00:00.000Z';

const changesAfter = (commands: Command[]) => {
  const events = recordedOf(givenBaseline().recordAll(commands).events);
  return changesSinceLastMeeting(events, toView(fold(events), { asOf: NOW, knownAt: NOW }));
};

const mayBoard: Command[] = [
  {
    type: 'AddMilestone',
    data: { milestoneId: 'tier-2-pilot', workstreamId: 'training', title: 'Tier 2 pilot', dueOn: '2025-09-30' },
    occurredAt: '2025-04-01',
  },
  {
    type: 'AddMilestone',
    data: { milestoneId: 'evaluation', workstreamId: 'training', title: 'Evaluation', dueOn: '2025-12-31' },
    occurredAt: '2025-04-01',
  },
  {
    type: 'OpenMeeting',
    data: { meetingId: 'board-may', title: 'Board, May', attendees: ['council'] },
    occurredAt: '2025-05-01',
  },
  { type: 'RecordDecision', data: { decisionId: 'charter', summary: 'Adopt the charter' }, occurredAt: '2025-05-01' },
  {
    type: 'ChangeRag',
    data: { subject: { kind: 'partner', id: 'council' }, rag: 'amber', reason: 'Recruitment slow' },
    occurredAt: '2025-05-01',
  },
  { type: 'CloseMeeting', data: { meetingId: 'board-may' }, occurredAt: '2025-05-01' },
];

describe('changesSinceLastMeeting', () => {
  it('has nothing to compare with before any meeting has closed', () => {
    const since = changesAfter(mayBoard.slice(0, 5));
    expect(since).toEqual({ meeting: null, changes: [], changed: new Set() });
  });

  it('reports milestones that have fallen due since, even with nothing recorded', () => {
    const since = changesAfter(mayBoard);
    expect(since.meeting).toEqual({
      meetingId: 'board-may',
      title: 'Board, May',
      closedAt: '2025-05-01T00:00:00.000Z',
    });
    // The May view already had Tier 1 overdue (due 30 April), so its status is not news.
    expect(since.changes.map((c) => [c.key, c.kind === 'milestone' && c.what])).toEqual([
      ['milestone:tier-2-pilot', 'now overdue'],
      ['milestone:evaluation', 'now overdue'],
    ]);
  });

  it('lists new and moved ratings, milestone news and new decisions, and marks what to highlight', () => {
    const since = changesAfter([
      ...mayBoard,
      { type: 'ChangeRag', data: { subject: { kind: 'programme' }, rag: 'amber', reason: 'Behind plan' } },
      {
        type: 'ChangeRag',
        data: { subject: { kind: 'partner', id: 'council' }, rag: 'red', reason: 'No co-ordinator' },
      },
      { type: 'ChangeRag', data: { subject: { kind: 'partner', id: 'nhs-trust' }, rag: 'green', reason: 'On track' } },
      { type: 'ChangeRag', data: { subject: { kind: 'workstream', id: 'training' }, rag: 'amber', reason: 'Late' } },
      { type: 'RescheduleMilestone', data: { milestoneId: 'tier-1-live', dueOn: '2025-06-30', reason: 'Supplier' } },
      { type: 'CompleteMilestone', data: { milestoneId: 'evaluation', completedOn: '2025-11-01' } },
      {
        type: 'AddMilestone',
        data: { milestoneId: 'tier-3', workstreamId: 'training', title: 'Tier 3 offer', dueOn: '2026-06-30' },
      },
      { type: 'RecordDecision', data: { decisionId: 'extend', summary: 'Extend the pilot' } },
    ]);
    expect(since.changes).toEqual([
      {
        kind: 'rag',
        key: 'programme',
        subject: 'programme',
        name: 'Trauma-informed Testshire',
        before: null,
        after: 'amber',
      },
      {
        kind: 'rag',
        key: 'partner:council',
        subject: 'partner',
        name: 'Testshire Council',
        before: 'amber',
        after: 'red',
      },
      {
        kind: 'rag',
        key: 'partner:nhs-trust',
        subject: 'partner',
        name: 'Testshire NHS Trust',
        before: null,
        after: 'green',
      },
      {
        kind: 'rag',
        key: 'workstream:training',
        subject: 'workstream',
        name: 'Training',
        before: null,
        after: 'amber',
      },
      {
        kind: 'milestone',
        key: 'milestone:tier-1-live',
        title: 'Tier 1 e-learning live',
        what: 'rescheduled',
        dueOn: '2025-06-30',
        beforeDueOn: '2025-04-30',
      },
      {
        kind: 'milestone',
        key: 'milestone:tier-2-pilot',
        title: 'Tier 2 pilot',
        what: 'now overdue',
        dueOn: '2025-09-30',
        beforeDueOn: null,
      },
      {
        kind: 'milestone',
        key: 'milestone:evaluation',
        title: 'Evaluation',
        what: 'completed',
        dueOn: '2025-12-31',
        beforeDueOn: null,
      },
      {
        kind: 'milestone',
        key: 'milestone:tier-3',
        title: 'Tier 3 offer',
        what: 'added',
        dueOn: '2026-06-30',
        beforeDueOn: null,
      },
      { kind: 'decision', key: 'decision:extend', summary: 'Extend the pilot' },
    ]);
    expect(since.changed.has('partner:council')).toBe(true);
    expect(since.changed.has('partner:somewhere-else')).toBe(false);
  });

  it('does not report a rating that moved and moved back', () => {
    const since = changesAfter([
      ...mayBoard,
      { type: 'ChangeRag', data: { subject: { kind: 'partner', id: 'council' }, rag: 'red', reason: 'Worse' } },
      { type: 'ChangeRag', data: { subject: { kind: 'partner', id: 'council' }, rag: 'amber', reason: 'Recovered' } },
    ]);
    expect(since.changed.has('partner:council')).toBe(false);
  });

  it('compares with the last meeting whose close still stands', () => {
    const log = givenBaseline().recordAll([
      ...mayBoard,
      {
        type: 'OpenMeeting',
        data: { meetingId: 'board-june', title: 'Board, June', attendees: [] },
        occurredAt: '2025-06-01',
      },
      { type: 'CloseMeeting', data: { meetingId: 'board-june' }, occurredAt: '2025-06-01' },
    ]);
    log.record({ type: 'RetractEvent', data: { eventId: log.events.at(-1)!.id, reason: 'Closed too early' } });
    const events = recordedOf(log.events);
    const since = changesSinceLastMeeting(events, toView(fold(events), { asOf: NOW, knownAt: NOW }));
    expect(since.meeting?.meetingId).toBe('board-may');
  });
});
