import { sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { rawRows } from '../db/raw-rows.js';
import { messages, roomMembers } from '../db/schema.js';

/** A member has read their room up to one of its messages. */
export interface ReadMark {
  roomId: string;
  userId: string;
  upToMessageId: string;
}

/** What writing a read mark found. */
export type ReadMarkOutcome =
  | { kind: 'not_member' }
  /** `upToMessageId` is no message of this room. */
  | { kind: 'no_such_message' }
  /** The mark was already there or beyond: nothing to tell. */
  | { kind: 'unmoved' }
  /** `seq`: the new read mark; `deliveredBefore`: the delivered mark as the statement found it. */
  | { kind: 'moved'; seq: number; deliveredBefore: number };

/**
 * Moves a member's read mark up to a message of their room (never back), in one round trip that
 * also answers why it did not: the membership check, the message's seq and the write are one
 * statement, whose parts all see the same snapshot (`deliveredBefore` is the row before it).
 * `raiseDelivered`: a read delivers too, so the delivered mark follows in the same write; false
 * leaves that to the caller (a large room's delivery marks, which go to the senders concerned).
 */
export async function writeReadMark(
  db: Executor,
  mark: ReadMark,
  raiseDelivered: boolean,
): Promise<ReadMarkOutcome> {
  const { roomId, userId, upToMessageId } = mark;
  const delivered = raiseDelivered
    ? sql`GREATEST(rm.last_delivered_seq, target.seq)`
    : sql`rm.last_delivered_seq`;
  const result = await db.execute(sql`
    WITH member AS (
      SELECT last_delivered_seq FROM ${roomMembers}
      WHERE room_id = ${roomId} AND user_id = ${userId}
    ), target AS (
      SELECT seq FROM ${messages} WHERE id = ${upToMessageId} AND room_id = ${roomId}
    ), moved AS (
      UPDATE ${roomMembers} AS rm SET last_read_seq = target.seq, last_delivered_seq = ${delivered}
      FROM target
      WHERE rm.room_id = ${roomId} AND rm.user_id = ${userId} AND rm.last_read_seq < target.seq
      RETURNING rm.last_read_seq AS seq
    )
    SELECT EXISTS (SELECT 1 FROM member) AS is_member, EXISTS (SELECT 1 FROM target) AS found,
           (SELECT seq FROM moved) AS seq, (SELECT last_delivered_seq FROM member) AS delivered_before`);
  const [row] = rawRows<{
    is_member: boolean;
    found: boolean;
    seq: number | null;
    delivered_before: number | null;
  }>(result);
  if (!row?.is_member) return { kind: 'not_member' };
  if (!row.found) return { kind: 'no_such_message' };
  if (row.seq === null) return { kind: 'unmoved' };
  return { kind: 'moved', seq: Number(row.seq), deliveredBefore: Number(row.delivered_before) };
}
