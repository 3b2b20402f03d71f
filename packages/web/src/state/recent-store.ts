import { pushRecent } from '../lib/recent-list.js';

/** What the app remembers as "recent", per user: rooms opened (the switcher), emoji sent. */
export type RecentKind = 'rooms' | 'emoji';

const MAX: Record<RecentKind, number> = { rooms: 20, emoji: 24 };
const key = (kind: RecentKind, userId: string) => `natter:recent-${kind}:${userId}`;

/** The user's recent entries of a kind, most recent first (none when storage is unavailable). */
export function loadRecent(kind: RecentKind, userId: string): string[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(key(kind, userId)) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((e): e is string => typeof e === 'string') : [];
  } catch {
    return [];
  }
}

/** Moves `item` to the front of the user's recent list of a kind, and returns the new list. */
export function rememberRecent(kind: RecentKind, userId: string, item: string): string[] {
  const next = pushRecent(loadRecent(kind, userId), item, MAX[kind]);
  try {
    localStorage.setItem(key(kind, userId), JSON.stringify(next));
  } catch {
    // Storage full or disabled (private mode): "recent" is a convenience, forgetting is fine.
  }
  return next;
}
