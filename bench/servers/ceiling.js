/**
 * The ceiling baseline: a bare Socket.IO server relaying the benchmark's events to the same
 * rooms, with no auth (the token only names the user), no storage and no validation.
 * Env: PORT, BENCH_PLAN_FILE (JSON: token → { userId, roomIds }).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { Server } from 'socket.io';

/** @type {Record<string, { userId: string, roomIds: string[] }>} */
const plan = JSON.parse(readFileSync(String(process.env.BENCH_PLAN_FILE), 'utf8'));
/** @type {Map<string, number>} */
const seqs = new Map();

const http = createServer();
const io = new Server(http, { serveClient: false });

io.on('connection', (socket) => {
  const entry = plan[String(socket.handshake.auth.token)];
  if (!entry) return void socket.disconnect(true);
  socket.join(entry.roomIds.map((id) => `room:${id}`));
  socket.on('message:send', (input, ack) => {
    const seq = (seqs.get(input.roomId) ?? 0) + 1;
    seqs.set(input.roomId, seq);
    const message = {
      id: randomUUID(),
      roomId: input.roomId,
      seq,
      senderId: entry.userId,
      clientId: input.clientId,
      type: input.type,
      content: input.content,
      status: 'sent',
      createdAt: new Date().toISOString(),
    };
    ack({ ok: true, message, clientId: input.clientId });
    io.to(`room:${input.roomId}`).emit('message:new', message);
  });
});

http.listen(Number(process.env.PORT), '127.0.0.1');
