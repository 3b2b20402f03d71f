/** What a key does in an open menu: move to an item, close it (giving focus back), or nothing. */
export type MenuKeyResult = { kind: 'move'; index: number } | { kind: 'close' } | undefined;

/**
 * The ARIA menu pattern's keys: Down/Up move and wrap, Home/End jump to the ends, Escape and Tab
 * close. Pure, so the behaviour is tested without a DOM; the component applies the result.
 */
export function menuKey(key: string, index: number, count: number): MenuKeyResult {
  if (count === 0) return key === 'Escape' || key === 'Tab' ? { kind: 'close' } : undefined;
  switch (key) {
    case 'ArrowDown':
      return { kind: 'move', index: (index + 1) % count };
    case 'ArrowUp':
      return { kind: 'move', index: (index - 1 + count) % count };
    case 'Home':
      return { kind: 'move', index: 0 };
    case 'End':
      return { kind: 'move', index: count - 1 };
    case 'Escape':
    case 'Tab':
      return { kind: 'close' };
    default:
      return undefined;
  }
}
