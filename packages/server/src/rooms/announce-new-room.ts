import type { Executor } from '../db/database.js';
import type { Publisher } from '../realtime/publisher.js';
import { loadRoomViews } from './room-views.js';

/**
 * A room just created: its members' sockets join its channel, and each member gets `room:new`
 * as they see it (their own unread count). Group, direct and support rooms alike.
 */
export async function announceNewRoom(
  db: Executor,
  publisher: Publisher,
  roomId: string,
  memberIds: readonly string[],
): Promise<void> {
  await Promise.all(memberIds.map((memberId) => publisher.addUserToRoom(memberId, roomId)));
  for (const { memberId, room } of await loadRoomViews(db, { roomId })) {
    publisher.publish('room:new', room, { users: [memberId] });
  }
}
