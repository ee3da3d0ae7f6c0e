import { describe, expect, it } from 'vitest';
import { dateParts, isoDate, joinDate } from './dates.js';

describe('the three date boxes', () => {
  it('keep what was typed, box by box', () => {
    expect(joinDate({ day: '7', month: '3', year: '2024' })).toBe('2024-3-7');
    expect(dateParts('2024-3-7')).toEqual({ day: '7', month: '3', year: '2024' });
    expect(dateParts(joinDate({ day: '', month: '12', year: '' }))).toEqual({ day: '', month: '12', year: '' });
    expect(joinDate({ day: '', month: '', year: '' })).toBe('');
    expect(dateParts('2024-03-07')).toEqual({ day: '07', month: '03', year: '2024' });
  });

  it('make an ISO date of a real one, and say in words what is wrong with the rest', () => {
    expect(isoDate('2024-3-7')).toEqual({ ok: true, date: '2024-03-07' });
    expect(isoDate('2024-12-31')).toEqual({ ok: true, date: '2024-12-31' });
    expect(isoDate('2024-4-31')).toEqual({ ok: false, problem: 'must be a real date' });
    expect(isoDate('2023-2-29')).toEqual({ ok: false, problem: 'must be a real date' });
    expect(isoDate('2024-2-29')).toEqual({ ok: true, date: '2024-02-29' });
    expect(isoDate('--7')).toEqual({ ok: false, problem: 'must include a month and a year' });
    expect(isoDate('24-3-7')).toEqual({ ok: false, problem: 'must be a real date, with a four-digit year' });
    expect(isoDate('2024-March-7')).toEqual({ ok: false, problem: 'must include a month' });
  });
});
