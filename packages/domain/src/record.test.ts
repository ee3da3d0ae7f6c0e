import { describe, expect, it } from 'vitest';
import type { Command } from './commands.js';
import { DomainError } from './errors.js';
import { applyPartnerDefault, record } from './record.js';
import { givenBaseline, PROGRAMME } from './testing/index.js';

const NOW = '2026-02-01T10:00:00.000Z';
const ctx = (actorPartnerId: string | null = null) => ({
  programmeId: PROGRAMME,
  newId: (kind: string) => `${kind}-new`,
  now: NOW,
  actorPartnerId,
});

const training: Command = {
  type: 'RecordTraining',
  data: { level: 1, audience: 'Front door staff', sessions: 2, attendees: 30, deliveredOn: '2026-01-20' },
};

describe('record: when it happened', () => {
  it('takes the command occurredAt as the start of that day', () => {
    const r = record(givenBaseline().state(), { ...training, occurredAt: '2026-01-20' }, ctx());
    expect(r.occurredAt).toBe('2026-01-20T00:00:00.000Z');
  });
  it('defaults to now', () => {
    expect(record(givenBaseline().state(), training, ctx()).occurredAt).toBe(NOW);
  });
  it('refuses a date in the future', () => {
    expect(() => record(givenBaseline().state(), { ...training, occurredAt: '2026-03-01' }, ctx())).toThrow(
      DomainError,
    );
  });
});

describe('record: the partner default', () => {
  it("makes a partner lead's training their own organisation's", () => {
    const [e] = record(givenBaseline().state(), training, ctx('council')).events;
    expect(e).toMatchObject({ type: 'TrainingDelivered', data: { partnerId: 'council' } });
  });
  it('leaves a coordinator’s training with the programme', () => {
    const [e] = record(givenBaseline().state(), training, ctx(null)).events;
    expect(e?.data).toMatchObject({ partnerId: null });
  });
  it('never overrides a partner the command names', () => {
    const named = { ...training, data: { ...training.data, partnerId: 'nhs-trust' } } as Command;
    expect(applyPartnerDefault(named, 'council')).toBe(named);
  });
  it('applies to self-assessments too, and to nothing else', () => {
    const assess: Command = { type: 'AssessMaturity', data: { domain: 'strategic-support', level: 'emerging' } };
    expect(applyPartnerDefault(assess, 'council').data).toMatchObject({ partnerId: 'council' });
    const rag: Command = { type: 'ChangeRag', data: { subject: { kind: 'programme' }, rag: 'red', reason: 'r' } };
    expect(applyPartnerDefault(rag, 'council')).toBe(rag);
  });
});

describe('record: the open meeting', () => {
  const open: Command = { type: 'OpenMeeting', data: { meetingId: 'sg-1', title: 'Steering group', attendees: [] } };
  it('stamps nothing when no meeting is open', () => {
    expect(record(givenBaseline().state(), training, ctx()).events[0]?.meetingId).toBeNull();
  });
  it('stamps the meeting’s own opening event', () => {
    expect(record(givenBaseline().state(), open, ctx()).events[0]?.meetingId).toBe('sg-1');
  });
  it('stamps every event while the meeting is open, its closing event included', () => {
    const log = givenBaseline().recordAll([open]);
    expect(record(log.state(), training, ctx()).events[0]?.meetingId).toBe('sg-1');
    const close: Command = { type: 'CloseMeeting', data: { meetingId: 'sg-1' } };
    expect(record(log.state(), close, ctx()).events[0]?.meetingId).toBe('sg-1');
    log.record(close);
    expect(record(log.state(), training, ctx()).events[0]?.meetingId).toBeNull();
  });
});
