import { describe, expect, it } from 'vitest';
import type { Command } from './commands.js';
import { record } from './record.js';
import { givenBaseline, refusal } from './testing/index.js';
import type { MemoryLog } from './testing/index.js';
import { toView } from './view.js';

const at = { asOf: '2025-12-31T23:59:59.999Z', knownAt: '2026-12-31T00:00:00.000Z' };
const viewOf = (log: MemoryLog, asOf = at.asOf) => toView(log.state(), { ...at, asOf });

const withPeople = () =>
  givenBaseline().recordAll([
    {
      type: 'AddPerson',
      data: { personId: 'ann', name: 'Ann Lead', email: 'ann@council.example', partnerId: 'council' },
      occurredAt: '2025-01-08',
    },
    {
      type: 'AddPerson',
      data: { personId: 'nik', name: 'Nik Ward', partnerId: 'nhs-trust' },
      occurredAt: '2025-01-08',
    },
  ]);

const withRound = () =>
  withPeople().recordAll([
    {
      type: 'OpenReportingRound',
      data: {
        roundId: 'q1',
        title: 'Q1 reports',
        periodFrom: '2025-01-01',
        periodTo: '2025-03-31',
        dueOn: '2025-04-10',
      },
      occurredAt: '2025-04-01',
    },
  ]);

const report = (partnerId: string, on: string, extra: Record<string, unknown> = {}): Command => ({
  type: 'SubmitHighlightReport',
  data: { partnerId, lead: 'Someone', summary: 'On track', successes: [], challenges: [], upcoming: [], ...extra },
  occurredAt: on,
});

describe('people', () => {
  it('adds a person who receives reminders when they have an e-mail address, and shows them in the state', () => {
    const people = viewOf(withPeople()).people;
    expect(people).toEqual([
      expect.objectContaining({ personId: 'ann', email: 'ann@council.example', receivesReminders: true }),
      expect.objectContaining({ personId: 'nik', email: null, receivesReminders: false, partnerId: 'nhs-trust' }),
    ]);
  });
  it('updates only the fields named', () => {
    const log = withPeople();
    log.record({ type: 'UpdatePerson', data: { personId: 'nik', email: 'nik@nhs.example', receivesReminders: true } });
    expect(viewOf(log).people[1]).toMatchObject({
      name: 'Nik Ward',
      email: 'nik@nhs.example',
      receivesReminders: true,
    });
  });
  it('removes an e-mail address, a partner or a role given as null, and reminders go with the address', () => {
    const log = withPeople();
    log.record({ type: 'UpdatePerson', data: { personId: 'ann', email: null } });
    log.record({ type: 'UpdatePerson', data: { personId: 'nik', partnerId: null, role: null } });
    const [ann, nik] = viewOf(log).people;
    expect(ann).toMatchObject({ email: null, receivesReminders: false, partnerId: 'council' });
    expect(nik).toMatchObject({ partnerId: null, role: null, name: 'Nik Ward' });
    expect(refusal(log, { type: 'UpdatePerson', data: { personId: 'nik', partnerId: 'nope' } })).toBe(
      'unknown_partner',
    );
  });
  it('refuses an unknown person, an unknown partner and a duplicate id', () => {
    const log = withPeople();
    expect(refusal(log, { type: 'UpdatePerson', data: { personId: 'zed', name: 'Zed' } })).toBe('unknown_person');
    expect(refusal(log, { type: 'AddPerson', data: { name: 'Zed', partnerId: 'nope' } })).toBe('unknown_partner');
    expect(refusal(log, { type: 'AddPerson', data: { personId: 'ann', name: 'Ann Again' } })).toBe('duplicate_id');
  });
  it('shows the named person where a person is meant, and refuses one of another partner', () => {
    const log = withPeople();
    log.record({ type: 'AddPerson', data: { personId: 'lee', name: 'Lee Chair' } });
    log.record({
      type: 'AddPartner',
      data: { partnerId: 'police', name: 'Testshire Police', sector: 'police', leadPersonId: 'lee' },
    });
    log.record({
      type: 'AssignAction',
      data: {
        actionId: 'a1',
        title: 'Draft plan',
        ownerPartnerId: 'council',
        dueOn: '2025-06-01',
        ownerPersonId: 'ann',
      },
    });
    log.record({ type: 'AppointChampion', data: { partnerId: 'council', name: 'A. Lead', personId: 'ann' } });
    log.record({ type: 'UpdatePerson', data: { personId: 'ann', name: 'Ann Leader' } });
    const v = viewOf(log);
    expect(v.partners.find((p) => p.partnerId === 'police')).toMatchObject({ lead: 'Lee Chair', leadPersonId: 'lee' });
    expect(v.people.find((p) => p.personId === 'lee')?.partnerId).toBe('police');
    expect(v.actions[0]).toMatchObject({ ownerPersonId: 'ann', ownerName: 'Ann Leader' });
    expect(v.champions[0]?.name).toBe('Ann Leader');
    expect(
      refusal(log, {
        type: 'RaiseRisk',
        data: { title: 'R', likelihood: 2, impact: 2, ownerPartnerId: 'nhs-trust', ownerPersonId: 'ann' },
      }),
    ).toBe('person_not_of_partner');
    expect(refusal(log, { type: 'AddPartner', data: { name: 'Other', sector: 'other', leadPersonId: 'ann' } })).toBe(
      'person_not_of_partner',
    );
  });
});

describe('reporting rounds', () => {
  it('asks every partner by default, and gives each return its status as of a date', () => {
    const log = withRound();
    log.record(report('council', '2025-04-09', { roundId: 'q1' }));
    const before = viewOf(log, '2025-04-10T23:59:59.999Z').reportingRounds[0]!;
    expect(before.returns).toEqual([
      { partnerId: 'council', status: 'submitted', submittedOn: '2025-04-09' },
      { partnerId: 'nhs-trust', status: 'outstanding', submittedOn: null },
    ]);
    expect(viewOf(log, '2025-04-11T00:00:00.000Z').reportingRounds[0]!.returns[1]!.status).toBe('overdue');
    log.record(report('nhs-trust', '2025-04-15', { roundId: 'q1' }));
    expect(viewOf(log).reportingRounds[0]!.returns[1]).toEqual({
      partnerId: 'nhs-trust',
      status: 'late',
      submittedOn: '2025-04-15',
    });
  });
  it('counts the first report of a round: a later one does not make an on-time return late', () => {
    const log = withRound();
    log.record(report('council', '2025-04-09', { roundId: 'q1' }));
    log.record(report('council', '2025-04-20', { roundId: 'q1' }));
    expect(viewOf(log).reportingRounds[0]!.returns[0]!.status).toBe('submitted');
  });
  it('refuses a round due before its period ends, unknown partners, and a report for a closed round or a partner not in it', () => {
    const log = withPeople();
    const round = (extra: Record<string, unknown>): Command => ({
      type: 'OpenReportingRound',
      data: { title: 'R', periodFrom: '2025-01-01', periodTo: '2025-03-31', dueOn: '2025-04-10', ...extra },
    });
    expect(refusal(log, round({ dueOn: '2025-03-30' }))).toBe('due_before_period_end');
    expect(refusal(log, round({ partnerIds: ['council', 'nope'] }))).toBe('unknown_partner');
    log.record(round({ roundId: 'q1', partnerIds: ['council'] }));
    expect(refusal(log, report('nhs-trust', '2025-04-02', { roundId: 'q1' }))).toBe('partner_not_in_round');
    expect(refusal(log, report('council', '2025-04-02', { roundId: 'q9' }))).toBe('unknown_round');
    log.record({ type: 'CloseReportingRound', data: { roundId: 'q1' } });
    expect(refusal(log, report('council', '2025-04-02', { roundId: 'q1' }))).toBe('round_closed');
    expect(refusal(log, { type: 'CloseReportingRound', data: { roundId: 'q1' } })).toBe('round_already_closed');
  });
  it("sets the partner's rating from a report, and re-affirms the same rating instead of refusing it", () => {
    const log = withRound();
    log.record(report('council', '2025-04-09', { roundId: 'q1', rag: 'amber' }));
    expect(viewOf(log).partners[0]!.rag).toMatchObject({
      current: 'amber',
      previous: null,
      reason: 'Highlight report for Q1 reports',
    });
    log.record(report('council', '2025-04-12', { rag: 'amber' }));
    expect(viewOf(log).partners[0]!.rag).toMatchObject({
      current: 'amber',
      previous: 'amber',
      changedOn: '2025-04-12',
    });
    expect(log.state().ragHistory.filter((h) => h.subject.kind === 'partner')).toHaveLength(2);
  });
  it('records each automatic reminder once per person and kind, a manual one every time', () => {
    const log = withRound();
    const sent = (kind: 'due-soon' | 'overdue' | 'manual'): Command => ({
      type: 'RecordReminderSent',
      data: { roundId: 'q1', partnerId: 'council', personId: 'ann', kind },
    });
    log.record(sent('due-soon'));
    expect(refusal(log, sent('due-soon'))).toBe('reminder_already_sent');
    log.record(sent('overdue'));
    log.record(sent('manual'));
    log.record(sent('manual'));
    expect(viewOf(log).reportingRounds[0]!.reminders.map((r) => r.kind)).toEqual([
      'due-soon',
      'overdue',
      'manual',
      'manual',
    ]);
    expect(
      refusal(log, {
        type: 'RecordReminderSent',
        data: { roundId: 'q1', partnerId: 'council', personId: 'nik', kind: 'manual' },
      }),
    ).toBe('person_not_of_partner');
  });
});

describe('a partner completing actions', () => {
  const ctx = (actorPartnerId: string) => ({
    programmeId: 'p',
    newId: () => 'x',
    now: '2026-01-01T00:00:00.000Z',
    actorPartnerId,
  });
  it('may complete an action its own partner owns, and no other', () => {
    const log = withPeople().recordAll([
      { type: 'AssignAction', data: { actionId: 'mine', title: 'A', ownerPartnerId: 'council', dueOn: '2025-06-01' } },
      {
        type: 'AssignAction',
        data: { actionId: 'theirs', title: 'B', ownerPartnerId: 'nhs-trust', dueOn: '2025-06-01' },
      },
    ]);
    const complete = (actionId: string): Command => ({
      type: 'CompleteAction',
      data: { actionId, completedOn: '2025-05-01' },
    });
    expect(record(log.state(), complete('mine'), ctx('council')).events).toHaveLength(1);
    expect(() => record(log.state(), complete('theirs'), ctx('council'))).toThrow(/owned by nhs-trust/);
  });
});
