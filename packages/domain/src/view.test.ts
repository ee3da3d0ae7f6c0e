import { describe, expect, it } from 'vitest';
import { applyEvent } from './evolve.js';
import { givenBaseline } from './testing/index.js';
import { branchState } from './timeline.js';
import { toView } from './view.js';

const at = (day: string) => ({ asOf: `${day}T23:59:59.999Z`, knownAt: '2026-06-01T00:00:00.000Z' });

/** The baseline with a person who owns an action and a risk and champions a partner. */
const given = () =>
  givenBaseline().recordAll([
    { type: 'AddPerson', data: { personId: 'ada', name: 'Ada Lovelace', partnerId: 'council' } },
    {
      type: 'AssignAction',
      data: {
        actionId: 'a1',
        title: 'Send the plan',
        ownerPartnerId: 'council',
        ownerPersonId: 'ada',
        dueOn: '2025-05-01',
      },
      occurredAt: '2025-02-01',
    },
    {
      type: 'RaiseRisk',
      data: {
        riskId: 'r1',
        title: 'Staff turnover',
        likelihood: 3,
        impact: 4,
        ownerPartnerId: 'council',
        ownerPersonId: 'ada',
      },
      occurredAt: '2025-02-01',
    },
  ]);

describe('the state document, built from views kept with their things', () => {
  it('works statuses out against each asOf, from the very same state', () => {
    const s = given().state();
    const before = toView(s, at('2025-04-01'));
    const after = toView(s, at('2025-06-01'));
    expect(before.workstreams[0]!.milestones[0]!.status).toBe('open');
    expect(before.actions[0]!.status).toBe('open');
    expect(after.workstreams[0]!.milestones[0]!.status).toBe('overdue');
    expect(after.actions[0]!.status).toBe('overdue');
    expect(toView(s, at('2025-04-01'))).toEqual(before);
  });

  it("shows a person's new name on the things they own, though those things did not change", () => {
    const log = given();
    const s = log.state();
    const first = toView(s, at('2025-06-01'));
    const [renamed] = log.record({ type: 'UpdatePerson', data: { personId: 'ada', name: 'Ada King' } });
    // Applied to a branch of the same state: the action and the risk keep their objects.
    const next = branchState(s);
    applyEvent(next, renamed!);
    expect(next.actions.get('a1')).toBe(s.actions.get('a1'));
    const second = toView(next, at('2025-06-01'));
    expect(first.actions[0]!.ownerName).toBe('Ada Lovelace');
    expect(second.actions[0]!.ownerName).toBe('Ada King');
    expect(second.risks[0]!.ownerName).toBe('Ada King');
    expect(second).toEqual(toView(log.state(), at('2025-06-01')));
  });

  it('builds a view again only for what changed', () => {
    const log = given();
    const s = log.state();
    const first = toView(s, at('2025-06-01'));
    const [completed] = log.record({ type: 'CompleteAction', data: { actionId: 'a1', completedOn: '2025-05-20' } });
    const next = branchState(s);
    applyEvent(next, completed!);
    const second = toView(next, at('2025-06-01'));
    expect(second.actions[0]).toMatchObject({ status: 'done', completedOn: '2025-05-20' });
    expect(first.actions[0]).toMatchObject({ status: 'overdue', completedOn: null });
    // The risk, the milestone and the partners did not change: their views are the same objects.
    expect(second.risks[0]).toBe(first.risks[0]);
    expect(second.workstreams[0]!.milestones[0]).toBe(first.workstreams[0]!.milestones[0]);
    expect(second.partners).toEqual(first.partners);
    expect(second.partners[0]).toBe(first.partners[0]);
  });
});
