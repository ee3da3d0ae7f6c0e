import { describe, expect, it } from 'vitest';
import type { FitSearch } from './use-shrink-to-fit.js';
import { nextFit, startFit } from './use-shrink-to-fit.js';

/** Runs the search against a box in which up to `fits` items fit; the answer and the renders it took. */
const run = (max: number, fits: number) => {
  let search: FitSearch | null = startFit(max);
  let answer = max;
  let steps = 0;
  while (search !== null) {
    answer = search.n;
    search = nextFit(search, search.n > fits);
    steps++;
  }
  return { answer, steps };
};

describe('nextFit', () => {
  it('finds the largest number that fits, for every box', () => {
    for (const max of [0, 1, 2, 7, 40])
      for (let fits = -1; fits <= max + 1; fits++) expect(run(max, fits).answer).toBe(Math.max(0, Math.min(max, fits)));
  });

  it('takes a handful of renders even for long lists', () => {
    expect(run(200, 3).steps).toBeLessThanOrEqual(10);
    expect(run(200, 200).steps).toBe(1);
  });
});
