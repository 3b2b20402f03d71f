import { sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { rawRows } from '../db/raw-rows.js';
import { groupBy } from '../util/group-by.js';
import { passesMute } from './mute-rule.js';

/**
 * One room of a user with messages due an email: by others, not deleted, past both the read mark
 * and `notified_seq` (what a push or an earlier email told), the oldest older than the delay.
 * `fromSeq` is `notified_seq` as read; `upToSeq` the newest due message.
 */
export interface DueRoom {
  roomId: string;
  fromSeq: number;
  upToSeq: number;
}

/** A user due an email, with every room of theirs that has something to tell. */
export interface DueRecipient {
  userId: string;
  email: string;
  displayName: string;
  rooms: DueRoom[];
}

/** One missed message as the email quotes it. */
export interface MissedMessage {
  seq: number;
  authorName: string;
  content: string;
  type: 'text' | 'image' | 'file';
}

/** A claimed room as the email shows it: its name for the reader, and what they missed there. */
export interface MissedRoom {
  roomId: string;
  roomName: string;
  /** The first messages, oldest first, at most the limit asked for. */
  messages: MissedMessage[];
  /** How many missed messages the room has in all (`messages` may quote fewer). */
  total: number;
}

/**
 * Users due a missed-message email, oldest waiting message first, at most `limit` of them, each
 * with all their due rooms. The scan is bounded: it starts from the partial index of users who
 * turned the email on (`users_email_missed_idx`), walks their memberships (`room_members_user_idx`)
 * to rooms active since `activeSince` whose last seq is past both marks, and only then reads
 * messages, by `(room_id, seq)` from the higher mark on. System lines, the user's own and deleted
 * messages are never due, nor what their mute keeps out (mute-rule.ts: a muted room's mentions of
 * them still are, unless they muted those too); `skip` leaves out users waiting to retry.
 */
export async function findDueRecipients(
  db: Executor,
  options: { dueBefore: Date; activeSince: Date; limit: number; skip: readonly string[] },
): Promise<DueRecipient[]> {
  const result = await db.execute(sql`
    WITH due AS (
      SELECT rm.user_id, rm.room_id, rm.notified_seq, d.up_to_seq, d.oldest
      FROM users u
      JOIN room_members rm ON rm.user_id = u.id
      JOIN rooms r ON r.id = rm.room_id
      CROSS JOIN LATERAL (
        SELECT max(m.seq) AS up_to_seq, min(m.created_at) AS oldest
        FROM messages m
        WHERE m.room_id = rm.room_id AND m.seq > GREATEST(rm.notified_seq, rm.last_read_seq)
          AND m.sender_id <> rm.user_id AND m.deleted_at IS NULL AND m.type <> 'system'
          AND ${passesMute('m', 'rm')}
          AND m.created_at <= ${options.dueBefore.toISOString()}
          AND m.created_at > ${options.activeSince.toISOString()}
      ) d
      WHERE u.email_missed AND u.email IS NOT NULL AND u.kind = 'user'
        AND NOT (u.id = ANY(${sql.param([...options.skip])}::text[]))
        AND NOT (rm.muted AND rm.mentions_muted)
        AND r.last_activity_at > ${options.activeSince.toISOString()}
        AND r.last_seq > GREATEST(rm.notified_seq, rm.last_read_seq)
        AND d.up_to_seq IS NOT NULL
    ),
    chosen AS (
      SELECT user_id, min(oldest) AS oldest FROM due GROUP BY user_id ORDER BY 2 LIMIT ${options.limit}
    )
    SELECT due.user_id, due.room_id, due.notified_seq, due.up_to_seq, u.email, u.display_name
    FROM due
    JOIN chosen ON chosen.user_id = due.user_id
    JOIN users u ON u.id = due.user_id
    ORDER BY chosen.oldest, due.user_id, due.oldest`);
  const rows = rawRows<{
    user_id: string;
    room_id: string;
    notified_seq: number;
    up_to_seq: number;
    email: string;
    display_name: string;
  }>(result);
  // Rows come grouped by user, longest waiting first: the map keeps that order.
  return [...groupBy(rows, (row) => row.user_id).values()].flatMap((userRows) => {
    const first = userRows[0];
    if (!first) return [];
    return {
      userId: first.user_id,
      email: first.email,
      displayName: first.display_name,
      rooms: userRows.map((row) => ({
        roomId: row.room_id,
        fromSeq: Number(row.notified_seq),
        upToSeq: Number(row.up_to_seq),
      })),
    };
  });
}

/** The rooms as three parallel arrays: one statement then handles them all through `unnest`. */
const roomArrays = (rooms: readonly DueRoom[]) => ({
  ids: sql.param(rooms.map((room) => room.roomId)),
  froms: sql.param(rooms.map((room) => room.fromSeq)),
  ups: sql.param(rooms.map((room) => room.upToSeq)),
});

/**
 * Claims a user's due rooms for one sender by moving each `notified_seq` from the value read to
 * `upToSeq`, in one conditional UPDATE. Answers the rooms this caller claimed: a room another
 * pass, node or push moved meanwhile is not among them.
 */
export async function claimRooms(
  db: Executor,
  userId: string,
  rooms: readonly DueRoom[],
): Promise<DueRoom[]> {
  const { ids, froms, ups } = roomArrays(rooms);
  const result = await db.execute(sql`
    UPDATE room_members rm SET notified_seq = v.up_to_seq
    FROM unnest(${ids}::text[], ${froms}::int[], ${ups}::int[]) AS v(room_id, from_seq, up_to_seq)
    WHERE rm.user_id = ${userId} AND rm.room_id = v.room_id AND rm.notified_seq = v.from_seq
    RETURNING rm.room_id`);
  const claimed = new Set(rawRows<{ room_id: string }>(result).map((row) => row.room_id));
  return rooms.filter((room) => claimed.has(room.roomId));
}

/**
 * Gives claims back after a failed send. A room whose mark moved past the claim since (a push
 * told newer messages) keeps the newer mark.
 */
export async function releaseRooms(
  db: Executor,
  userId: string,
  rooms: readonly DueRoom[],
): Promise<void> {
  const { ids, froms, ups } = roomArrays(rooms);
  await db.execute(sql`
    UPDATE room_members rm SET notified_seq = v.from_seq
    FROM unnest(${ids}::text[], ${froms}::int[], ${ups}::int[]) AS v(room_id, from_seq, up_to_seq)
    WHERE rm.user_id = ${userId} AND rm.room_id = v.room_id AND rm.notified_seq = v.up_to_seq`);
}

/**
 * What the claimed rooms hold that the user has still not read, read after the claim (a message
 * read, deleted or muted meanwhile is left out): per room its name as this user sees it (a
 * direct room is named after the other person), its first `perRoom` messages and its total.
 */
export async function findMissedMessages(
  db: Executor,
  userId: string,
  rooms: readonly DueRoom[],
  perRoom: number,
): Promise<MissedRoom[]> {
  const { ids, froms, ups } = roomArrays(rooms);
  const result = await db.execute(sql`
    SELECT * FROM (
      SELECT m.room_id, m.seq, m.content, m.type, author.display_name AS author_name,
        COALESCE(r.name, (
          SELECT other.display_name FROM room_members om JOIN users other ON other.id = om.user_id
          WHERE om.room_id = r.id AND om.user_id <> ${userId}
          ORDER BY om.joined_at LIMIT 1
        ), 'a conversation') AS room_name,
        row_number() OVER (PARTITION BY m.room_id ORDER BY m.seq) AS n,
        count(*) OVER (PARTITION BY m.room_id) AS total
      FROM unnest(${ids}::text[], ${froms}::int[], ${ups}::int[]) AS v(room_id, from_seq, up_to_seq)
      JOIN room_members rm ON rm.room_id = v.room_id AND rm.user_id = ${userId}
      JOIN rooms r ON r.id = v.room_id
      JOIN messages m ON m.room_id = v.room_id
        AND m.seq > GREATEST(v.from_seq, rm.last_read_seq) AND m.seq <= v.up_to_seq
      JOIN users author ON author.id = m.sender_id
      WHERE ${passesMute('m', 'rm')} AND m.sender_id <> ${userId} AND m.deleted_at IS NULL
        AND m.type <> 'system'
    ) missed
    WHERE n <= ${perRoom}
    ORDER BY room_id, seq`);
  const rows = rawRows<{
    room_id: string;
    seq: number;
    content: string;
    type: MissedMessage['type'];
    author_name: string;
    room_name: string;
    total: number | string;
  }>(result);
  const byRoom = groupBy(rows, (row) => row.room_id);
  // In the order the rooms were due (oldest waiting first); a room with nothing left is left out.
  return rooms.flatMap((room): MissedRoom[] => {
    const roomRows = byRoom.get(room.roomId) ?? [];
    const first = roomRows[0];
    if (!first) return [];
    return [
      {
        roomId: room.roomId,
        roomName: first.room_name,
        total: Number(first.total),
        messages: roomRows.map((row) => ({
          seq: Number(row.seq),
          authorName: row.author_name,
          content: row.content,
          type: row.type,
        })),
      },
    ];
  });
}
