import { describe, expect, it } from 'vitest';
import { formatDate, formatMoney, plural } from './format.js';

describe('format', () => {
  it('shows a calendar date the British way, whatever the time zone', () => {
    expect(formatDate('2023-05-31')).toBe('31 May 2023');
    expect(formatDate('2024-01-01T23:59:59.999Z')).toBe('1 Jan 2024');
  });

  it('shows pence as pounds with thousands separators', () => {
    expect(formatMoney(5_000_000)).toBe('£50,000');
    expect(formatMoney(160_000_000)).toBe('£1,600,000');
    expect(formatMoney(123_456)).toBe('£1,234.56');
    expect(formatMoney(5)).toBe('£0.05');
  });

  it('counts in words', () => {
    expect(plural(1, 'day')).toBe('1 day');
    expect(plural(3, 'day')).toBe('3 days');
  });
});
