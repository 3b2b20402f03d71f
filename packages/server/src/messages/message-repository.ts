import type { MessageType } from '@natter/protocol';
import { and, asc, desc, eq, gt, lt, lte, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
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

/**
 * Takes the room's next seq, if `senderId` is a member. The row lock it takes serialises sends
 * in one room until commit, so seqs commit in order and without gaps.
 */
export async function takeNextSeq(
  tx: Executor,
  roomId: string,
  senderId: string,
  at: Date,
): Promise<number | undefined> {
  const isMember = sql`EXISTS (SELECT 1 FROM ${roomMembers} WHERE ${roomMembers.roomId} = ${roomId} AND ${roomMembers.userId} = ${senderId})`;
  const [row] = await tx
    .update(rooms)
    .set({ lastSeq: sql`${rooms.lastSeq} + 1`, lastActivityAt: at })
    .where(and(eq(rooms.id, roomId), isMember))
    .returning({ seq: rooms.lastSeq });
  return row?.seq;
}

/** Inserts unless (sender, clientId) exists; undefined then: the caller rolls back and re-reads. */
export async function insertMessage(
  tx: Executor,
  message: {
    roomId: string;
    seq: number;
    senderId: string;
    clientId: string;
    type: MessageType;
    content: string;
    replyToId: string | null;
    createdAt: Date;
  },
): Promise<string | undefined> {
  const [row] = await tx
    .insert(messages)
    .values({ id: crypto.randomUUID(), ...message })
    .onConflictDoNothing({ target: [messages.senderId, messages.clientId] })
    .returning({ id: messages.id });
  return row?.id;
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
