import { describe, expect, it } from 'vitest';
import { gridKey } from './grid-keys.js';

// 10 cells, 4 wide:  0 1 2 3 / 4 5 6 7 / 8 9
describe('gridKey', () => {
  it('moves by a cell and by a row, stopping at the edges', () => {
    expect(gridKey('ArrowRight', 3, 10, 4)).toBe(4);
    expect(gridKey('ArrowRight', 9, 10, 4)).toBe(9);
    expect(gridKey('ArrowLeft', 0, 10, 4)).toBe(0);
    expect(gridKey('ArrowDown', 5, 10, 4)).toBe(9);
    expect(gridKey('ArrowDown', 6, 10, 4)).toBe(6);
    expect(gridKey('ArrowUp', 2, 10, 4)).toBe(2);
    expect(gridKey('ArrowUp', 9, 10, 4)).toBe(5);
  });

  it('goes to the ends of the row with Home/End, of the grid with Ctrl', () => {
    expect(gridKey('Home', 6, 10, 4)).toBe(4);
    expect(gridKey('End', 5, 10, 4)).toBe(7);
    expect(gridKey('End', 8, 10, 4)).toBe(9);
    expect(gridKey('Home', 6, 10, 4, true)).toBe(0);
    expect(gridKey('End', 1, 10, 4, true)).toBe(9);
    expect(gridKey('Enter', 1, 10, 4)).toBeUndefined();
    expect(gridKey('ArrowDown', 0, 0, 4)).toBeUndefined();
  });
});
