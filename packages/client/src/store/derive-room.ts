import type { ChatState } from './state.js';
import { deriveUnread } from './unread.js';

/** Recomputes what a room derives from the rest of the state (its unread count). */
export function deriveRoom(state: ChatState, roomId: string): ChatState {
  const room = state.rooms[roomId];
  if (!room) return state;
  const unreadCount = deriveUnread(room, state.timelines[roomId], state.me?.id);
  if (unreadCount === room.unreadCount) return state;
  return { ...state, rooms: { ...state.rooms, [roomId]: { ...room, unreadCount } } };
}
