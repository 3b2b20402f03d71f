import type { GroupColor, RoomType } from '@natter/protocol';
import { LIMITS } from '@natter/protocol';
import { and, asc, count, desc, eq, gt, inArray, lt, or, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { messages, roomMembers, rooms, supportConversations, users } from '../db/schema.js';
import type { MessageRecord } from '../messages/message-presenter.js';
import { messageRecordColumns } from '../messages/message-presenter.js';
import type { MemberAddPolicy, MemberRole } from '../membership/membership.js';

const roomColumns = {
  id: rooms.id,
  type: rooms.type,
  name: rooms.name,
  directKey: rooms.directKey,
  createdBy: rooms.createdBy,
  lastSeq: rooms.lastSeq,
  lastChangeSeq: rooms.lastChangeSeq,
  lastActivityAt: rooms.lastActivityAt,
  memberAddPolicy: rooms.memberAddPolicy,
  color: rooms.color,
  createdAt: rooms.createdAt,
};

export type RoomRow = typeof rooms.$inferSelect;

/** A room as one member sees it, before presentation. */
export interface MemberRoomRow extends RoomRow {
  memberId: string;
  lastReadSeq: number;
  unreadCount: number;
  /** Unread messages that mention the member or the group, counted up to `mentionCountMax`. */
  mentionCount: number;
  /** The member muted the room (their own setting: no pushes). */
  muted: boolean;
  /** With `muted`, mentions of the member are not pushed either. */
  mentionsMuted: boolean;
  /** Support rooms: the conversation's visitor (null for every other room). */
  visitorId: string | null;
}

/** Where a page of rooms starts: after this room, in the list's order. */
export interface RoomsPageKey {
  lastActivityAt: Date;
  id: string;
}

/**
 * Whose view of which rooms: one user's rooms (all, those named, or one page of `limit` rooms
 * after `after`), or one room for each member.
 */
export type MemberRoomsScope =
  | { userId: string; roomIds?: readonly string[]; page?: { limit: number; after?: RoomsPageKey } }
  | { roomId: string };

/**
 * Rooms as members see them, most recent activity first, with each member's read mark and
 * unread count. Unread is derived from seqs (others' undeleted messages after the read mark, but
 * not the room's own `system` lines), so it can never drift from the history.
 */
export async function findMemberRooms(
  db: Executor,
  scope: MemberRoomsScope,
): Promise<MemberRoomRow[]> {
  // One read of the unread range counts both: the messages (others' undeleted ones after the
  // read mark, not the room's own `system` lines) and those of them that call on the member
  // (their mentions and the group's, capped). A room read to its end is one index probe.
  const unreadCounts = sql<[number, number]>`(
    SELECT ARRAY[
      count(*),
      least(
        count(*) FILTER (WHERE ${roomMembers.userId} = ANY(${messages.mentions})
                            OR ${messages.roomMention} IS NOT NULL),
        ${LIMITS.mentionCountMax})
    ]::int[]
    FROM ${messages}
    WHERE ${messages.roomId} = ${rooms.id}
      AND ${messages.seq} > ${roomMembers.lastReadSeq}
      AND ${messages.senderId} <> ${roomMembers.userId}
      AND ${messages.deletedAt} IS NULL
      AND ${messages.type} <> 'system'
  )`;
  // Looked up for support rooms only, so the chats of a team pay nothing for it.
  const visitorId = sql<string | null>`CASE WHEN ${rooms.type} = 'support' THEN (
    SELECT ${supportConversations.visitorId} FROM ${supportConversations}
    WHERE ${supportConversations.roomId} = ${rooms.id}
  ) END`;
  const where =
    'roomId' in scope
      ? eq(roomMembers.roomId, scope.roomId)
      : and(
          eq(roomMembers.userId, scope.userId),
          scope.roomIds ? inArray(roomMembers.roomId, [...scope.roomIds]) : undefined,
          scope.page?.after ? afterKey(scope.page.after) : undefined,
        );
  const query = db
    .select({
      ...roomColumns,
      memberId: roomMembers.userId,
      lastReadSeq: roomMembers.lastReadSeq,
      muted: roomMembers.muted,
      mentionsMuted: roomMembers.mentionsMuted,
      unreadCounts,
      visitorId,
    })
    .from(roomMembers)
    .innerJoin(rooms, eq(rooms.id, roomMembers.roomId))
    .where(where)
    .orderBy(desc(rooms.lastActivityAt), asc(rooms.id));
  // The counts are computed after the sort and limit: a page costs its own rooms only.
  const rows = await ('page' in scope && scope.page ? query.limit(scope.page.limit) : query);
  return rows.map(({ unreadCounts: [unreadCount, mentionCount], ...row }) => ({
    ...row,
    unreadCount,
    mentionCount,
  }));
}

/** Rooms after `key` in the list's order (latest activity first, then id); the inbox's too. */
export const afterKey = (key: RoomsPageKey) =>
  or(
    lt(rooms.lastActivityAt, key.lastActivityAt),
    and(eq(rooms.lastActivityAt, key.lastActivityAt), gt(rooms.id, key.id)),
  );

/** The latest message of each room (the one at `last_seq`), with its sender. */
export function findLastMessages(
  db: Executor,
  roomRows: readonly Pick<RoomRow, 'id' | 'lastSeq'>[],
): Promise<MessageRecord[]> {
  const withMessages = roomRows.filter((r) => r.lastSeq > 0);
  if (withMessages.length === 0) return Promise.resolve([]);
  return db
    .select(messageRecordColumns)
    .from(messages)
    .innerJoin(users, eq(users.id, messages.senderId))
    .where(
      sql`(${messages.roomId}, ${messages.seq}) IN (${sql.join(
        withMessages.map((r) => sql`(${r.id}, ${r.lastSeq})`),
        sql`, `,
      )})`,
    );
}

export async function findDirectRoom(db: Executor, directKey: string) {
  const [row] = await db.select(roomColumns).from(rooms).where(eq(rooms.directKey, directKey));
  return row;
}

export async function insertRoom(
  db: Executor,
  room: { type: RoomType; name: string | null; directKey: string | null; createdBy: string },
): Promise<RoomRow | undefined> {
  const now = new Date();
  const [row] = await db
    .insert(rooms)
    .values({ id: crypto.randomUUID(), ...room, lastActivityAt: now, createdAt: now })
    .onConflictDoNothing({ target: rooms.directKey })
    .returning(roomColumns);
  return row;
}

/**
 * Adds members. They start caught up (marks at the room's current seq): history from before
 * they joined is not "unread" to them and does not hold back others' read receipts.
 */
export async function insertMembers(
  db: Executor,
  roomId: string,
  members: readonly { userId: string; role: MemberRole }[],
  startAtSeq: number,
): Promise<string[]> {
  if (members.length === 0) return [];
  const rows = await db
    .insert(roomMembers)
    .values(
      members.map((m) => ({
        roomId,
        userId: m.userId,
        role: m.role,
        lastReadSeq: startAtSeq,
        lastDeliveredSeq: startAtSeq,
        joinedAt: new Date(),
      })),
    )
    .onConflictDoNothing()
    .returning({ userId: roomMembers.userId });
  return rows.map((r) => r.userId);
}

/** Deletes a membership; the removed row's role, or undefined when there was none. */
export async function deleteMember(
  db: Executor,
  roomId: string,
  userId: string,
): Promise<MemberRole | undefined> {
  const [row] = await db
    .delete(roomMembers)
    .where(and(eq(roomMembers.roomId, roomId), eq(roomMembers.userId, userId)))
    .returning({ role: roomMembers.role });
  return row?.role;
}

/**
 * Makes the longest-standing remaining member the owner, so a group is never left unmanaged;
 * answers who that is (undefined when nobody is left).
 */
export async function promoteOldestMember(
  db: Executor,
  roomId: string,
): Promise<string | undefined> {
  const oldest = db
    .select({ userId: roomMembers.userId })
    .from(roomMembers)
    .where(eq(roomMembers.roomId, roomId))
    .orderBy(asc(roomMembers.joinedAt), asc(roomMembers.userId))
    .limit(1);
  const [row] = await db
    .update(roomMembers)
    .set({ role: 'owner' })
    .where(and(eq(roomMembers.roomId, roomId), inArray(roomMembers.userId, oldest)))
    .returning({ userId: roomMembers.userId });
  return row?.userId;
}

/**
 * Changes a member's own settings in their room (a role given by the owner, their own mute);
 * false when they are not a member.
 */
export async function updateMember(
  db: Executor,
  roomId: string,
  userId: string,
  changes: { role?: MemberRole; muted?: boolean; mentionsMuted?: boolean | undefined },
): Promise<boolean> {
  const rows = await db
    .update(roomMembers)
    // An undefined change is no change (drizzle leaves such keys out of the SET).
    .set(changes)
    .where(and(eq(roomMembers.roomId, roomId), eq(roomMembers.userId, userId)))
    .returning({ userId: roomMembers.userId });
  return rows.length > 0;
}

export async function updateMemberAddPolicy(
  db: Executor,
  roomId: string,
  memberAddPolicy: MemberAddPolicy,
): Promise<void> {
  await db.update(rooms).set({ memberAddPolicy }).where(eq(rooms.id, roomId));
}

/** Sets a group's name and/or colour. */
export async function updateRoomLook(
  db: Executor,
  roomId: string,
  look: { name?: string; color?: GroupColor },
): Promise<void> {
  await db.update(rooms).set(look).where(eq(rooms.id, roomId));
}

export async function countMembers(db: Executor, roomId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(roomMembers)
    .where(eq(roomMembers.roomId, roomId));
  return row?.n ?? 0;
}

/** Locks the room row for the rest of the transaction (serialises membership changes). */
export async function lockRoom(db: Executor, roomId: string): Promise<RoomRow | undefined> {
  const [row] = await db.select(roomColumns).from(rooms).where(eq(rooms.id, roomId)).for('update');
  return row;
}

/**
 * Ids among `userIds` that exist and may be put in a room by a user: website visitors are not
 * (they are only ever in their own support rooms, put there by the widget's session).
 */
export async function findExistingUserIds(db: Executor, userIds: readonly string[]) {
  if (userIds.length === 0) return [];
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.id, [...userIds]), eq(users.kind, 'user')));
  return rows.map((r) => r.id);
}
