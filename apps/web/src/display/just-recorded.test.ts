import { givenBaseline } from '@steerlog/domain/testing';
import { describe, expect, it } from 'vitest';
import { recordedOf } from '../testing.js';
import { justRecorded } from './just-recorded.js';

describe('justRecorded', () => {
  const log = givenBaseline();
  const before = log.now;
  log.recordAll([
    { type: 'OpenMeeting', data: { meetingId: 'board', title: 'Board', attendees: [] } },
    {
      type: 'ChangeRag',
      data: { subject: { kind: 'partner', id: 'council' }, rag: 'amber', reason: 'Recruitment slow' },
    },
    { type: 'RecordDecision', data: { decisionId: 'charter', summary: 'Adopt the charter' } },
  ]);
  const events = recordedOf(log.events);
  const last = events.at(-1)!.recordedAt;

  const everything = { watchedAfter: 0, openMeetingId: null };

  it('marks what was recorded a moment ago, newest first, and not the meeting opening', () => {
    const just = justRecorded(events, last, { ...everything, windowMs: Date.parse(last) - Date.parse(before) });
    expect(just.events.map((e) => e.type)).toEqual(['DecisionRecorded', 'RagChanged']);
    expect([...just.keys].sort()).toEqual(['decision:charter', 'partner:council']);
  });

  it('counts only what arrived while the page watched, or belongs to the meeting in progress', () => {
    const windowMs = 3_600_000;
    const loadedAfterAll = { watchedAfter: events.at(-1)!.position, openMeetingId: null, windowMs };
    expect(justRecorded(events, last, loadedAfterAll).events).toEqual([]);
    // Reloaded mid-meeting: the meeting's own record is still the room's news (envelopesOf stamps meetingId).
    const reloaded = justRecorded(events, last, { ...loadedAfterAll, openMeetingId: 'board' });
    expect(reloaded.events.map((e) => e.type)).toEqual(['DecisionRecorded', 'RagChanged']);
    const baselineOnly = justRecorded(events, last, { watchedAfter: null, openMeetingId: null, windowMs });
    expect(baselineOnly.events).toEqual([]);
  });

  it('lets it go once the window has passed, and leaves out what was retracted', () => {
    expect(justRecorded(events, new Date(Date.parse(last) + 3_600_000).toISOString(), everything).events).toEqual([]);
    const decision = events.at(-1)!;
    log.record({ type: 'RetractEvent', data: { eventId: decision.id, reason: 'Recorded twice' } });
    const withRetraction = recordedOf(log.events);
    const just = justRecorded(withRetraction, withRetraction.at(-1)!.recordedAt, { ...everything, windowMs: 10_000 });
    expect(just.keys.has('decision:charter')).toBe(false);
  });
});
