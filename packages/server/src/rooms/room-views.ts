import type { Room } from '@natter/protocol';
import type { Executor } from '../db/database.js';
import { groupBy } from '../util/group-by.js';
import { presentRoom } from './room-presenter.js';
import type { MemberRoomRow, MemberRoomsScope } from './room-repository.js';
import { findLastMessages, findMemberRooms, findMembers } from './room-repository.js';

/** A room payload and the member it was made for (its unread count is theirs). */
export interface RoomView {
  memberId: string;
  room: Room;
}

/** Loads and presents rooms in three queries, however many rooms: no N+1. */
export async function loadRoomViews(db: Executor, scope: MemberRoomsScope): Promise<RoomView[]> {
  const rows = await findMemberRooms(db, scope);
  if (rows.length === 0) return [];
  const roomRows = uniqueRooms(rows);
  const roomIds = roomRows.map((r) => r.id);
  const [members, lastMessages] = await Promise.all([
    findMembers(db, roomIds),
    findLastMessages(db, roomRows),
  ]);
  const membersByRoom = groupBy(members, (m) => m.roomId);
  const lastByRoom = new Map(lastMessages.map((m) => [m.roomId, m]));
  return rows.map((row) => ({
    memberId: row.memberId,
    room: presentRoom(row, membersByRoom.get(row.id) ?? [], lastByRoom.get(row.id)),
  }));
}

/** One user's rooms, most recent activity first. */
export async function loadRoomsOfUser(
  db: Executor,
  userId: string,
  roomIds?: readonly string[],
): Promise<Room[]> {
  const views = await loadRoomViews(db, roomIds ? { userId, roomIds } : { userId });
  return views.map((v) => v.room);
}

/** One room as a user sees it, or undefined when they are not a member. */
export async function loadRoomOfUser(
  db: Executor,
  userId: string,
  roomId: string,
): Promise<Room | undefined> {
  const [room] = await loadRoomsOfUser(db, userId, [roomId]);
  return room;
}

function uniqueRooms(rows: readonly MemberRoomRow[]): MemberRoomRow[] {
  const seen = new Map<string, MemberRoomRow>();
  for (const row of rows) if (!seen.has(row.id)) seen.set(row.id, row);
  return [...seen.values()];
}
