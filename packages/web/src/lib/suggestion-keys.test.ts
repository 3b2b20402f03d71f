import { describe, expect, it } from 'vitest';
import { suggestionKey } from './suggestion-keys.js';

describe('suggestionKey', () => {
  it('moves with Up and Down (wrapping), picks with Enter or Tab, closes with Escape', () => {
    expect(suggestionKey('ArrowDown', false, 2, 3)).toEqual({ kind: 'move', index: 0 });
    expect(suggestionKey('ArrowUp', false, 0, 3)).toEqual({ kind: 'move', index: 2 });
    expect(suggestionKey('Enter', false, 1, 3)).toEqual({ kind: 'pick' });
    expect(suggestionKey('Tab', false, 1, 3)).toEqual({ kind: 'pick' });
    expect(suggestionKey('Escape', false, 1, 3)).toEqual({ kind: 'close' });
  });

  it('leaves Shift+Enter (a new line), Home, End, letters and an empty list to the textbox', () => {
    expect(suggestionKey('Enter', true, 0, 3)).toBeUndefined();
    expect(suggestionKey('Home', false, 1, 3)).toBeUndefined();
    expect(suggestionKey('End', false, 1, 3)).toBeUndefined();
    expect(suggestionKey('a', false, 1, 3)).toBeUndefined();
    expect(suggestionKey('ArrowDown', false, 0, 0)).toBeUndefined();
  });
});
