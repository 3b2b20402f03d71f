import type { RoomType } from '@natter/protocol';
import type { AnyColumn, SQL } from 'drizzle-orm';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { preparedPerHandle } from '../db/prepared.js';
import { roomMembers, rooms, users } from '../db/schema.js';

/**
 * The one rule of Natter's authorization: a user may read and write a room while a row of
 * `room_members` joins them to it. Every domain asks it here (messages, files, receipts, rooms,
 * presence, the socket's channels at connect), so there is one answer to "is this user in this
 * room". Two places apply the same rule inside their own SQL, for speed, and must stay in step
 * with it:
 * - the group commit of sends (`append_messages`, migrations 0002/0004) keeps a row only if its
 *   sender has a `room_members` row for its room, in the statement that stores it;
 * - a history page (`findPageForMember`) joins `room_members` for the reader, in the read itself.
 * Typing events check the socket's own channels instead (connection-handler's `isInRoom`): the
 * channels are joined from `findRoomIdsOfUser` and left by `Publisher.removeUserFromRoom` as
 * membership changes, so they are this rule's cache for the one event that writes nothing.
 */

/** A member's standing in a room: the owner, an admin it named, or a plain member. */
export type MemberRole = (typeof roomMembers.$inferSelect)['role'];

/** Who may add members to a group: any member (the default, as in Slack) or its owner and admins. */
export type MemberAddPolicy = (typeof rooms.$inferSelect)['memberAddPolicy'];

/** Moderators of a group: they may delete any message in it and remove members. */
export const isModerator = (role: MemberRole): boolean => role === 'owner' || role === 'admin';

/** Whether this membership moderates its room: owners and admins, of groups only. */
export const moderates = (membership: Pick<Membership, 'role' | 'type'>): boolean =>
  membership.type === 'group' && isModerator(membership.role);

/** Read by every sync and resend: prepared, see `preparedPerHandle`. */
const roomStateForMemberQuery = preparedPerHandle((db: Executor) =>
  db
    .select({ lastSeq: rooms.lastSeq, lastChangeSeq: rooms.lastChangeSeq })
    .from(rooms)
    .innerJoin(
      roomMembers,
      and(eq(roomMembers.roomId, rooms.id), eq(roomMembers.userId, sql.placeholder('userId'))),
    )
    .where(eq(rooms.id, sql.placeholder('roomId')))
    .limit(1)
    .prepare('room_state_for_member'),
);

/**
 * The room's counters, if `userId` is a member (else undefined): the membership check and the
 * cursors in one read.
 */
export async function findRoomStateForMember(db: Executor, roomId: string, userId: string) {
  const [row] = await roomStateForMemberQuery(db).execute({ roomId, userId });
  return row;
}

/** Read by every sync: prepared, see `preparedPerHandle`. */
const roomStatesWithMembersQuery = preparedPerHandle((db: Executor) =>
  db
    .select({
      roomId: rooms.id,
      lastChangeSeq: rooms.lastChangeSeq,
      membersJson: membersOfRoomJson(sql`${rooms.id}`),
    })
    .from(rooms)
    .innerJoin(
      roomMembers,
      and(eq(roomMembers.roomId, rooms.id), eq(roomMembers.userId, sql.placeholder('userId'))),
    )
    .where(sql`${rooms.id} = ANY(${sql.placeholder('roomIds')}::text[])`)
    .prepare('room_states_with_members'),
);

/**
 * For each of `roomIds` that `userId` is a member of (the others are missing from the answer):
 * its change cursor and its members with their marks (`findMembers`), in one round trip.
 */
export async function findRoomStatesWithMembers(
  db: Executor,
  roomIds: readonly string[],
  userId: string,
): Promise<Map<string, { lastChangeSeq: number; members: RoomMemberRow[] }>> {
  const rows = await roomStatesWithMembersQuery(db).execute({ roomIds: [...roomIds], userId });
  return new Map(
    rows.map((row) => [
      row.roomId,
      {
        lastChangeSeq: row.lastChangeSeq,
        members: membersFromJson(row.roomId, row.membersJson),
      },
    ]),
  );
}

/** Whether `userId` is a member of `roomId`. */
export async function isMember(db: Executor, roomId: string, userId: string): Promise<boolean> {
  return (await findRoomStateForMember(db, roomId, userId)) !== undefined;
}

export interface Membership {
  role: MemberRole;
  type: RoomType;
  memberAddPolicy: MemberAddPolicy;
}

/** A member's role, with the room's type and add policy; undefined for a non-member. */
export async function findMembership(
  db: Executor,
  roomId: string,
  userId: string,
): Promise<Membership | undefined> {
  const [row] = await db
    .select({ role: roomMembers.role, type: rooms.type, memberAddPolicy: rooms.memberAddPolicy })
    .from(roomMembers)
    .innerJoin(rooms, eq(rooms.id, roomMembers.roomId))
    .where(and(eq(roomMembers.roomId, roomId), eq(roomMembers.userId, userId)))
    .limit(1);
  return row;
}

/** Read at every connect (twice): prepared, see `preparedPerHandle`. */
const roomIdsOfUserQuery = preparedPerHandle((db: Executor) =>
  db
    .select({ roomId: roomMembers.roomId })
    .from(roomMembers)
    .where(eq(roomMembers.userId, sql.placeholder('userId')))
    .prepare('room_ids_of_user'),
);

/**
 * `findRoomIdsOfUser` as an SQL array expression, for a read that carries the user's rooms in its
 * own statement (the handshake's); `userId` is an expression of the outer query.
 */
export const roomIdsOfUser = (userId: SQL | AnyColumn) =>
  sql<
    string[]
  >`ARRAY(SELECT ${roomMembers.roomId} FROM ${roomMembers} WHERE ${roomMembers.userId} = ${userId})`;

/** Every room of a user: the channels their sockets join. */
export async function findRoomIdsOfUser(db: Executor, userId: string): Promise<string[]> {
  const rows = await roomIdsOfUserQuery(db).execute({ userId });
  return rows.map((r) => r.roomId);
}

/**
 * Which of these users are members of which of these rooms, as `memberKey`s: the rows of every
 * named room for every named user, a superset of the pairs asked about when several rooms are.
 * `only.sharingReads`: only users who share their reads (`users.read_receipts`).
 */
export async function findMemberKeys(
  db: Executor,
  roomIds: readonly string[],
  userIds: readonly string[],
  only: { sharingReads?: boolean } = {},
): Promise<Set<string>> {
  if (roomIds.length === 0 || userIds.length === 0) return new Set();
  const rows = await db
    .select({ roomId: roomMembers.roomId, userId: roomMembers.userId })
    .from(roomMembers)
    .innerJoin(users, eq(users.id, roomMembers.userId))
    .where(
      and(
        inArray(roomMembers.roomId, [...roomIds]),
        inArray(roomMembers.userId, [...userIds]),
        only.sharingReads ? eq(users.readReceipts, true) : undefined,
      ),
    );
  return new Set(rows.map((row) => memberKey(row.roomId, row.userId)));
}

/** One key per (room, user) pair. */
export const memberKey = (roomId: string, userId: string): string => `${roomId}\u0000${userId}`;

/** A member of a room with its role and receipt marks (a `MemberMarks` of receipts/). */
export interface RoomMemberRow {
  roomId: string;
  userId: string;
  role: MemberRole;
  lastReadSeq: number;
  lastDeliveredSeq: number;
  /** The member's read-receipts setting: who may see `lastReadSeq` (receipts/read-privacy.ts). */
  sharesReads: boolean;
}

/** Read with every history page, sync and rooms list: prepared, see `preparedPerHandle`. */
const membersOfRoomsQuery = preparedPerHandle((db: Executor) =>
  db
    .select({
      roomId: roomMembers.roomId,
      userId: roomMembers.userId,
      role: roomMembers.role,
      lastReadSeq: roomMembers.lastReadSeq,
      lastDeliveredSeq: roomMembers.lastDeliveredSeq,
      sharesReads: users.readReceipts,
    })
    .from(roomMembers)
    .innerJoin(users, eq(users.id, roomMembers.userId))
    .where(sql`${roomMembers.roomId} = ANY(${sql.placeholder('roomIds')}::text[])`)
    .orderBy(asc(roomMembers.joinedAt), asc(roomMembers.userId))
    .prepare('members_of_rooms'),
);

/**
 * Members with their roles, receipt marks and whether they share their reads, for participants
 * lists and message status (shown to a reader through receipts/read-privacy.ts).
 */
export function findMembers(db: Executor, roomIds: readonly string[]): Promise<RoomMemberRow[]> {
  if (roomIds.length === 0) return Promise.resolve([]);
  return membersOfRoomsQuery(db).execute({ roomIds: [...roomIds] });
}

/**
 * The members of one room (`roomId`: an SQL expression) as `findMembers` reads them, as one JSON
 * text value, in the same order: for a read that must carry them in its own statement (a history
 * page, a sync) rather than in a second round trip. Decoded by `membersFromJson`. The aliases are
 * its own, so it can sit in a query that joins `room_members` or `users` itself.
 */
export const membersOfRoomJson = (roomId: SQL) => sql<string | null>`(
  SELECT json_agg(json_build_array(mk.user_id, mk.role, mk.last_read_seq, mk.last_delivered_seq,
                                   mu.read_receipts) ORDER BY mk.joined_at, mk.user_id)::text
  FROM room_members AS mk JOIN users AS mu ON mu.id = mk.user_id
  WHERE mk.room_id = ${roomId})`;

type MemberJsonRow = [string, MemberRole, number, number, boolean];

/** One room's members from `membersOfRoomJson` (null: a room without members). */
export function membersFromJson(roomId: string, json: string | null): RoomMemberRow[] {
  if (json === null) return [];
  return (JSON.parse(json) as MemberJsonRow[]).map(
    ([userId, role, lastReadSeq, lastDeliveredSeq, sharesReads]) => ({
      roomId,
      userId,
      role,
      lastReadSeq,
      lastDeliveredSeq,
      sharesReads,
    }),
  );
}

/** Users among `userIds` who share at least one room with `userId` (or are that user). */
export async function findUsersSharingARoom(
  db: Executor,
  userId: string,
  userIds: readonly string[],
): Promise<string[]> {
  if (userIds.length === 0) return [];
  const mine = db
    .select({ roomId: roomMembers.roomId })
    .from(roomMembers)
    .where(eq(roomMembers.userId, userId));
  const rows = await db
    .selectDistinct({ userId: roomMembers.userId })
    .from(roomMembers)
    .where(and(inArray(roomMembers.roomId, mine), inArray(roomMembers.userId, [...userIds])));
  return rows.map((r) => r.userId);
}
