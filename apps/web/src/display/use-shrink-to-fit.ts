import type { RefObject } from 'react';
import { useEffect, useLayoutEffect, useState } from 'react';

/** A search for the largest n in [low, high] that fits, now trying `n`. */
export type FitSearch = { low: number; high: number; n: number };

export const startFit = (max: number): FitSearch => ({ low: 0, high: max, n: max });

/**
 * The next step of a binary search for the largest n that fits, after trying `n`: null when the
 * search is over (`n` is the answer; 0 when even 0 overflows). `low` is the largest n known to fit
 * (or 0), `high` the largest not known to overflow. Fitting is assumed monotone in n.
 */
export const nextFit = (tried: FitSearch, overflows: boolean): FitSearch | null => {
  const low = overflows ? tried.low : tried.n;
  const high = overflows ? tried.n - 1 : tried.high;
  if (low >= high) return tried.n === low ? null : { low, high: low, n: low };
  return { low, high, n: Math.ceil((low + high) / 2) };
};

/**
 * The largest n from `max` down to 0 at which the element's content fits its box, for a screen
 * nobody can scroll: render n items (or a density level n), and this searches n until nothing
 * overflows. It starts again from `max` when `content` changes identity or the window resizes.
 * The search halves the range each step, so a long list settles in a handful of renders (React
 * allows only so many updates in a row from layout effects). The box's size must not depend on n.
 */
export const useShrinkToFit = (ref: RefObject<HTMLElement | null>, max: number, content: unknown): number => {
  const [resizes, setResizes] = useState(0);
  const [fit, setFit] = useState({ content, resizes, max, search: startFit(max), done: false });
  const current = fit.content === content && fit.resizes === resizes && fit.max === max;
  const search = current ? fit.search : startFit(max);
  const done = current && fit.done;

  useLayoutEffect(() => {
    const box = ref.current;
    if (!box || done) return;
    // Measured before paint, so the overflowing frames are never seen.
    const next = nextFit(search, box.scrollHeight > box.clientHeight);
    setFit(
      next === null
        ? { content, resizes, max, search, done: true }
        : { content, resizes, max, search: next, done: false },
    );
  });

  useEffect(() => {
    const resized = () => setResizes((r) => r + 1);
    window.addEventListener('resize', resized);
    return () => window.removeEventListener('resize', resized);
  }, []);

  return search.n;
};
