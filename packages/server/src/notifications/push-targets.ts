import { sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { rawRows } from '../db/raw-rows.js';
import { mentionOf, passesMute } from './mute-rule.js';
import type { PushNews } from './push-payload.js';

/** A message worth a push; `userId` narrows it to one recipient (a collapse window's due push). */
export interface PushCandidate {
  messageId: string;
  userId?: string | undefined;
}

/** One device to push one message to. */
export interface PushTarget {
  userId: string;
  subscription: { id: string; endpoint: string; p256dh: string; auth: string };
  news: PushNews;
}

/**
 * Who should hear of these messages, per device: members with a push subscription, whose mute
 * lets the message through (mute-rule.ts: a muted room's mentions of them still do), who did not
 * write the message, have not read up to it, of a message not deleted since. When several
 * candidates of a room qualify for a member, only one counts: the newest that mentions them, else
 * the newest (a burst's notification says "mentioned you" if anything in it did). One
 * query for a whole pass, whatever the number of rooms; with what the payload needs (sender,
 * room, and the support link for the room's visitor).
 */
export async function findPushTargets(
  db: Executor,
  candidates: readonly PushCandidate[],
): Promise<PushTarget[]> {
  if (candidates.length === 0) return [];
  const list = sql.join(
    candidates.map((c) => sql`(${c.messageId}::text, ${c.userId ?? null}::text)`),
    sql`, `,
  );
  const result = await db.execute(sql`
    SELECT DISTINCT ON (ps.id, m.room_id)
           rm.user_id, ps.id AS subscription_id, ps.endpoint, ps.p256dh, ps.auth,
           m.room_id, r.type AS room_type, r.name AS room_name, m.id AS message_id, m.seq,
           m.type, m.content, su.display_name AS sender_name, su.avatar_url AS sender_avatar_url,
           sc.link_token, ${mentionOf('m', 'rm')} AS mention
    FROM (VALUES ${list}) AS c(message_id, user_id)
    JOIN messages m ON m.id = c.message_id AND m.deleted_at IS NULL
    JOIN rooms r ON r.id = m.room_id
    JOIN users su ON su.id = m.sender_id
    JOIN room_members rm ON rm.room_id = m.room_id
      AND rm.user_id <> m.sender_id AND rm.last_read_seq < m.seq AND ${passesMute('m', 'rm')}
      AND (c.user_id IS NULL OR rm.user_id = c.user_id)
    JOIN push_subscriptions ps ON ps.user_id = rm.user_id
    LEFT JOIN support_conversations sc ON sc.room_id = m.room_id AND sc.visitor_id = rm.user_id
    ORDER BY ps.id, m.room_id, ${mentionOf('m', 'rm')} IS NULL, m.seq DESC`);
  return rawRows<{
    user_id: string;
    subscription_id: string;
    endpoint: string;
    p256dh: string;
    auth: string;
    room_id: string;
    room_type: PushNews['roomType'];
    room_name: string | null;
    message_id: string;
    seq: number;
    type: PushNews['type'];
    content: string;
    sender_name: string;
    sender_avatar_url: string | null;
    link_token: string | null;
    mention: PushNews['mention'];
  }>(result).map((row) => ({
    userId: row.user_id,
    subscription: {
      id: row.subscription_id,
      endpoint: row.endpoint,
      p256dh: row.p256dh,
      auth: row.auth,
    },
    news: {
      roomId: row.room_id,
      roomType: row.room_type,
      roomName: row.room_name,
      messageId: row.message_id,
      seq: Number(row.seq),
      type: row.type,
      content: row.content,
      senderName: row.sender_name,
      senderAvatarUrl: row.sender_avatar_url,
      visitorLinkToken: row.link_token,
      mention: row.mention,
    },
  }));
}
