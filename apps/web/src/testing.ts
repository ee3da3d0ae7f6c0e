import type { EventEnvelope, FoldableEvent, RecordedEvent } from '@steerlog/domain';
import { DomainEvent } from '@steerlog/domain';

/**
 * Test events as the server serves them: envelopes with the meta a live meeting stamps. Positions
 * are spread out (×10 + `offset`) because the log's positions are global, shared by every programme.
 */
export const envelopesOf = (events: readonly FoldableEvent[], offset = 3): EventEnvelope[] => {
  let openMeeting: string | undefined;
  return events.map((e) => {
    if (e.type === 'MeetingOpened') openMeeting = e.data.meetingId;
    const meetingId = openMeeting;
    if (e.type === 'MeetingClosed') openMeeting = undefined;
    return {
      ...e,
      position: e.position * 10 + offset,
      data: e.data,
      programmeId: 'test-programme',
      schemaVersion: 1,
      actor: 'tester',
      meta: { correlationId: `c-${e.position}`, causationId: null, ...(meetingId ? { meetingId } : {}) },
      hash: e.position.toString(16).padStart(64, '0'),
    };
  });
};

/** The same, read back as the live model reads them. */
export const recordedOf = (events: readonly FoldableEvent[]): RecordedEvent[] =>
  envelopesOf(events).map((e) => ({ ...e, ...DomainEvent.parse({ type: e.type, data: e.data }) }));

export const eventFrame = (event: EventEnvelope): string => JSON.stringify({ kind: 'event', event });
export const heartbeatFrame = (position: number): string => JSON.stringify({ kind: 'heartbeat', position });
