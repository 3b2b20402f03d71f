import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { preparedPerHandle } from '../db/prepared.js';
import { roomMembers, rooms, userBlocks, users } from '../db/schema.js';
import type { UserProfileRow } from './user-presenter.js';
import { groupBy } from '../util/group-by.js';
import { profileColumns } from './user-repository.js';

/** Records that `blockerId` blocks `blockedId`; blocking twice changes nothing. */
export async function insertBlock(db: Executor, blockerId: string, blockedId: string) {
  await db
    .insert(userBlocks)
    .values({ blockerId, blockedId, createdAt: new Date() })
    .onConflictDoNothing();
}

export async function deleteBlock(db: Executor, blockerId: string, blockedId: string) {
  await db
    .delete(userBlocks)
    .where(and(eq(userBlocks.blockerId, blockerId), eq(userBlocks.blockedId, blockedId)));
}

export async function isBlockedBy(
  db: Executor,
  blockerId: string,
  blockedId: string,
): Promise<boolean> {
  const [row] = await db
    .select({ blockerId: userBlocks.blockerId })
    .from(userBlocks)
    .where(and(eq(userBlocks.blockerId, blockerId), eq(userBlocks.blockedId, blockedId)))
    .limit(1);
  return row !== undefined;
}

/** The users `blockerId` blocks, as profiles, by username. */
export function findBlockedProfiles(db: Executor, blockerId: string): Promise<UserProfileRow[]> {
  return db
    .select(profileColumns)
    .from(userBlocks)
    .innerJoin(users, eq(users.id, userBlocks.blockedId))
    .where(eq(userBlocks.blockerId, blockerId))
    .orderBy(asc(users.username));
}

/** Read at every connect and disconnect (presence): prepared, see `preparedPerHandle`. */
const blockedIdsQuery = preparedPerHandle((db: Executor) =>
  db
    .select({ id: userBlocks.blockedId })
    .from(userBlocks)
    .where(eq(userBlocks.blockerId, sql.placeholder('blockerId')))
    .prepare('blocked_ids_of_user'),
);

/** Ids of the users `blockerId` blocks: they are not told the blocker's presence. */
export async function findBlockedIds(db: Executor, blockerId: string): Promise<string[]> {
  const rows = await blockedIdsQuery(db).execute({ blockerId });
  return rows.map((r) => r.id);
}

/** The users each of `blockerIds` blocks; those who block nobody are left out. */
export async function findBlockedIdsOfEach(
  db: Executor,
  blockerIds: readonly string[],
): Promise<Map<string, string[]>> {
  if (blockerIds.length === 0) return new Map();
  const rows = await db
    .select({ blockerId: userBlocks.blockerId, blockedId: userBlocks.blockedId })
    .from(userBlocks)
    .where(inArray(userBlocks.blockerId, [...blockerIds]));
  const byBlocker = groupBy(rows, (row) => row.blockerId);
  return new Map(
    [...byBlocker].map(([blockerId, blocks]) => [blockerId, blocks.map((b) => b.blockedId)]),
  );
}

/** Those among `userIds` who block `blockedId`: their presence is hidden from `blockedId`. */
export async function findBlockersAmong(
  db: Executor,
  blockedId: string,
  userIds: readonly string[],
): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await db
    .select({ id: userBlocks.blockerId })
    .from(userBlocks)
    .where(and(eq(userBlocks.blockedId, blockedId), inArray(userBlocks.blockerId, [...userIds])));
  return new Set(rows.map((r) => r.id));
}

/** Whether `roomId` is a direct room whose other member blocks `senderId` (sends are refused). */
export async function isBlockedInDirectRoom(
  db: Executor,
  roomId: string,
  senderId: string,
): Promise<boolean> {
  const [row] = await db
    .select({ blockerId: userBlocks.blockerId })
    .from(rooms)
    .innerJoin(roomMembers, and(eq(roomMembers.roomId, rooms.id), ne(roomMembers.userId, senderId)))
    .innerJoin(
      userBlocks,
      and(eq(userBlocks.blockerId, roomMembers.userId), eq(userBlocks.blockedId, senderId)),
    )
    .where(and(eq(rooms.id, roomId), eq(rooms.type, 'direct')))
    .limit(1);
  return row !== undefined;
}
