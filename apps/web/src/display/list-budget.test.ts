import { describe, expect, it } from 'vitest';
import { newest, share, shareAmong } from './list-budget.js';

describe('newest', () => {
  it('keeps the last items and counts the rest', () => {
    expect(newest(['a', 'b', 'c'], 2)).toEqual({ shown: ['b', 'c'], hidden: 1 });
    expect(newest(['a'], 5)).toEqual({ shown: ['a'], hidden: 0 });
    expect(newest(['a', 'b'], 0)).toEqual({ shown: [], hidden: 2 });
  });
});

describe('share', () => {
  it('halves the room when both lists need more than half', () => {
    expect(share(5, 4, 4)).toEqual([3, 2]);
  });

  it('gives what one list does not need to the other', () => {
    expect(share(10, 3, 20)).toEqual([3, 7]);
    expect(share(10, 20, 3)).toEqual([7, 3]);
    expect(share(10, 2, 2)).toEqual([2, 2]);
    expect(share(0, 2, 2)).toEqual([0, 0]);
  });
});

describe('shareAmong', () => {
  it('gives each list one before any gets two, and never more than a list holds', () => {
    expect(shareAmong(3, [4, 4, 4])).toEqual([1, 1, 1]);
    expect(shareAmong(5, [4, 1, 4])).toEqual([2, 1, 2]);
    expect(shareAmong(20, [2, 0, 3])).toEqual([2, 0, 3]);
    expect(shareAmong(0, [2, 2])).toEqual([0, 0]);
  });
});
