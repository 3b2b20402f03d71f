import { describe, expect, it } from 'vitest';
import { menuKey } from './menu-keys.js';

describe('menuKey', () => {
  it('moves down and up with wrapping, and jumps to the ends', () => {
    expect(menuKey('ArrowDown', 0, 3)).toEqual({ kind: 'move', index: 1 });
    expect(menuKey('ArrowDown', 2, 3)).toEqual({ kind: 'move', index: 0 });
    expect(menuKey('ArrowUp', 0, 3)).toEqual({ kind: 'move', index: 2 });
    expect(menuKey('Home', 2, 3)).toEqual({ kind: 'move', index: 0 });
    expect(menuKey('End', 0, 3)).toEqual({ kind: 'move', index: 2 });
  });

  it('closes on Escape and Tab, and ignores other keys', () => {
    expect(menuKey('Escape', 1, 3)).toEqual({ kind: 'close' });
    expect(menuKey('Tab', 1, 3)).toEqual({ kind: 'close' });
    expect(menuKey('a', 1, 3)).toBeUndefined();
    expect(menuKey('ArrowDown', 0, 0)).toBeUndefined();
  });
});
