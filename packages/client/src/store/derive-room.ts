import type { ChatState, RoomState } from './state.js';
import { deriveMentionCount, deriveUnread } from './unread.js';
import { omit } from '../util/omit.js';

/** Recomputes what a room derives from the rest of the state (its unread and mention counts). */
export function deriveRoom(state: ChatState, roomId: string): ChatState {
  const room = state.rooms[roomId];
  if (!room) return state;
  const timeline = state.timelines[roomId];
  const unreadCount = deriveUnread(room, timeline, state.me?.id);
  const mentionCount = deriveMentionCount(room, timeline, state.me?.id);
  if (unreadCount === room.unreadCount && mentionCount === (room.mentionCount ?? 0)) return state;
  // As on the wire: absent when none.
  const next: RoomState =
    mentionCount > 0
      ? { ...room, unreadCount, mentionCount }
      : { ...omit(room, 'mentionCount'), unreadCount };
  return { ...state, rooms: { ...state.rooms, [roomId]: next } };
}
