import { menuKey } from './menu-keys.js';

/** What a key does to a list of suggestions a textbox drives. */
export type SuggestionKeyResult =
  { kind: 'move'; index: number } | { kind: 'pick' } | { kind: 'close' } | undefined;

/**
 * The keys of a list the composer's textbox drives (its `/` and `@` lists): Up and Down move and
 * wrap, Enter (without Shift) and Tab pick the active suggestion, Escape closes the list. Every
 * other key, Home and End included, stays the textbox's. Pure, like `menuKey`.
 */
export function suggestionKey(
  key: string,
  shiftKey: boolean,
  index: number,
  count: number,
): SuggestionKeyResult {
  if (count === 0) return undefined;
  if (key === 'ArrowDown' || key === 'ArrowUp') return menuKey(key, index, count);
  if ((key === 'Enter' && !shiftKey) || key === 'Tab') return { kind: 'pick' };
  if (key === 'Escape') return { kind: 'close' };
  return undefined;
}
