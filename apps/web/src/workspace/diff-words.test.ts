import { describe, expect, it } from 'vitest';
import { namesOf } from './describe-event.js';
import { changeLines, fieldLabel, thingName, valueInWords } from './diff-words.js';

const names = namesOf(null);

describe('a diff in words', () => {
  it('says money in pounds, dates as dates, ratings with their reason, codes as labels', () => {
    expect(valueInWords('amountPence', 5_000_000, names)).toBe('£50,000');
    expect(valueInWords('dueOn', '2023-03-31', names)).toBe('31 Mar 2023');
    expect(
      valueInWords('rag', { current: 'amber', previous: 'green', changedOn: '2024-01-01', reason: 'Slow' }, names),
    ).toBe('AMBER (Slow)');
    expect(valueInWords('sector', 'local-authority', names)).toBe('Local authority');
    expect(valueInWords('status', 'overdue', names)).toBe('Overdue');
    expect(valueInWords('slipDays', 61, names)).toBe('61 days late');
    expect(valueInWords('rag', null, names)).toBe('none');
    expect(fieldLabel('rescheduleReason')).toBe('Reason for the slip');
    expect(fieldLabel('joinedOn')).toBe('Joined On');
  });

  it('names things, never showing JSON', () => {
    expect(thingName('partner', 'nhs', { name: 'NHS Tayside' }, names)).toBe('NHS Tayside');
    expect(thingName('training', 'level-2', null, names)).toBe('Level 2');
    const lines = changeLines(
      {
        from: { position: 1 },
        to: { position: 2 },
        added: [],
        removed: [],
        retracted: [],
        changed: [{ kind: 'allocation', id: 'grant', field: 'spentPence', before: 0, after: 1_250_050 }],
      },
      names,
    );
    expect(lines).toEqual([
      {
        key: 'allocation:grant:spentPence',
        kind: 'Funding allocation',
        thing: 'grant',
        field: 'Spent',
        before: '£0',
        after: '£12,500.50',
      },
    ]);
  });
});
