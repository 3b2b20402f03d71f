import type { Room, User } from '@natter/protocol';
import { otherParticipants, roomTitle } from './room-title.js';

/** Lower case without accents, so "zoe" finds "Zoë" and "ALI" finds "Alice". */
export function foldForSearch(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/**
 * What a room is found by: its title and, for each other member, the display name and username
 * (a group called "Book club" is found by "carol" too).
 */
export function roomSearchText(
  room: Room,
  meId: string | undefined,
  profiles: Readonly<Record<string, User>>,
): string {
  const people = otherParticipants(room, meId).flatMap((id) => {
    const profile = profiles[id];
    return profile ? [profile.displayName, profile.username] : [];
  });
  return foldForSearch([roomTitle(room, meId, profiles), ...people].join('\n'));
}

/** The items whose search text holds every word of the query, in their order; all for "". */
export function filterBySearchText<T>(
  items: readonly T[],
  query: string,
  searchText: (item: T) => string,
): T[] {
  const words = foldForSearch(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...items];
  return items.filter((item) => {
    const text = searchText(item);
    return words.every((word) => text.includes(word));
  });
}

/** Recently opened rooms first (most recent first), then the others in their given order. */
export function recentFirst<T extends { id: string }>(
  items: readonly T[],
  recentIds: readonly string[],
): T[] {
  const rank = new Map(recentIds.map((id, index) => [id, index]));
  const recent = items
    .filter((item) => rank.has(item.id))
    .sort((a, b) => (rank.get(a.id) ?? 0) - (rank.get(b.id) ?? 0));
  return [...recent, ...items.filter((item) => !rank.has(item.id))];
}
