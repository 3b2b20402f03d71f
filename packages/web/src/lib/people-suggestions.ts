import type { Room, User } from '@natter/protocol';

/**
 * Ids of the people one shares a direct or group chat with, from the most recently active room
 * down, each once and never oneself. `rooms` come most recent first (the SDK's `selectRooms`);
 * support rooms are the inbox's business and are skipped.
 */
export function recentPeopleIds(rooms: readonly Room[], meId: string | undefined): string[] {
  const seen = new Set<string>();
  for (const room of rooms) {
    if (room.type === 'support') continue;
    for (const id of room.participants) if (id !== meId) seen.add(id);
  }
  return [...seen];
}

export interface PeopleSuggestions {
  recent: readonly User[];
  everyone: readonly User[];
}

/**
 * What a people picker shows before anything is typed: the recent people whose profiles are
 * known, then everyone else the directory listed (without repeating the recent ones).
 */
export function peopleSuggestions(
  recentIds: readonly string[],
  profiles: Readonly<Record<string, User>>,
  directory: readonly User[],
): PeopleSuggestions {
  const recent = recentIds.map((id) => profiles[id]).filter((u): u is User => u !== undefined);
  const shown = new Set(recentIds);
  return { recent, everyone: directory.filter((user) => !shown.has(user.id)) };
}
