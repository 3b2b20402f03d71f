import { describe, expect, it } from 'vitest';
import { mixEvenly } from './vitest.sequencer.js';

describe('mixEvenly', () => {
  it('places each list at even intervals, each in its order, the earlier list first at a tie', () => {
    expect(
      mixEvenly<string | number>([
        ['A', 'B', 'C'],
        [1, 2, 3, 4, 5, 6],
      ]),
    ).toEqual(['A', 1, 2, 'B', 3, 4, 'C', 5, 6]);
  });

  it('mixes three lists of different lengths without bunching any at either end', () => {
    expect(mixEvenly<string | number>([['A', 'B'], [1, 2, 3, 4], ['x']])).toEqual([
      'A',
      1,
      'x',
      2,
      'B',
      3,
      4,
    ]);
  });

  it('keeps every item once, and a single or empty list as it is', () => {
    expect(mixEvenly<string | number>([['A', 'B', 'C'], [1]])).toEqual(['A', 1, 'B', 'C']);
    expect(mixEvenly<string | number>([[1, 2, 3]])).toEqual([1, 2, 3]);
    expect(mixEvenly<string | number>([[], [1, 2]])).toEqual([1, 2]);
  });
});
