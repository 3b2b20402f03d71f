-- Group commit across nodes without deadlocks: the same append_messages as 0004 (0002's header
-- says what it guarantees), taking its locks in one order that every batch of every node shares.
-- Before, the UPDATE of the rooms locked them in whatever order its plan met them (hash order,
-- heap order), so two nodes' batches sending into the same rooms could each hold a room the
-- other waited for: PostgreSQL aborted one (40P01) and the node ran it again. Now:
-- - the batch's rooms are locked first, in id order (FOR NO KEY UPDATE: the lock the UPDATE
--   takes anyway, which does not stop inserts referencing the room), so two batches meet at their
--   first common room and the second waits there holding no room the first still needs;
-- - the rows are inserted in (sender_id, client_id) order, the only other thing one batch can
--   wait on another for: a (sender_id, client_id) another batch inserted and has not committed
--   (the same clientId sent to two rooms through two nodes); rooms, then keys, both ascending,
--   leave no cycle to close.
-- The rest reads after the locks are held (a PL/pgSQL statement takes a fresh snapshot), so a
-- resend another node committed while this batch waited for its room is seen as stored and left
-- out, instead of failing the batch on the unique key.
CREATE OR REPLACE FUNCTION append_messages(
  p_ids text[], p_room_ids text[], p_sender_ids text[], p_client_ids text[],
  p_types text[], p_contents text[], p_reply_to_ids text[], p_created_ats timestamptz[]
) RETURNS TABLE (id text, seq integer, display_name text, avatar_url text)
LANGUAGE plpgsql AS $fn$
#variable_conflict use_column
BEGIN
  PERFORM FROM rooms r WHERE r.id = ANY (p_room_ids) ORDER BY r.id FOR NO KEY UPDATE;
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
      ORDER BY sender_id, client_id
      RETURNING id, seq, sender_id
    )
    SELECT ins.id, ins.seq, u.display_name, u.avatar_url
    FROM inserted ins JOIN users u ON u.id = ins.sender_id;
END
$fn$;
