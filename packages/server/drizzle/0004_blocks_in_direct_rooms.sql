-- Blocks reach the group commit of sends: a user blocked by the other member of a direct room
-- cannot write in it. The same append_messages as 0002 (whose header says what it guarantees),
-- with one more condition on each input row: it is not a send into a direct room whose other
-- member blocks the sender (user_blocks, migration 0003). Per row it costs a primary-key look-up
-- of the room, and only a direct room goes on to probe user_blocks. The caller explains a
-- refusal (`MessageService.explainRefusal`).
--
-- Each input row is kept only if its sender is a member of its room, its reply_to_id (if any)
-- is a message of that room, and its (sender_id, client_id) is neither stored already nor taken
-- by an earlier row of the batch. Each room's counter moves once by its number of kept rows,
-- which take consecutive seqs in input order; the room row stays locked until commit, so seqs
-- commit in order and gapless. A (sender_id, client_id) committed concurrently after this looked
-- fails the call on the unique key: the caller runs it again.
CREATE OR REPLACE FUNCTION append_messages(
  p_ids text[], p_room_ids text[], p_sender_ids text[], p_client_ids text[],
  p_types text[], p_contents text[], p_reply_to_ids text[], p_created_ats timestamptz[]
) RETURNS TABLE (id text, seq integer, display_name text, avatar_url text)
LANGUAGE plpgsql AS $fn$
#variable_conflict use_column
BEGIN
  RETURN QUERY
    WITH input AS (
      SELECT * FROM unnest(p_ids, p_room_ids, p_sender_ids, p_client_ids, p_types, p_contents,
                           p_reply_to_ids, p_created_ats) WITH ORDINALITY
        AS i(id, room_id, sender_id, client_id, type, content, reply_to_id, created_at, ord)
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
      SELECT room_id, count(*)::int AS n, max(created_at) AS last_at FROM accepted GROUP BY room_id
    ), bumped AS (
      UPDATE rooms r SET last_seq = r.last_seq + c.n, last_activity_at = c.last_at
      FROM counts c WHERE r.id = c.room_id
      RETURNING r.id, r.last_seq - c.n AS base
    ), numbered AS (
      SELECT a.*, (b.base + row_number() OVER (PARTITION BY a.room_id ORDER BY a.ord))::int AS seq
      FROM accepted a JOIN bumped b ON b.id = a.room_id
    ), inserted AS (
      INSERT INTO messages (id, room_id, seq, sender_id, client_id, type, content, reply_to_id, created_at)
      SELECT id, room_id, seq, sender_id, client_id, type, content, reply_to_id, created_at
      FROM numbered
      RETURNING id, seq, sender_id
    )
    SELECT ins.id, ins.seq, u.display_name, u.avatar_url
    FROM inserted ins JOIN users u ON u.id = ins.sender_id;
END
$fn$;
