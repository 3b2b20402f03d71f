import type { MessageType } from '@natter/protocol';
import { SEQ_MAX } from '@natter/protocol';
import { and, asc, desc, eq, gt, lte, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { preparedPerHandle } from '../db/prepared.js';
import { rawRows } from '../db/raw-rows.js';
import { messages, roomMembers, rooms, users } from '../db/schema.js';
import type { MessageRecord } from './message-presenter.js';
import { messageRecordColumns } from './message-presenter.js';
import { findRoomStateForMember } from '../membership/membership.js';
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
    .select({ ...messageRecordColumns, roomLastChangeSeq: rooms.lastChangeSeq })
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

/** What the database chose for a stored message, and its sender's current profile. */
export interface AppendedMessage {
  seq: number;
  senderDisplayName: string;
  senderAvatarUrl: string | null;
}

/** The unique key that makes a (sender, clientId) pair a resend. */
const SENDER_CLIENT_KEY = 'messages_sender_client_key';

/** True when an error is the database refusing a second message with the same (sender, clientId). */
export function isDuplicateClientId(error: unknown): boolean {
  return isUniqueViolation(error, SENDER_CLIENT_KEY);
}

/**
 * Stores a batch of messages, in any number of rooms, in ONE statement (one round trip, one
 * commit), the database function `append_messages` (migrations 0002, 0004 and 0010 hold the SQL): each
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
    SELECT id, seq, display_name, avatar_url FROM append_messages(
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
  }>(result);
  return new Map(
    rows.map((row) => [
      row.id,
      {
        seq: Number(row.seq),
        senderDisplayName: row.display_name,
        senderAvatarUrl: row.avatar_url,
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

export async function updateMessage(
  tx: Executor,
  messageId: string,
  changes: { content: string; changeSeq: number; editedAt?: Date; deletedAt?: Date },
): Promise<void> {
  await tx.update(messages).set(changes).where(eq(messages.id, messageId));
}

/** Locks a message row for an edit or delete, so two changes to it apply one after the other. */
export async function lockMessage(tx: Executor, messageId: string) {
  const [row] = await tx
    .select({ id: messages.id })
    .from(messages)
    .where(eq(messages.id, messageId))
    .for('update');
  return row;
}

/**
 * A page of history for a member: messages older than `beforeSeq` (or the newest), newest first,
 * one extra to detect more, with the room's change cursor read in the same snapshot — or
 * undefined if `userId` is not a member. One round trip when there are messages; only an empty
 * page asks about the membership again.
 */
export async function findPageForMember(
  db: Executor,
  page: { roomId: string; userId: string; beforeSeq: number | undefined; limit: number },
): Promise<{ records: MessageRecord[]; lastChangeSeq: number } | undefined> {
  const rows = await pageForMemberQuery(db).execute({
    roomId: page.roomId,
    userId: page.userId,
    maxSeq: page.beforeSeq === undefined ? SEQ_MAX : page.beforeSeq - 1,
    limit: page.limit + 1,
  });
  const [first] = rows;
  if (!first) {
    const state = await findRoomStateForMember(db, page.roomId, page.userId);
    return state && { records: [], lastChangeSeq: state.lastChangeSeq };
  }
  return {
    records: rows.map(({ roomLastChangeSeq: _, ...record }) => record),
    lastChangeSeq: first.roomLastChangeSeq,
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
