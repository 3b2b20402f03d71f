import { selectRooms, selectTimeline } from '../../src/store/selectors.js';
import type { ChatState } from '../../src/store/state.js';

/** What a user sees: rooms with their counters and last message, and each timeline. */
export function view(state: ChatState) {
  return {
    rooms: selectRooms(state).map((room) => ({
      id: room.id,
      participants: room.participants,
      lastSeq: room.lastSeq,
      lastReadSeq: room.lastReadSeq,
      unreadCount: room.unreadCount,
      mentionCount: room.mentionCount,
      lastActivityAt: room.lastActivityAt,
      lastMessage: room.lastMessage && {
        id: room.lastMessage.id,
        content: room.lastMessage.content,
        deleted: room.lastMessage.deletedAt !== undefined,
      },
    })),
    timelines: Object.fromEntries(
      Object.keys(state.rooms).map((roomId) => [
        roomId,
        selectTimeline(state, roomId).map((m) => ({
          id: m.id,
          seq: m.seq,
          senderId: m.senderId,
          content: m.content,
          editedAt: m.editedAt,
          // A tombstone's time is the client's clock when deleted live; that it is one is what counts.
          deleted: m.deletedAt !== undefined,
          status: m.status,
        })),
      ]),
    ),
  };
}
