import type { MessageType, RoomMention } from '@natter/protocol';
import { SEQ_MAX } from '@natter/protocol';
import { and, asc, desc, eq, gt, lte, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { preparedPerHandle } from '../db/prepared.js';
import { rawRows } from '../db/raw-rows.js';
import { messages, roomMembers, rooms, users } from '../db/schema.js';
import type { MessageRecord } from './message-presenter.js';
import { messageRecordColumns } from './message-presenter.js';
import type { RoomMemberRow } from '../membership/membership.js';
import {
  findMembers,
  findRoomStateForMember,
  membersFromJson,
  membersOfRoomJson,
} from '../membership/membership.js';
import { isUniqueViolation } from '../db/unique-violation.js';

/** Messages as records (with their sender's profile), for a `where` of the caller's. */
export const selectMessageRecords = (db: Executor) =>
  db.select(messageRecordColumns).from(messages).innerJoin(users, eq(users.id, messages.senderId));

export async function findMessage(
  db: Executor,
  messageId: string,
): Promise<MessageRecord | undefined> {
  const [row] = await selectMessageRecords(db).where(eq(messages.id, messageId)).limit(1);
  return row;
}

export async function findByClientId(
  db: Executor,
  senderId: string,
  clientId: string,
): Promise<MessageRecord | undefined> {
  const [row] = await selectMessageRecords(db)
    .where(and(eq(messages.senderId, senderId), eq(messages.clientId, clientId)))
    .limit(1);
  return row;
}

export async function messageExistsInRoom(
  db: Executor,
  roomId: string,
  messageId: string,
): Promise<boolean> {
  const [row] = await db
    .select({ id: messages.id })
    .from(messages)
    .where(and(eq(messages.id, messageId), eq(messages.roomId, roomId)))
    .limit(1);
  return row !== undefined;
}

// The hot reads of history paging and sync are prepared (see `preparedPerHandle`): planning took
// most of a page's database time, and its tail latency. One memo each, so a transaction that
// uses one of them does not build the others.

const pageForMemberQuery = preparedPerHandle((db: Executor) =>
  db
    .select({
      ...messageRecordColumns,
      roomLastChangeSeq: rooms.lastChangeSeq,
      // The members' marks ride on the first row only: one statement, one snapshot, and a big
      // room's members are sent once, not once per message.
      roomMembersJson: sql<
        string | null
      >`CASE WHEN row_number() OVER (ORDER BY ${messages.seq} DESC) = 1
        THEN ${membersOfRoomJson(sql`${sql.placeholder('roomId')}`)} END`,
    })
    .from(messages)
    .innerJoin(users, eq(users.id, messages.senderId))
    .innerJoin(rooms, eq(rooms.id, messages.roomId))
    .innerJoin(
      roomMembers,
      and(
        eq(roomMembers.roomId, messages.roomId),
        eq(roomMembers.userId, sql.placeholder('userId')),
      ),
    )
    .where(
      and(
        eq(messages.roomId, sql.placeholder('roomId')),
        lte(messages.seq, sql.placeholder('maxSeq')),
      ),
    )
    .orderBy(desc(messages.seq))
    .limit(sql.placeholder('limit'))
    .prepare('history_page_for_member'),
);

const pageAfterQuery = preparedPerHandle((db: Executor) =>
  selectMessageRecords(db)
    .where(
      and(
        eq(messages.roomId, sql.placeholder('roomId')),
        gt(messages.seq, sql.placeholder('afterSeq')),
      ),
    )
    .orderBy(asc(messages.seq))
    .limit(sql.placeholder('limit'))
    .prepare('history_page_after'),
);

/** What `appendMessages` needs to store a message; `id` and `createdAt` are chosen by the caller. */
export interface NewMessage {
  id: string;
  roomId: string;
  senderId: string;
  clientId: string;
  type: MessageType;
  content: string;
  replyToId: string | null;
  createdAt: Date;
}

/** What the database chose for a stored message, the mentions it resolved, and its sender's profile. */
export interface AppendedMessage {
  seq: number;
  senderDisplayName: string;
  senderAvatarUrl: string | null;
  mentions: string[] | null;
  roomMention: RoomMention | null;
}

/**
 * What a just-appended message holds in the columns a send does not write: with a `NewMessage`
 * and its `AppendedMessage`, the whole record, presented without reading the row back.
 */
export const FRESH_MESSAGE_COLUMNS = {
  event: null,
  editedAt: null,
  deletedAt: null,
  changeSeq: 0,
  reactions: null,
  replyCount: 0,
  preview: null,
  previewRemoved: false,
} as const satisfies Partial<MessageRecord>;

/** The unique key that makes a (sender, clientId) pair a resend. */
const SENDER_CLIENT_KEY = 'messages_sender_client_key';

/** True when an error is the database refusing a second message with the same (sender, clientId). */
export function isDuplicateClientId(error: unknown): boolean {
  return isUniqueViolation(error, SENDER_CLIENT_KEY);
}

/**
 * Stores a batch of messages, in any number of rooms, in ONE statement (one round trip, one
 * commit), the database function `append_messages` (migrations 0002, 0004, 0010 and 0014 hold the SQL): each
 * room's seq counter moves once by the number of its accepted messages, which take consecutive
 * seqs in batch order, and the rows are inserted from that. Answers, by message id, for the
 * messages it stored; a message is left out, taking no seq, when:
 * - its sender is not a member of its room (the rule of membership/membership.ts), or is blocked
 *   by the other member of a direct room, or its `replyTo` is not a message of the room;
 * - its (sender, clientId) is already stored, or is taken by an earlier message of the batch.
 * The statement is atomic, and each room row stays locked until it commits, so seqs commit in
 * order and gapless. Rooms are locked in id order and rows inserted in (sender, clientId) order,
 * so concurrent batches (of several nodes) never deadlock. A (sender, clientId) committed by a
 * concurrent statement after this one looked fails the whole statement on the unique key
 * (`isDuplicateClientId`): run it again.
 */
export async function appendMessages(
  db: Executor,
  batch: readonly NewMessage[],
): Promise<Map<string, AppendedMessage>> {
  // Eight array parameters, whatever the batch's size.
  const column = <T>(pick: (m: NewMessage) => T) => sql.param(batch.map(pick));
  const result = await db.execute(sql`
    SELECT id, seq, display_name, avatar_url, mentions, room_mention FROM append_messages(
      ${column((m) => m.id)}::text[], ${column((m) => m.roomId)}::text[],
      ${column((m) => m.senderId)}::text[], ${column((m) => m.clientId)}::text[],
      ${column((m) => m.type)}::text[], ${column((m) => m.content)}::text[],
      ${column((m) => m.replyToId)}::text[],
      ${column((m) => m.createdAt.toISOString())}::timestamptz[])`);
  const rows = rawRows<{
    id: string;
    seq: number;
    display_name: string;
    avatar_url: string | null;
    mentions: string[] | null;
    room_mention: RoomMention | null;
  }>(result);
  return new Map(
    rows.map((row) => [
      row.id,
      {
        seq: Number(row.seq),
        senderDisplayName: row.display_name,
        senderAvatarUrl: row.avatar_url,
        mentions: row.mentions,
        roomMention: row.room_mention,
      },
    ]),
  );
}

/** Takes the room's next change number, for an edit or delete. */
export async function takeNextChangeSeq(tx: Executor, roomId: string): Promise<number> {
  const [row] = await tx
    .update(rooms)
    .set({ lastChangeSeq: sql`${rooms.lastChangeSeq} + 1` })
    .where(eq(rooms.id, roomId))
    .returning({ changeSeq: rooms.lastChangeSeq });
  if (!row) throw new Error(`room ${roomId} vanished`);
  return row.changeSeq;
}

/** What a change may set on a message (message-service.ts `changeMessage`). */
export type MessageChange = Partial<
  Pick<
    MessageRecord,
    | 'content'
    | 'editedAt'
    | 'deletedAt'
    | 'reactions'
    | 'preview'
    | 'previewRemoved'
    | 'replyCount'
    | 'mentions'
    | 'roomMention'
  >
>;

/**
 * Writes a change with its change number. New text has its mentions resolved again by the same
 * SQL as a send (migration 0014); a tombstone keeps no mentions, reactions or preview.
 */
export async function updateMessage(
  tx: Executor,
  messageId: string,
  change: MessageChange & { changeSeq: number },
): Promise<void> {
  const resolved =
    change.deletedAt !== undefined
      ? { mentions: null, roomMention: null, reactions: null, preview: null }
      : change.content !== undefined
        ? {
            mentions: sql`message_mentions(${messages.roomId}, ${messages.senderId}, ${change.content})`,
            roomMention: sql`message_room_mention(${messages.roomId}, ${messages.senderId}, ${change.content})`,
          }
        : {};
  await tx
    .update(messages)
    .set({ ...change, ...resolved })
    .where(eq(messages.id, messageId));
}

/** The room a message is in (a message never moves), read without a lock. */
export async function findMessageRoomId(
  db: Executor,
  messageId: string,
): Promise<string | undefined> {
  const [row] = await db
    .select({ roomId: messages.roomId })
    .from(messages)
    .where(eq(messages.id, messageId))
    .limit(1);
  return row?.roomId;
}

/**
 * Locks a message for a change, after its room: every writer takes the two in that order
 * (`append_messages` locks a batch's rooms before it counts replies on their messages), so a
 * change racing a reply to the same message waits instead of deadlocking.
 */
export async function lockRoomThenMessage(
  tx: Executor,
  roomId: string,
  messageId: string,
): Promise<boolean> {
  await tx.select({ id: rooms.id }).from(rooms).where(eq(rooms.id, roomId)).for('no key update');
  const [row] = await tx
    .select({ id: messages.id })
    .from(messages)
    .where(eq(messages.id, messageId))
    .for('update');
  return row !== undefined;
}

/** Counts a reply as deleted on the message it replied to, with a change number of its room. */
export async function uncountReply(tx: Executor, parentId: string, changeSeq: number) {
  await tx
    .update(messages)
    .set({ replyCount: sql`greatest(${messages.replyCount} - 1, 0)`, changeSeq })
    .where(eq(messages.id, parentId));
}

/**
 * A page of history for a member: messages older than `beforeSeq` (or the newest), newest first,
 * one extra to detect more, with the room's change cursor and its members' marks read in the same
 * snapshot — or undefined if `userId` is not a member. One round trip when there are messages;
 * only an empty page asks about the membership and the members again.
 */
export async function findPageForMember(
  db: Executor,
  page: { roomId: string; userId: string; beforeSeq: number | undefined; limit: number },
): Promise<
  { records: MessageRecord[]; lastChangeSeq: number; members: RoomMemberRow[] } | undefined
> {
  const rows = await pageForMemberQuery(db).execute({
    roomId: page.roomId,
    userId: page.userId,
    maxSeq: page.beforeSeq === undefined ? SEQ_MAX : page.beforeSeq - 1,
    limit: page.limit + 1,
  });
  const [first] = rows;
  if (!first) {
    const [state, members] = await Promise.all([
      findRoomStateForMember(db, page.roomId, page.userId),
      findMembers(db, [page.roomId]),
    ]);
    return state && { records: [], lastChangeSeq: state.lastChangeSeq, members };
  }
  return {
    records: rows.map(({ roomLastChangeSeq: _, roomMembersJson: __, ...record }) => record),
    lastChangeSeq: first.roomLastChangeSeq,
    members: membersFromJson(page.roomId, first.roomMembersJson),
  };
}

/** Messages after `afterSeq`, oldest first, one extra to detect more. */
export function findAfter(
  db: Executor,
  roomId: string,
  afterSeq: number,
  limit: number,
): Promise<MessageRecord[]> {
  return pageAfterQuery(db).execute({ roomId, afterSeq, limit: limit + 1 });
}

/** Messages at or before `maxSeq` changed in (sinceChange, upToChange], in change order, one extra. */
export function findChanges(
  db: Executor,
  roomId: string,
  range: { sinceChange: number; upToChange: number; maxSeq: number },
  limit: number,
): Promise<MessageRecord[]> {
  return selectMessageRecords(db)
    .where(
      and(
        eq(messages.roomId, roomId),
        gt(messages.changeSeq, range.sinceChange),
        lte(messages.changeSeq, range.upToChange),
        lte(messages.seq, range.maxSeq),
      ),
    )
    .orderBy(asc(messages.changeSeq))
    .limit(limit + 1);
}

// A thread's pages walk `messages_reply_idx` (reply_to_id, seq): prepared like history's, since
// a thread panel pages as a room does.

const repliesBeforeQuery = preparedPerHandle((db: Executor) =>
  selectMessageRecords(db)
    .where(
      and(
        eq(messages.replyToId, sql.placeholder('parentId')),
        lte(messages.seq, sql.placeholder('maxSeq')),
      ),
    )
    .orderBy(desc(messages.seq))
    .limit(sql.placeholder('limit'))
    .prepare('thread_page_before'),
);

const repliesAfterQuery = preparedPerHandle((db: Executor) =>
  selectMessageRecords(db)
    .where(
      and(
        eq(messages.replyToId, sql.placeholder('parentId')),
        gt(messages.seq, sql.placeholder('afterSeq')),
      ),
    )
    .orderBy(asc(messages.seq))
    .limit(sql.placeholder('limit'))
    .prepare('thread_page_after'),
);

/** Replies to a message older than `beforeSeq` (or the newest), newest first, one extra. */
export function findRepliesBefore(
  db: Executor,
  parentId: string,
  beforeSeq: number | undefined,
  limit: number,
): Promise<MessageRecord[]> {
  const maxSeq = beforeSeq === undefined ? SEQ_MAX : beforeSeq - 1;
  return repliesBeforeQuery(db).execute({ parentId, maxSeq, limit: limit + 1 });
}

/** Replies to a message newer than `afterSeq`, oldest first, one extra. */
export function findRepliesAfter(
  db: Executor,
  parentId: string,
  afterSeq: number,
  limit: number,
): Promise<MessageRecord[]> {
  return repliesAfterQuery(db).execute({ parentId, afterSeq, limit: limit + 1 });
}
