import type { RecordedEvent } from '@steerlog/domain';
import { describe, expect, it } from 'vitest';
import { hindsightDays, learntSince } from './hindsight.js';

let position = 0;
const event = (type: string, data: object, occurredAt: string, recordedAt: string, id = `e${++position}`) =>
  ({ id, position, version: position, type, data, occurredAt, recordedAt, meta: {} }) as unknown as RecordedEvent;

const onTime = event(
  'MilestoneCompleted',
  { milestoneId: 'm', completedOn: '2023-01-24' },
  '2023-01-24T00:00:00.000Z',
  '2023-01-24T10:00:00.000Z',
  'done',
);
const late = event('ChampionAppointed', { championId: 'c' }, '2021-11-30T00:00:00.000Z', '2022-01-19T14:05:00.000Z');
const nextDay = event('RagChanged', {}, '2022-03-01T00:00:00.000Z', '2022-03-02T09:00:00.000Z');
const retraction = event(
  'EventRetracted',
  { eventId: 'done', reason: 'in error' },
  '2023-02-06T00:00:00.000Z',
  '2023-02-06T10:00:00.000Z',
);
const events = [late, nextDay, onTime, retraction];

describe('hindsightDays', () => {
  it('gives the eve of each late entry and retraction, newest first; an entry made the next day is not late', () => {
    expect(hindsightDays(events).map((h) => [h.day, h.kind])).toEqual([
      ['2023-02-05', 'retracted'],
      ['2022-01-18', 'late'],
    ]);
    expect(hindsightDays(events)[0]?.retracted).toBe(onTime);
  });
});

describe('learntSince', () => {
  it('lists what was recorded later about things that had happened, and what was retracted later', () => {
    expect(learntSince(events, '2022-01-18', '2022-01-18')).toEqual({ recordedLater: [late], retractedLater: [] });
    expect(learntSince(events, '2023-02-05', '2023-02-05')).toEqual({
      recordedLater: [],
      retractedLater: [{ retraction, target: onTime }],
    });
  });

  it('is empty as known now, and leaves out what happened after the day', () => {
    expect(learntSince(events, '2023-12-31', '2023-12-31')).toEqual({ recordedLater: [], retractedLater: [] });
    expect(learntSince(events, '2021-11-29', '2021-11-29').recordedLater).toEqual([]);
  });
});
