import { sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { rawRows } from '../db/raw-rows.js';
import { messages, roomMembers } from '../db/schema.js';

/** A member's device has received the room's messages up to `seq`. */
export interface DeliveryMark {
  roomId: string;
  userId: string;
  seq: number;
}

/** A delivered mark that moved, and who needs to hear of it. */
export interface MovedDeliveryMark extends DeliveryMark {
  /**
   * Who is told: the users whose messages it may change the status of (the senders, other than
   * the mark's owner, of messages between the old mark and the new); `undefined`: the whole room.
   */
  audience: string[] | undefined;
}

/**
 * A large room's marks moving over more seqs than this are told to the whole room instead of
 * looking up the senders (a member back after a long absence would make that a long scan).
 */
const MAX_SPAN_FOR_SENDERS = 1000;

/** The marks as a relation `v(room_id, user_id, seq)`: three array parameters, whatever their number. */
function markValues(marks: readonly DeliveryMark[]) {
  return sql`unnest(${sql.param(marks.map((m) => m.roomId))}::text[],
                    ${sql.param(marks.map((m) => m.userId))}::text[],
                    ${sql.param(marks.map((m) => m.seq))}::int[]) AS v(room_id, user_id, seq)`;
}

/**
 * Raises the members' delivered marks (never lowers one) in one statement and answers the marks
 * that moved, each to be told to its whole room.
 */
export async function writeDeliveryMarks(
  db: Executor,
  marks: readonly DeliveryMark[],
): Promise<MovedDeliveryMark[]> {
  const result = await db.execute(sql`
    UPDATE ${roomMembers} AS rm SET last_delivered_seq = v.seq
    FROM ${markValues(marks)}
    WHERE rm.room_id = v.room_id AND rm.user_id = v.user_id AND rm.last_delivered_seq < v.seq
    RETURNING rm.room_id, rm.user_id, rm.last_delivered_seq AS seq`);
  return rawRows<{ room_id: string; user_id: string; seq: number }>(result).map((row) => ({
    roomId: row.room_id,
    userId: row.user_id,
    seq: Number(row.seq),
    audience: undefined,
  }));
}

/**
 * `writeDeliveryMarks` for large rooms: each mark that moved goes only to the senders of the
 * messages it covers. A message's status as its sender sees it depends on the *other* members'
 * marks alone, so in a room of _n_ members online a flush costs a few packets per mark instead
 * of _n_ (the audience is a superset whenever the statement saw a stale old mark). Other members'
 * views of each other's statuses catch up at their next load or sync, which carry every member's
 * marks.
 */
export async function writeDeliveryMarksToSenders(
  db: Executor,
  marks: readonly DeliveryMark[],
): Promise<MovedDeliveryMark[]> {
  const result = await db.execute(sql`
    WITH moved AS (
      UPDATE ${roomMembers} AS rm SET last_delivered_seq = v.seq
      FROM ${markValues(marks)}, ${roomMembers} AS old
      WHERE rm.room_id = v.room_id AND rm.user_id = v.user_id AND rm.last_delivered_seq < v.seq
        AND old.room_id = rm.room_id AND old.user_id = rm.user_id
      RETURNING rm.room_id, rm.user_id, rm.last_delivered_seq AS seq,
                old.last_delivered_seq AS previous
    ), spans AS (
      SELECT room_id, min(previous) AS low, max(seq) AS high FROM moved GROUP BY room_id
    ), senders AS (
      SELECT s.room_id, m.sender_id, min(m.seq) AS first_seq, max(m.seq) AS last_seq
      FROM spans s
      JOIN ${messages} m ON m.room_id = s.room_id AND m.seq > s.low AND m.seq <= s.high
      WHERE s.high - s.low <= ${MAX_SPAN_FOR_SENDERS}
      GROUP BY s.room_id, m.sender_id
    )
    SELECT mv.room_id, mv.user_id, mv.seq,
      CASE WHEN s.high - s.low > ${MAX_SPAN_FOR_SENDERS} THEN NULL
      ELSE ARRAY(SELECT sd.sender_id FROM senders sd
                 WHERE sd.room_id = mv.room_id AND sd.sender_id <> mv.user_id
                   AND sd.last_seq > mv.previous AND sd.first_seq <= mv.seq)
      END AS audience
    FROM moved mv JOIN spans s ON s.room_id = mv.room_id`);
  return rawRows<{ room_id: string; user_id: string; seq: number; audience: string[] | null }>(
    result,
  ).map((row) => ({
    roomId: row.room_id,
    userId: row.user_id,
    seq: Number(row.seq),
    audience: row.audience ?? undefined,
  }));
}
