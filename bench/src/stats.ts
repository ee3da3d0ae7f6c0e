/** Nearest-rank percentile of an unsorted sample; NaN for an empty one. */
export const percentile = (values: ArrayLike<number>, p: number): number => {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
};

export const median = (values: readonly number[]): number => {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return Number.NaN;
  const sorted = [...finite].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** A high-resolution wall clock in ms, comparable between processes on one machine. */
export const wallMs = () => performance.timeOrigin + performance.now();

export const summarize = (latenciesMs: ArrayLike<number>) => ({
  p50: percentile(latenciesMs, 50),
  p95: percentile(latenciesMs, 95),
  p99: percentile(latenciesMs, 99),
});

/** Median of each numeric field over runs (runs of the same shape). */
export const medianOf = <TRun extends Record<string, unknown>>(runs: readonly TRun[]): Record<string, number> => {
  const out: Record<string, number> = {};
  const first = runs[0];
  if (!first) return out;
  for (const [key, value] of Object.entries(first))
    if (typeof value === 'number') out[key] = median(runs.map((r) => r[key] as number));
  return out;
};

export const mb = (bytes: number) => bytes / (1024 * 1024);
