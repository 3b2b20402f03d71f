import type { Room, User } from '@natter/protocol';

/**
 * The people a room is "about" for display: in a direct room the other person, in a group
 * everyone but me. Unknown profiles are skipped until they load.
 */
export function otherParticipants(room: Room, meId: string | undefined): string[] {
  return room.participants.filter((id) => id !== meId);
}

/** A room's name: a group's own name, else the other person's display name. */
export function roomTitle(
  room: Room,
  meId: string | undefined,
  profiles: Readonly<Record<string, User>>,
): string {
  if (room.type !== 'direct' && room.name) return room.name;
  const names = otherParticipants(room, meId)
    .map((id) => profiles[id]?.displayName)
    .filter((n): n is string => Boolean(n));
  if (names.length > 0) return names.join(', ');
  return room.name ?? (room.type === 'direct' ? 'Direct message' : 'Group');
}
