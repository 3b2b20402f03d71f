import { sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { rawRows } from '../db/raw-rows.js';

/**
 * A conversation whose visitor has agent replies to be told of: unread, not yet emailed, the
 * oldest of them older than the delay. `upToSeq` is the newest of those replies.
 */
export interface DueConversation {
  roomId: string;
  emailedSeq: number;
  upToSeq: number;
  visitorEmail: string;
  visitorName: string;
  siteName: string;
  linkToken: string;
}

/** One agent reply as the visitor will be told of it. */
export interface UnreadReply {
  seq: number;
  authorName: string;
  content: string;
  type: 'text' | 'image' | 'file';
  createdAt: Date;
}

/**
 * Conversations due an email, oldest waiting reply first. The scan is bounded: support rooms
 * active since `activeSince` (a partial index on `rooms (last_activity_at)` for support rooms),
 * whose visitor left an email and whose last seq is past both marks; `skip` leaves out those
 * waiting to retry a failed send.
 */
export async function findDueConversations(
  db: Executor,
  options: { dueBefore: Date; activeSince: Date; limit: number; skip: readonly string[] },
): Promise<DueConversation[]> {
  const result = await db.execute(sql`
    SELECT sc.room_id, sc.emailed_seq, due.up_to_seq, sc.link_token,
           v.email, u.display_name, s.name AS site_name
    FROM rooms r
    JOIN support_conversations sc ON sc.room_id = r.id
    JOIN visitors v ON v.user_id = sc.visitor_id
    JOIN users u ON u.id = sc.visitor_id
    JOIN sites s ON s.id = sc.site_id
    JOIN room_members rm ON rm.room_id = sc.room_id AND rm.user_id = sc.visitor_id
    -- The replies to tell of: not the visitor's own, not deleted, after the visitor's read mark,
    -- the last reply emailed and the last a push told them of. (Private notes are not messages.)
    CROSS JOIN LATERAL (
      SELECT max(m.seq) AS up_to_seq, min(m.created_at) AS oldest
      FROM messages m
      WHERE m.room_id = sc.room_id AND m.sender_id <> sc.visitor_id AND m.deleted_at IS NULL
        AND m.seq > GREATEST(sc.emailed_seq, rm.last_read_seq, rm.notified_seq)
    ) due
    WHERE r.type = 'support' AND r.last_activity_at > ${options.activeSince.toISOString()}
      AND v.email IS NOT NULL
      AND r.last_seq > GREATEST(sc.emailed_seq, rm.last_read_seq, rm.notified_seq)
      AND due.oldest <= ${options.dueBefore.toISOString()}
      AND NOT (sc.room_id = ANY(${sql.param([...options.skip])}::text[]))
    ORDER BY due.oldest
    LIMIT ${options.limit}`);
  return rawRows<{
    room_id: string;
    emailed_seq: number;
    up_to_seq: number;
    link_token: string;
    email: string;
    display_name: string;
    site_name: string;
  }>(result).map((row) => ({
    roomId: row.room_id,
    emailedSeq: Number(row.emailed_seq),
    upToSeq: Number(row.up_to_seq),
    visitorEmail: row.email,
    visitorName: row.display_name,
    siteName: row.site_name,
    linkToken: row.link_token,
  }));
}

/**
 * Claims a conversation's replies up to `upToSeq` for one sender: true only for the one caller
 * (of any node, of any overlapping pass) that moved the mark from the value it read.
 */
export async function claimReplies(
  db: Executor,
  roomId: string,
  from: number,
  upToSeq: number,
): Promise<boolean> {
  const result = await db.execute(sql`
    UPDATE support_conversations SET emailed_seq = ${upToSeq}
    WHERE room_id = ${roomId} AND emailed_seq = ${from}
    RETURNING room_id`);
  return rawRows(result).length > 0;
}

/** Gives a claim back after a failed send (unless a newer claim moved the mark since). */
export async function releaseReplies(
  db: Executor,
  roomId: string,
  from: number,
  upToSeq: number,
): Promise<void> {
  await db.execute(sql`
    UPDATE support_conversations SET emailed_seq = ${from}
    WHERE room_id = ${roomId} AND emailed_seq = ${upToSeq}`);
}

/**
 * The claimed replies the visitor has still not read, oldest first, at most `limit` (an email
 * is not a transcript), and how many there are in all. Read after the claim: a reply deleted or
 * read meanwhile is left out.
 */
export async function findClaimedReplies(
  db: Executor,
  roomId: string,
  range: { after: number; upTo: number; limit: number },
): Promise<{ replies: UnreadReply[]; total: number }> {
  const result = await db.execute(sql`
    SELECT m.seq, m.content, m.type, m.created_at, author.display_name, count(*) OVER () AS total
    FROM support_conversations sc
    JOIN room_members rm ON rm.room_id = sc.room_id AND rm.user_id = sc.visitor_id
    JOIN messages m ON m.room_id = sc.room_id
    JOIN users author ON author.id = m.sender_id
    WHERE sc.room_id = ${roomId}
      AND m.seq > GREATEST(${range.after}::int, rm.last_read_seq, rm.notified_seq)
      AND m.seq <= ${range.upTo}
      AND m.sender_id <> sc.visitor_id AND m.deleted_at IS NULL
    ORDER BY m.seq
    LIMIT ${range.limit}`);
  const rows = rawRows<{
    seq: number;
    content: string;
    type: UnreadReply['type'];
    created_at: Date | string;
    display_name: string;
    total: number | string;
  }>(result);
  return {
    replies: rows.map((row) => ({
      seq: Number(row.seq),
      authorName: row.display_name,
      content: row.content,
      type: row.type,
      createdAt: new Date(row.created_at),
    })),
    total: Number(rows[0]?.total ?? 0),
  };
}
