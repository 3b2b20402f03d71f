import type { Message, MessageSender, User } from '@natter/protocol';
import type { ChatState, HistoryWindow, RoomState, Timeline } from './state.js';

/** The sender fields a message carries, from a user's profile. */
function senderOf(user: User): MessageSender {
  const sender: MessageSender = { id: user.id, displayName: user.displayName };
  if (user.avatarUrl) sender.avatarUrl = user.avatarUrl;
  return sender;
}

/** Copies of `messages` with the user's new sender fields; the same array when none is theirs. */
function resent(messages: readonly Message[], sender: MessageSender): readonly Message[] {
  if (!messages.some((m) => m.senderId === sender.id)) return messages;
  return messages.map((m) => (m.senderId === sender.id ? { ...m, sender } : m));
}

/**
 * `user:updated`: someone changed their name or avatar. Messages carry their sender's profile as
 * it was when loaded, so the user's loaded messages (and rooms' last messages) take the new one,
 * as a fresh load would show; `me` follows when it is the signed-in user. Objects of other users
 * keep their identity, so nothing else re-renders.
 */
export function userUpdated(state: ChatState, user: User): ChatState {
  const sender = senderOf(user);
  const timelines: Record<string, Timeline> = {};
  for (const [roomId, timeline] of Object.entries(state.timelines)) {
    const messages = resent(timeline.messages, sender);
    timelines[roomId] = messages === timeline.messages ? timeline : { ...timeline, messages };
  }
  const windows: Record<string, HistoryWindow> = {};
  for (const [roomId, window] of Object.entries(state.windows)) {
    const messages = resent(window.messages, sender);
    windows[roomId] = messages === window.messages ? window : { ...window, messages };
  }
  const rooms: Record<string, RoomState> = {};
  for (const [roomId, room] of Object.entries(state.rooms)) {
    rooms[roomId] =
      room.lastMessage?.senderId === user.id
        ? { ...room, lastMessage: { ...room.lastMessage, sender } }
        : room;
  }
  return {
    ...state,
    me: state.me?.id === user.id ? user : state.me,
    timelines,
    windows,
    rooms,
  };
}
