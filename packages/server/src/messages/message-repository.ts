import type { MessageType } from '@natter/protocol';
import { and, asc, desc, eq, gt, lt, lte, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { rawRows } from '../db/raw-rows.js';
import { messages, roomMembers, rooms, users } from '../db/schema.js';
import type { MessageRecord } from './message-presenter.js';
import { messageRecordColumns } from './message-presenter.js';

const selectRecords = (db: Executor) =>
  db.select(messageRecordColumns).from(messages).innerJoin(users, eq(users.id, messages.senderId));

export async function findMessage(
  db: Executor,
  messageId: string,
): Promise<MessageRecord | undefined> {
  const [row] = await selectRecords(db).where(eq(messages.id, messageId)).limit(1);
  return row;
}

export async function findByClientId(
  db: Executor,
  senderId: string,
  clientId: string,
): Promise<MessageRecord | undefined> {
  const [row] = await selectRecords(db)
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

/** The room's counters, if `userId` is a member: the membership check and the cursors in one read. */
export async function findRoomStateForMember(db: Executor, roomId: string, userId: string) {
  const [row] = await db
    .select({ lastSeq: rooms.lastSeq, lastChangeSeq: rooms.lastChangeSeq })
    .from(rooms)
    .innerJoin(roomMembers, and(eq(roomMembers.roomId, rooms.id), eq(roomMembers.userId, userId)))
    .where(eq(rooms.id, roomId))
    .limit(1);
  return row;
}

/** What `appendMessage` needs to store a message; `id` and `createdAt` are chosen by the caller. */
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

/** The unique key that makes a (sender, clientId) pair a resend. */
const SENDER_CLIENT_KEY = 'messages_sender_client_key';

/** True when an error is the database refusing a second message with the same (sender, clientId). */
export function isDuplicateClientId(error: unknown): boolean {
  for (let e = error; e; e = (e as { cause?: unknown }).cause) {
    const { code, constraint, message } = e as {
      code?: string;
      constraint?: string;
      message?: string;
    };
    if (
      code === '23505' &&
      (constraint === SENDER_CLIENT_KEY || message?.includes(SENDER_CLIENT_KEY))
    )
      return true;
    if (typeof e !== 'object') break;
  }
  return false;
}

/**
 * Stores a message with the room's next seq in ONE statement (one round trip, one commit): the
 * seq counter's `UPDATE … RETURNING` (which checks membership and `replyTo`) feeds the `INSERT`.
 * The statement is atomic, so:
 * - not a member, or `replyTo` not in the room: no row, nothing taken (undefined is returned);
 * - (sender, clientId) exists: the unique key fails the whole statement, the seq included
 *   (`isDuplicateClientId` recognises the error);
 * - otherwise the room row stays locked until commit, so seqs commit in order, gapless.
 * It answers with the seq and the sender's current profile, so the caller can present the
 * message without reading it back.
 */
export async function appendMessage(
  db: Executor,
  m: NewMessage,
): Promise<{ seq: number; senderDisplayName: string; senderAvatarUrl: string | null } | undefined> {
  const result = await db.execute(sql`
    WITH next AS (
      UPDATE ${rooms} SET last_seq = last_seq + 1, last_activity_at = ${m.createdAt}
      WHERE id = ${m.roomId}
        AND EXISTS (SELECT 1 FROM ${roomMembers} WHERE room_id = ${m.roomId} AND user_id = ${m.senderId})
        AND (${m.replyToId}::text IS NULL
             OR EXISTS (SELECT 1 FROM ${messages} WHERE id = ${m.replyToId} AND room_id = ${m.roomId}))
      RETURNING last_seq
    ), inserted AS (
      INSERT INTO ${messages} (id, room_id, seq, sender_id, client_id, type, content, reply_to_id, created_at)
      SELECT ${m.id}, ${m.roomId}, next.last_seq, ${m.senderId}, ${m.clientId}, ${m.type}, ${m.content},
             ${m.replyToId}, ${m.createdAt}
      FROM next
      RETURNING seq
    )
    SELECT inserted.seq, u.display_name, u.avatar_url
    FROM inserted JOIN ${users} u ON u.id = ${m.senderId}`);
  const [row] = rawRows<{ seq: number; display_name: string; avatar_url: string | null }>(result);
  return row
    ? { seq: Number(row.seq), senderDisplayName: row.display_name, senderAvatarUrl: row.avatar_url }
    : undefined;
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

/** A page of history older than `beforeSeq` (or the newest), newest first, one extra to detect more. */
export function findPageBefore(
  db: Executor,
  roomId: string,
  beforeSeq: number | undefined,
  limit: number,
): Promise<MessageRecord[]> {
  return selectRecords(db)
    .where(
      and(
        eq(messages.roomId, roomId),
        beforeSeq === undefined ? undefined : lt(messages.seq, beforeSeq),
      ),
    )
    .orderBy(desc(messages.seq))
    .limit(limit + 1);
}

/** Messages after `afterSeq`, oldest first, one extra to detect more. */
export function findAfter(
  db: Executor,
  roomId: string,
  afterSeq: number,
  limit: number,
): Promise<MessageRecord[]> {
  return selectRecords(db)
    .where(and(eq(messages.roomId, roomId), gt(messages.seq, afterSeq)))
    .orderBy(asc(messages.seq))
    .limit(limit + 1);
}

/** Messages at or before `maxSeq` changed in (sinceChange, upToChange], in change order, one extra. */
export function findChanges(
  db: Executor,
  roomId: string,
  range: { sinceChange: number; upToChange: number; maxSeq: number },
  limit: number,
): Promise<MessageRecord[]> {
  return selectRecords(db)
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
