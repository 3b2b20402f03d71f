import type { RoomState } from '@natter/client';

/**
 * Agents are members of every support room of their sites, so those arrive in the SDK's rooms
 * too; the chats list and its unread total leave them to the inbox.
 */
export const isSupportRoom = (room: RoomState): boolean => room.type === 'support';

export function unreadTotal(rooms: readonly RoomState[]): number {
  return rooms.reduce((sum, room) => sum + room.unreadCount, 0);
}
