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
