/**
 * The naive baseline, written the way the classic tutorials do it (for the benchmark only):
 * look the token up on connect, join the user's rooms, then per message: a membership query,
 * a single-row INSERT … RETURNING, an ack and a broadcast. History pages by createdAt.
 * Env: PORT, DATABASE_URL.
 */
import { createServer } from 'node:http';
import pg from 'pg';
import { Server } from 'socket.io';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const http = createServer();
const io = new Server(http, { serveClient: false });

/** @param {Record<string, unknown>} row */
const present = (row) => ({
  id: row.id,
  roomId: row.room_id,
  senderId: row.sender_id,
  clientId: row.client_id,
  type: 'text',
  content: row.content,
  status: 'sent',
  createdAt: /** @type {Date} */ (row.created_at).toISOString(),
});

io.use(async (socket, next) => {
  const { rows } = await pool.query('SELECT user_id FROM sessions WHERE token = $1', [
    socket.handshake.auth.token,
  ]);
  if (!rows[0]) return next(new Error('unauthorized'));
  socket.data.userId = rows[0].user_id;
  next();
});

io.on('connection', async (socket) => {
  /** @type {string} */
  const userId = socket.data.userId;

  socket.on('message:send', async (input, ack) => {
    try {
      const member = await pool.query(
        'SELECT 1 FROM room_members WHERE room_id = $1 AND user_id = $2',
        [input.roomId, userId],
      );
      if (member.rowCount === 0) return ack({ ok: false, error: { code: 'forbidden' } });
      const inserted = await pool.query(
        'INSERT INTO messages (room_id, sender_id, client_id, content) VALUES ($1, $2, $3, $4) RETURNING *',
        [input.roomId, userId, input.clientId, input.content],
      );
      const message = present(inserted.rows[0]);
      ack({ ok: true, message, clientId: input.clientId });
      io.to(`room:${input.roomId}`).emit('message:new', message);
    } catch (error) {
      ack({ ok: false, error: { code: 'internal', message: String(error) } });
    }
  });

  socket.on('messages:load', async (input, ack) => {
    try {
      const limit = input.limit ?? 50;
      // Two statements, as a tutorial writes them (one with `$2 IS NULL OR …` defeats the index).
      const { rows } = input.before
        ? await pool.query(
            'SELECT * FROM messages WHERE room_id = $1 AND created_at < $2 ORDER BY created_at DESC LIMIT $3',
            [input.roomId, input.before, limit + 1],
          )
        : await pool.query(
            'SELECT * FROM messages WHERE room_id = $1 ORDER BY created_at DESC LIMIT $2',
            [input.roomId, limit + 1],
          );
      const page = rows.slice(0, limit).reverse().map(present);
      ack({
        ok: true,
        messages: page,
        hasMore: rows.length > limit,
        nextCursor: page[0]?.createdAt,
      });
    } catch (error) {
      ack({ ok: false, error: { code: 'internal', message: String(error) } });
    }
  });

  // Handlers first, then the rooms: an event sent right after connecting is not dropped.
  const { rows } = await pool.query('SELECT room_id FROM room_members WHERE user_id = $1', [
    userId,
  ]);
  socket.join(rows.map((r) => `room:${r.room_id}`));
});

http.listen(Number(process.env.PORT), '127.0.0.1');
