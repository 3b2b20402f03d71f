import type { Room } from '@natter/protocol';
import type { Executor } from '../db/database.js';
import { groupBy } from '../util/group-by.js';
import { presentRoom } from './room-presenter.js';
import { roomsCursor } from './rooms-cursor.js';
import type { MemberRoomRow, MemberRoomsScope } from './room-repository.js';
import { findMembers } from '../membership/membership.js';
import { findLastMessages, findMemberRooms } from './room-repository.js';

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

/**
 * One page of a user's rooms, most recent activity first, and the cursor of the next page when
 * there is one. The list is keyset-paged, so a page costs the same however many rooms the user
 * is in.
 */
export async function loadRoomsPage(
  db: Executor,
  userId: string,
  page: { limit: number; cursor?: string | undefined },
): Promise<{ rooms: Room[]; nextCursor?: string }> {
  const after = page.cursor === undefined ? undefined : roomsCursor.decode(page.cursor);
  // One more than asked tells whether another page follows.
  const views = await loadRoomViews(db, { userId, page: { limit: page.limit + 1, after } });
  const rooms = views.slice(0, page.limit).map((v) => v.room);
  const last = rooms.at(-1);
  if (views.length <= page.limit || !last) return { rooms };
  return {
    rooms,
    nextCursor: roomsCursor.encode({ lastActivityAt: new Date(last.lastActivityAt), id: last.id }),
  };
}

/** One room as a user sees it, or undefined when they are not a member. */
export async function loadRoomOfUser(
  db: Executor,
  userId: string,
  roomId: string,
): Promise<Room | undefined> {
  const [view] = await loadRoomViews(db, { userId, roomIds: [roomId] });
  return view?.room;
}

function uniqueRooms(rows: readonly MemberRoomRow[]): MemberRoomRow[] {
  const seen = new Map<string, MemberRoomRow>();
  for (const row of rows) if (!seen.has(row.id)) seen.set(row.id, row);
  return [...seen.values()];
}
