-- append_messages as in 0014 (0010's header says what it guarantees), with one change: a
-- message's time is the database's clock, read once the batch's rooms are locked, not the
-- node's. Nodes' clocks drift apart; the database's is one clock, so within a room a later seq
-- never has an earlier time (a room's next batch waits for this one's lock), whichever node
-- sent it, and a room's last activity is comparable across rooms. The time is returned with the
-- seq. Its arguments and return type changed, so the old function is dropped first.
DROP FUNCTION append_messages(text[], text[], text[], text[], text[], text[], text[], timestamptz[]);
--> statement-breakpoint
CREATE FUNCTION append_messages(
  p_ids text[], p_room_ids text[], p_sender_ids text[], p_client_ids text[],
  p_types text[], p_contents text[], p_reply_to_ids text[]
) RETURNS TABLE (id text, seq integer, created_at timestamptz, display_name text, avatar_url text,
                 mentions text[], room_mention text)
LANGUAGE plpgsql AS $fn$
#variable_conflict use_column
DECLARE
  v_now timestamptz;
BEGIN
  PERFORM FROM rooms r WHERE r.id = ANY (p_room_ids) ORDER BY r.id FOR NO KEY UPDATE;
  v_now := clock_timestamp();
  RETURN QUERY
    WITH input AS (
      SELECT * FROM unnest(p_ids, p_room_ids, p_sender_ids, p_client_ids, p_types, p_contents,
                           p_reply_to_ids) WITH ORDINALITY
        AS i(id, room_id, sender_id, client_id, type, content, reply_to_id, ord)
    ), accepted AS (
      SELECT DISTINCT ON (i.sender_id, i.client_id) i.*
      FROM input i
      WHERE EXISTS (SELECT 1 FROM room_members rm
                    WHERE rm.room_id = i.room_id AND rm.user_id = i.sender_id)
        AND NOT EXISTS (SELECT 1 FROM rooms dr
                        JOIN room_members o ON o.room_id = dr.id AND o.user_id <> i.sender_id
                        JOIN user_blocks b ON b.blocker_id = o.user_id AND b.blocked_id = i.sender_id
                        WHERE dr.id = i.room_id AND dr.type = 'direct')
        AND (i.reply_to_id IS NULL OR EXISTS (SELECT 1 FROM messages r
                                              WHERE r.id = i.reply_to_id AND r.room_id = i.room_id))
        AND NOT EXISTS (SELECT 1 FROM messages d
                        WHERE d.sender_id = i.sender_id AND d.client_id = i.client_id)
      ORDER BY i.sender_id, i.client_id, i.ord
    ), counts AS (
      SELECT room_id, count(*)::int AS n,
             count(DISTINCT reply_to_id)::int AS parents
      FROM accepted GROUP BY room_id
    ), bumped AS (
      UPDATE rooms r SET last_seq = r.last_seq + c.n, last_activity_at = v_now,
                         last_change_seq = r.last_change_seq + c.parents
      FROM counts c WHERE r.id = c.room_id
      RETURNING r.id, r.last_seq - c.n AS base, r.last_change_seq - c.parents AS change_base
    ), numbered AS (
      SELECT a.*, (b.base + row_number() OVER (PARTITION BY a.room_id ORDER BY a.ord))::int AS seq
      FROM accepted a JOIN bumped b ON b.id = a.room_id
    ), replied AS (
      SELECT a.room_id, a.reply_to_id, count(*)::int AS n,
             row_number() OVER (PARTITION BY a.room_id ORDER BY a.reply_to_id)::int AS nth
      FROM accepted a WHERE a.reply_to_id IS NOT NULL GROUP BY a.room_id, a.reply_to_id
    ), parents_counted AS (
      UPDATE messages p SET reply_count = p.reply_count + rp.n, change_seq = b.change_base + rp.nth
      FROM replied rp JOIN bumped b ON b.id = rp.room_id
      WHERE p.id = rp.reply_to_id
    ), inserted AS (
      INSERT INTO messages (id, room_id, seq, sender_id, client_id, type, content, reply_to_id,
                            created_at, mentions, room_mention)
      SELECT n.id, n.room_id, n.seq, n.sender_id, n.client_id, n.type, n.content, n.reply_to_id,
             v_now,
             CASE WHEN n.type <> 'system' AND strpos(n.content, '@') > 0
                  THEN message_mentions(n.room_id, n.sender_id, n.content) END,
             CASE WHEN n.type <> 'system' AND strpos(n.content, '@') > 0
                  THEN message_room_mention(n.room_id, n.sender_id, n.content) END
      FROM numbered n
      ORDER BY n.sender_id, n.client_id
      RETURNING id, seq, created_at, sender_id, mentions, room_mention
    )
    SELECT ins.id, ins.seq, ins.created_at, u.display_name, u.avatar_url, ins.mentions,
           ins.room_mention
    FROM inserted ins JOIN users u ON u.id = ins.sender_id;
END
$fn$;
