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

/**
 * Splits room for `budget` items across lists of the given lengths, one at a time in turn, so
 * every list keeps at least one item before any keeps two.
 */
export const shareAmong = (budget: number, lengths: readonly number[]): number[] => {
  const room = lengths.map(() => 0);
  let left = Math.max(0, budget);
  while (left > 0) {
    let gave = false;
    for (let i = 0; i < lengths.length && left > 0; i++)
      if (room[i]! < lengths[i]!) {
        room[i]!++;
        left--;
        gave = true;
      }
    if (!gave) break;
  }
  return room;
};
