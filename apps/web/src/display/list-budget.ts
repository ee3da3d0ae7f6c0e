/** The last `max` items, the newest, and how many older ones were left out. */
export const newest = <TItem>(items: readonly TItem[], max: number) => ({
  shown: items.slice(Math.max(0, items.length - max)),
  hidden: Math.max(0, items.length - max),
});

/**
 * Splits room for `budget` items between two lists of `first` and `second` items: half each,
 * and whatever one list does not need goes to the other.
 */
export const share = (budget: number, first: number, second: number): [number, number] => {
  const forFirst = Math.min(first, Math.max(budget - second, Math.ceil(budget / 2)));
  return [forFirst, Math.min(second, budget - forFirst)];
};
