import type { RefObject } from 'react';
import { useEffect, useLayoutEffect, useState } from 'react';

/**
 * The largest n from `max` down to 0 at which the element's content fits its box, for a screen
 * nobody can scroll: render n items (or a density level n), and this lowers n until nothing
 * overflows. It starts again from `max` when `content` changes identity or the window resizes.
 * The box's size must not depend on n, or the fitting would chase itself.
 */
export const useShrinkToFit = (ref: RefObject<HTMLElement | null>, max: number, content: unknown): number => {
  const [resizes, setResizes] = useState(0);
  const [fit, setFit] = useState({ content, resizes, max, n: max });
  const current = fit.content === content && fit.resizes === resizes && fit.max === max;
  const n = current ? fit.n : max;

  useLayoutEffect(() => {
    const box = ref.current;
    // Measured before paint, so the overflowing frames are never seen.
    if (box && n > 0 && box.scrollHeight > box.clientHeight) setFit({ content, resizes, max, n: n - 1 });
  });

  useEffect(() => {
    const resized = () => setResizes((r) => r + 1);
    window.addEventListener('resize', resized);
    return () => window.removeEventListener('resize', resized);
  }, []);

  return n;
};
