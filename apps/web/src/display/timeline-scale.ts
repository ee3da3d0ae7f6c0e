const DAY_MS = 86_400_000;

const toTime = (date: string) => Date.parse(`${date.slice(0, 10)}T00:00:00Z`);

export type TimelineScale = {
  /** Where a date falls along the timeline, 0 to 100 (percent), or null when outside it. */
  at: (date: string) => number | null;
  /** 1 January of each year inside the range, for gridlines. */
  years: { year: number; at: number }[];
};

/**
 * A linear time axis covering every date given, padded by a fortnight each side so the first
 * and last markers are not cut in half at the edges.
 */
export const timelineScale = (dates: readonly string[]): TimelineScale | null => {
  if (dates.length === 0) return null;
  const times = dates.map(toTime);
  const start = Math.min(...times) - 14 * DAY_MS;
  const end = Math.max(...times) + 14 * DAY_MS;
  const position = (time: number) => ((time - start) / (end - start)) * 100;
  const years: TimelineScale['years'] = [];
  for (let year = new Date(start).getUTCFullYear() + 1; Date.UTC(year, 0, 1) < end; year++)
    years.push({ year, at: position(Date.UTC(year, 0, 1)) });
  return {
    at: (date) => {
      const time = toTime(date);
      return time < start || time > end ? null : position(time);
    },
    years,
  };
};

/**
 * The year labels that fit an axis `width` wide when each needs `labelWidth` (same unit): every
 * year if they fit, else every second, third, ... year, so no two labels ever touch, and none
 * whose centre is too near an edge to be shown whole.
 */
export const yearLabels = (
  years: TimelineScale['years'],
  width: number,
  labelWidth: number,
): TimelineScale['years'] => {
  if (width <= 0 || years.length === 0) return [];
  const half = (labelWidth / 2 / width) * 100;
  const inside = years.filter((y) => y.at >= half && y.at <= 100 - half);
  if (inside.length < 2) return inside;
  const gap = ((inside[1]!.at - inside[0]!.at) * width) / 100;
  const step = Math.max(1, Math.ceil(labelWidth / gap));
  // Keep round years (every step-th counted from a multiple of step) so the axis reads naturally.
  const offset = inside.findIndex((y) => y.year % step === 0);
  return inside.filter((_, i) => (i - Math.max(0, offset)) % step === 0);
};
