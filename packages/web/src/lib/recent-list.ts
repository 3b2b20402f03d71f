/** Puts `item` at the front of a most-recent-first list, once, keeping at most `max` entries. */
export function pushRecent(list: readonly string[], item: string, max: number): string[] {
  return [item, ...list.filter((entry) => entry !== item)].slice(0, max);
}
