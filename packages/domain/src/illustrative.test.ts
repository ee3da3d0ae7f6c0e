import { describe, expect, it } from 'vitest';
import type { Command } from './commands.js';
import { Command as CommandSchema } from './commands.js';
import { record } from './record.js';
import { givenBaseline, PROGRAMME } from './testing/index.js';
import { ProgrammeView, toView } from './view.js';

const AT = { asOf: '2026-06-01T00:00:00.000Z', knownAt: '2026-06-01T00:00:00.000Z' };
const illustrative = (c: Command): Command => ({ ...c, illustrative: true });
const viewAfter = (...commands: Command[]) => toView(givenBaseline().recordAll(commands).state(), AT);

const reschedule = (dueOn: string): Command => ({
  type: 'RescheduleMilestone',
  data: { milestoneId: 'tier-1-live', dueOn, reason: 'supplier late' },
  occurredAt: '2025-03-01',
});
const rate = (rag: 'red' | 'amber' | 'green'): Command => ({
  type: 'ChangeRag',
  data: { subject: { kind: 'partner', id: 'council' }, rag, reason: 'as seen' },
  occurredAt: '2025-03-02',
});

describe('illustrative commands', () => {
  it('accepts only `illustrative: true` on the envelope', () => {
    expect(CommandSchema.safeParse(illustrative(rate('red'))).success).toBe(true);
    expect(CommandSchema.safeParse({ ...rate('red'), illustrative: false }).success).toBe(false);
  });
  it('carries the flag to every drafted event, and nothing when absent', () => {
    const ctx = {
      programmeId: PROGRAMME,
      newId: (k: string) => `${k}-1`,
      now: '2026-01-01T00:00:00.000Z',
      actorPartnerId: null,
    };
    const [marked] = record(givenBaseline().state(), illustrative(rate('red')), ctx).events;
    const [plain] = record(givenBaseline().state(), rate('red'), ctx).events;
    expect(marked).toMatchObject({ illustrative: true });
    expect(plain).not.toHaveProperty('illustrative');
  });
});

describe('illustrative values in the state', () => {
  it('leaves a programme with no illustrative events without a single flag', () => {
    const view = viewAfter(reschedule('2025-05-31'), rate('red'));
    expect(JSON.stringify(view)).not.toContain('illustrative');
  });

  it('marks a milestone rescheduled by an illustrative event, and keeps the mark', () => {
    const view = viewAfter(illustrative(reschedule('2025-05-31')), reschedule('2025-06-30'));
    const [m] = view.workstreams[0]!.milestones;
    expect(m).toMatchObject({ dueOn: '2025-06-30', illustrative: true });
    expect(view.workstreams[0]).not.toHaveProperty('illustrative');
  });

  it('marks a rating set illustratively, and a real rating after it replaces the mark', () => {
    const given = givenBaseline().recordAll([illustrative(rate('red'))]);
    expect(toView(given.state(), AT).partners[0]!.rag).toMatchObject({ current: 'red', illustrative: true });
    expect(toView(given.state(), AT).partners[0]).not.toHaveProperty('illustrative');
    given.record({ ...rate('amber'), occurredAt: '2025-03-03' });
    expect(toView(given.state(), AT).partners[0]!.rag).toEqual({
      current: 'amber',
      previous: 'red',
      changedOn: '2025-03-03',
      reason: 'as seen',
    });
  });

  it('marks the funding figures an illustrative spend rests on', () => {
    const view = viewAfter(
      illustrative({
        type: 'RecordSpend',
        data: { allocationId: 'grant-2025', amountPence: 100, spentOn: '2025-05-01' },
        occurredAt: '2025-05-01',
      }),
    );
    expect(view.funding).toMatchObject({ spentPence: 100, illustrative: true });
    expect(view.funding.allocations[0]).toMatchObject({ illustrative: true });
    expect(view.funding.byFinancialYear[0]).toMatchObject({ illustrative: true });
  });

  it('marks a training level when any of its sessions was illustrative', () => {
    const training = (attendees: number): Command => ({
      type: 'RecordTraining',
      data: { level: 2, audience: 'staff', sessions: 1, attendees, deliveredOn: '2025-05-01' },
      occurredAt: '2025-05-01',
    });
    const view = viewAfter(illustrative(training(10)), training(5));
    expect(view.training.byLevel).toEqual([
      { level: 2, sessions: 2, evidenceIds: [], attendees: 15, illustrative: true },
    ]);
  });

  it('marks things created illustratively, and the view schema keeps the mark', () => {
    const view = viewAfter(
      illustrative({ type: 'RaiseRisk', data: { riskId: 'r1', title: 'Staff turnover', likelihood: 3, impact: 4 } }),
      illustrative({ type: 'AppointChampion', data: { championId: 'c1', partnerId: 'council', name: 'Sam' } }),
    );
    expect(view.risks[0]).toMatchObject({ riskId: 'r1', illustrative: true });
    expect(view.champions[0]).toMatchObject({ championId: 'c1', illustrative: true });
    expect(ProgrammeView.parse(view)).toEqual(view);
  });

  it('clears the mark when the illustrative event is retracted', () => {
    const given = givenBaseline();
    const [e] = given.record(illustrative(reschedule('2025-05-31')));
    given.record({ type: 'RetractEvent', data: { eventId: e!.id, reason: 'only an example' } });
    expect(toView(given.state(), AT).workstreams[0]!.milestones[0]).not.toHaveProperty('illustrative');
  });
});
