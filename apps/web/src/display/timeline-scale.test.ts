import { describe, expect, it } from 'vitest';
import { timelineScale } from './timeline-scale.js';

describe('timelineScale', () => {
  it('has no axis without dates', () => {
    expect(timelineScale([])).toBeNull();
  });

  it('places dates along the padded range and marks each new year', () => {
    const scale = timelineScale(['2023-01-15', '2024-12-17'])!;
    expect(scale.at('2023-01-01')).toBe(0);
    expect(scale.at('2024-12-31')).toBe(100);
    expect(scale.at('2022-12-31')).toBeNull();
    expect(scale.years.map((y) => y.year)).toEqual([2024]);
    expect(scale.years[0]!.at).toBeCloseTo((365 / 730) * 100, 5);
  });
});
