import { describe, expect, it } from 'vitest';
import { spreadEvenly } from './vitest.sequencer.js';

describe('spreadEvenly', () => {
  it('places the few at even intervals, the first of them first, each list in its order', () => {
    expect(spreadEvenly(['A', 'B', 'C'], [1, 2, 3, 4, 5, 6])).toEqual([
      'A',
      1,
      2,
      'B',
      3,
      4,
      'C',
      5,
      6,
    ]);
  });

  it('spreads what does not divide evenly without bunching the few at either end', () => {
    expect(spreadEvenly(['A', 'B'], [1, 2, 3, 4, 5])).toEqual(['A', 1, 2, 'B', 3, 4, 5]);
  });

  it('keeps every item once when the few outnumber the many', () => {
    expect(spreadEvenly(['A', 'B', 'C'], [1])).toEqual(['A', 'B', 'C', 1]);
  });

  it('leaves either list alone when the other is empty', () => {
    expect(spreadEvenly([], [1, 2])).toEqual([1, 2]);
    expect(spreadEvenly(['A', 'B'], [])).toEqual(['A', 'B']);
  });
});
