import type { ConversationStatus } from '@natter/protocol';
import { and, asc, desc, eq, gt, isNull, ne, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { rawRows } from '../db/raw-rows.js';
import type { RoomsPageKey } from '../rooms/room-repository.js';
import { afterKey } from '../rooms/room-repository.js';
import {
  messages,
  roomMembers,
  rooms,
  siteAgents,
  supportConversations,
  users,
  visitors,
} from '../db/schema.js';

export type ConversationRow = typeof supportConversations.$inferSelect;

export async function insertConversation(
  db: Executor,
  row: Omit<ConversationRow, 'status' | 'assigneeId' | 'emailedSeq' | 'createdAt'>,
): Promise<void> {
  await db.insert(supportConversations).values({ ...row, createdAt: new Date() });
}

/** The visitor's latest conversation that is not resolved: the one a new session resumes. */
export async function findOpenConversationOf(
  db: Executor,
  visitorId: string,
): Promise<ConversationRow | undefined> {
  const [row] = await db
    .select()
    .from(supportConversations)
    .where(
      and(
        eq(supportConversations.visitorId, visitorId),
        ne(supportConversations.status, 'resolved'),
      ),
    )
    .orderBy(desc(supportConversations.createdAt))
    .limit(1);
  return row;
}

/**
 * Makes a new agent a member of every support room of the site, caught up to each room's present
 * (history is theirs to read, not "unread"). Answers the rooms joined.
 */
export async function joinSiteRooms(db: Executor, siteId: string, userId: string) {
  const result = await db.execute(sql`
    INSERT INTO ${roomMembers} (room_id, user_id, role, last_read_seq, last_delivered_seq, joined_at)
    SELECT ${rooms.id}, ${userId}, 'member', ${rooms.lastSeq}, ${rooms.lastSeq}, now()
    FROM ${supportConversations} JOIN ${rooms} ON ${rooms.id} = ${supportConversations.roomId}
    WHERE ${supportConversations.siteId} = ${siteId}
    ON CONFLICT DO NOTHING
    RETURNING room_id`);
  return rawRows<{ room_id: string }>(result).map((r) => r.room_id);
}

/** Ends a removed agent's membership of every support room of the site; answers those rooms. */
export async function leaveSiteRooms(db: Executor, siteId: string, userId: string) {
  const result = await db.execute(sql`
    DELETE FROM ${roomMembers}
    WHERE ${roomMembers.userId} = ${userId}
      AND ${roomMembers.roomId} IN (
        SELECT ${supportConversations.roomId} FROM ${supportConversations}
        WHERE ${supportConversations.siteId} = ${siteId})
    RETURNING room_id`);
  return rawRows<{ room_id: string }>(result).map((r) => r.room_id);
}

/**
 * When the visitor started waiting: the created_at of their first message after the last message
 * of anyone else (an agent), null when an agent wrote last or nobody wrote. Computed at read time,
 * per row of the page, so the send path does no extra work: two index walks over
 * `messages (room_id, seq)` (backwards to the last agent message, then forwards to the visitor's
 * next one). Deleted messages do not count either way.
 */
function waitingSinceColumn() {
  const roomId = supportConversations.roomId;
  const visitorId = supportConversations.visitorId;
  return sql<Date | null>`(
    SELECT waiting.created_at FROM ${messages} AS waiting
    WHERE waiting.room_id = ${roomId} AND waiting.sender_id = ${visitorId}
      AND waiting.deleted_at IS NULL
      AND waiting.seq > COALESCE((
        SELECT answered.seq FROM ${messages} AS answered
        WHERE answered.room_id = ${roomId} AND answered.sender_id <> ${visitorId}
          AND answered.deleted_at IS NULL
        ORDER BY answered.seq DESC LIMIT 1), 0)
    ORDER BY waiting.seq LIMIT 1)`.mapWith(supportConversations.createdAt);
}

/** A conversation with its visitor and activity, as the inbox shows it. */
const conversationColumns = {
  roomId: supportConversations.roomId,
  siteId: supportConversations.siteId,
  status: supportConversations.status,
  assigneeId: supportConversations.assigneeId,
  context: supportConversations.context,
  createdAt: supportConversations.createdAt,
  lastActivityAt: rooms.lastActivityAt,
  visitorId: supportConversations.visitorId,
  visitorName: users.displayName,
  visitorEmail: visitors.email,
  visitorExternalId: visitors.externalId,
  waitingSince: waitingSinceColumn(),
};

/** A conversation as the inbox reads it, before presentation. */
export type ConversationView = Awaited<ReturnType<typeof findInbox>>[number];

export interface InboxFilter {
  agentId: string;
  status?: ConversationStatus | undefined;
  assignee?: 'mine' | 'unassigned' | 'all' | undefined;
  siteId?: string | undefined;
  limit: number;
  after?: RoomsPageKey | undefined;
}

/**
 * One page of the conversations of the sites `agentId` is an agent of, in the rooms list's order
 * (latest activity first: the newest waiting on top) and with its cursor, leaving out those
 * without a message yet. The agent join is the authorization: another site's rows never
 * match.
 */
export function findInbox(db: Executor, filter: InboxFilter) {
  const assignee =
    filter.assignee === 'mine'
      ? eq(supportConversations.assigneeId, filter.agentId)
      : filter.assignee === 'unassigned'
        ? isNull(supportConversations.assigneeId)
        : undefined;
  return selectConversations(db)
    .innerJoin(
      siteAgents,
      and(
        eq(siteAgents.siteId, supportConversations.siteId),
        eq(siteAgents.userId, filter.agentId),
      ),
    )
    .where(
      and(
        // A visitor who only opened the widget has said nothing yet: nothing to answer.
        gt(rooms.lastSeq, 0),
        filter.status ? eq(supportConversations.status, filter.status) : undefined,
        filter.siteId ? eq(supportConversations.siteId, filter.siteId) : undefined,
        assignee,
        filter.after ? afterKey(filter.after) : undefined,
      ),
    )
    .orderBy(desc(rooms.lastActivityAt), asc(rooms.id))
    .limit(filter.limit);
}

/** One conversation, if `agentId` is an agent of its site. */
export async function findConversationForAgent(
  db: Executor,
  roomId: string,
  agentId: string,
): Promise<ConversationView | undefined> {
  const [row] = await selectConversations(db)
    .innerJoin(
      siteAgents,
      and(eq(siteAgents.siteId, supportConversations.siteId), eq(siteAgents.userId, agentId)),
    )
    .where(eq(supportConversations.roomId, roomId))
    .limit(1);
  return row;
}

/** One conversation, unscoped: for what the server does on its own (auto-assignment). */
export async function findConversation(
  db: Executor,
  roomId: string,
): Promise<ConversationView | undefined> {
  const [row] = await selectConversations(db)
    .where(eq(supportConversations.roomId, roomId))
    .limit(1);
  return row;
}

const selectConversations = (db: Executor) =>
  db
    .select(conversationColumns)
    .from(supportConversations)
    .innerJoin(rooms, eq(rooms.id, supportConversations.roomId))
    .innerJoin(users, eq(users.id, supportConversations.visitorId))
    .innerJoin(visitors, eq(visitors.userId, supportConversations.visitorId));

export async function updateConversation(
  db: Executor,
  roomId: string,
  changes: Partial<Pick<ConversationRow, 'status' | 'assigneeId'>>,
): Promise<void> {
  await db.update(supportConversations).set(changes).where(eq(supportConversations.roomId, roomId));
}

/** The conversation a standalone link names (`/c/<link>`), if any. */
export async function findConversationByLink(
  db: Executor,
  linkToken: string,
): Promise<ConversationRow | undefined> {
  const [row] = await db
    .select()
    .from(supportConversations)
    .where(eq(supportConversations.linkToken, linkToken))
    .limit(1);
  return row;
}

/** The standalone link's secret of a conversation. */
export async function findLinkToken(db: Executor, roomId: string): Promise<string | undefined> {
  const [row] = await db
    .select({ linkToken: supportConversations.linkToken })
    .from(supportConversations)
    .where(eq(supportConversations.roomId, roomId))
    .limit(1);
  return row?.linkToken;
}

/** A visitor's conversations as the inbox reads them, newest first (a bounded few). */
export function findConversationsOfVisitor(db: Executor, visitorId: string, limit: number) {
  return selectConversations(db)
    .where(eq(supportConversations.visitorId, visitorId))
    .orderBy(desc(supportConversations.createdAt))
    .limit(limit);
}
