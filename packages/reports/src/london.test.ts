import { describe, expect, it } from 'vitest';
import { londonDay, londonIso } from './london.js';

describe('UK time on papers', () => {
  it('gives summer instants an hour ahead of UTC, with the offset, and winter ones at +00:00', () => {
    expect(londonIso('2025-06-02T09:00:00.000Z')).toBe('2025-06-02T10:00+01:00');
    expect(londonIso('2025-12-02T09:00:00.000Z')).toBe('2025-12-02T09:00+00:00');
  });

  it('names the UK day, which late in a summer evening UTC is already the next', () => {
    expect(londonDay('2025-06-01T23:30:00.000Z')).toBe('Monday 2 June 2025');
  });
});
