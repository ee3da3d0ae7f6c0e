import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatMoney, formatTime, formatWhen, meetingHours, plural } from './format.js';

describe('format', () => {
  it('shows a calendar date the British way, whatever the time zone', () => {
    expect(formatDate('2023-05-31')).toBe('31 May 2023');
    expect(formatDate('2024-01-01T23:59:59.999Z')).toBe('1 Jan 2024');
  });

  it('shows instants in UK time, summer or winter, whatever the machine says', () => {
    expect(formatDateTime('2024-06-07T10:12:33.120Z')).toBe('7 Jun 2024, 11:12');
    expect(formatDateTime('2024-12-07T10:12:33.120Z')).toBe('7 Dec 2024, 10:12');
    expect(formatTime('2024-06-07T23:30:00.000Z')).toBe('00:30');
  });

  it('never invents a time of day for something entered by its date', () => {
    expect(formatWhen('2022-06-22T00:00:00.000Z')).toBe('22 Jun 2022');
    expect(formatWhen('2022-06-22T09:30:00.000Z')).toBe('22 Jun 2022, 10:30');
    expect(meetingHours('2022-06-22T00:00:00.000Z', '2022-06-22T00:00:00.000Z')).toBe(
      'not recorded (entered by its date)',
    );
    expect(meetingHours('2024-06-07T09:00:00.000Z', '2024-06-07T10:45:00.000Z')).toBe('10:00 to 11:45, UK time');
    expect(meetingHours('2024-06-07T09:00:00.000Z', null)).toBe('10:00 to (still open), UK time');
    // Past midnight in London (not in UTC): the day it closed is named.
    expect(meetingHours('2024-06-07T21:00:00.000Z', '2024-06-07T23:30:00.000Z')).toBe(
      '22:00 to 8 Jun 2024, 00:30, UK time',
    );
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
