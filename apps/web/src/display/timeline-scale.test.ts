import { describe, expect, it } from 'vitest';
import { timelineScale, yearLabels } from './timeline-scale.js';

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

describe('yearLabels', () => {
  const years = timelineScale(['2020-06-01', '2031-06-01'])!.years;

  it('labels every year when they fit', () => {
    expect(yearLabels(years, 1000, 40).map((y) => y.year)).toEqual([
      2021, 2022, 2023, 2024, 2025, 2026, 2027, 2028, 2029, 2030, 2031,
    ]);
  });

  it('thins the labels so that no two overlap and none is cut at an edge', () => {
    for (const [width, label] of [
      [200, 40],
      [144, 56],
      [90, 50],
      [300, 29],
    ] as const) {
      const shown = yearLabels(years, width, label);
      expect(shown.length).toBeGreaterThan(0);
      const centres = shown.map((y) => (y.at / 100) * width);
      for (let i = 1; i < centres.length; i++) expect(centres[i]! - centres[i - 1]!).toBeGreaterThanOrEqual(label);
      for (const c of centres) {
        expect(c).toBeGreaterThanOrEqual(label / 2);
        expect(c).toBeLessThanOrEqual(width - label / 2);
      }
    }
  });

  it('prefers round years when it must skip', () => {
    const shown = yearLabels(years, 200, 40).map((y) => y.year);
    const step = shown[1]! - shown[0]!;
    expect(step).toBeGreaterThan(1);
    expect(shown.every((year) => year % step === 0)).toBe(true);
  });
});
