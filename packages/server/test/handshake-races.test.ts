import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message } from '@natter/protocol';
import {
  connect,
  createGroupRoom,
  http,
  nextEvent,
  ok,
  registerUser,
  request,
  sendText,
} from './helpers/clients.js';
import type { ClientSocket, TestUser } from './helpers/clients.js';
import { addMember, login, removeMember, watchEvents } from './helpers/authz-helpers.js';
import { closeSocket, connectReady } from './helpers/message-helpers.js';
import type { TestServer } from './helpers/test-server.js';
import { startTestServer } from './helpers/test-server.js';

/** Enough rounds that the removal or logout lands inside the handshake's window in some of them. */
const ROUNDS = 30;

/** A connection attempt that settles either way: the socket, or undefined if it was refused. */
const tryConnecting = (url: string, token: string): Promise<ClientSocket | undefined> =>
  connect(url, token).catch(() => undefined);

describe('handshake races', () => {
  let t: TestServer;
  let owner: TestUser;
  let member: TestUser;
  let ownerSocket: ClientSocket;
  beforeAll(async () => {
    t = await startTestServer();
    owner = await registerUser(t.url, 'own');
    member = await registerUser(t.url, 'mem');
    ownerSocket = await connectReady(t.url, owner.token);
  });
  afterAll(async () => {
    ownerSocket.close();
    await t.close();
  });

  it('a member removed while a socket of theirs is mid-handshake gets nothing more from the room', async () => {
    // The marker room: the member stays in it, so its message is the barrier of every round.
    const marker = await createGroupRoom(t.url, owner.token, [member.user.id], 'marker');
    for (let round = 0; round < ROUNDS; round++) {
      const room = await createGroupRoom(t.url, owner.token, [member.user.id], `race ${round}`);
      const [socket] = await Promise.all([
        connect(t.url, member.token),
        removeMember(t.url, owner.token, room.id, member.user.id),
      ]);
      // Acked requests wait for the socket's set-up: after this, its channels are settled.
      ok(await request(socket, 'presence:get', { userIds: [] }));
      const seen = watchEvents(socket, ['message:new']);
      const barrier = nextEvent(socket, 'message:new', (m) => m.roomId === marker.id);
      ok(await sendText(ownerSocket, room.id, `after removal ${round}`));
      ok(await sendText(ownerSocket, marker.id, `barrier ${round}`));
      await barrier;
      seen.stop();
      const leaked = seen.seen.filter((e) => (e.payload as Message).roomId === room.id);
      expect(leaked, `round ${round}`).toEqual([]);
      await closeSocket(socket);
    }
  });

  it('a member added while a socket of theirs is mid-handshake gets the room’s messages', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const room = await createGroupRoom(t.url, owner.token, [], `join race ${round}`);
      const [socket] = await Promise.all([
        connect(t.url, member.token),
        addMember(t.url, owner.token, room.id, member.user.id),
      ]);
      ok(await request(socket, 'presence:get', { userIds: [] }));
      const arrived = nextEvent(socket, 'message:new', (m) => m.roomId === room.id);
      ok(await sendText(ownerSocket, room.id, `after joining ${round}`));
      await arrived;
      await closeSocket(socket);
    }
  });

  it('a logout landing mid-handshake never leaves a connected socket', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const token = await login(t.url, member);
      const [socket, logout] = await Promise.all([
        tryConnecting(t.url, token),
        http(t.url, 'POST', '/api/auth/logout', { token }),
      ]);
      expect(logout.status).toBe(204);
      if (!socket) continue; // refused at the door: fine
      // Either the server disconnects the socket, or it answers a request: the latter is the leak.
      const outcome = await Promise.race([
        new Promise<string>((resolve) => {
          if (socket.disconnected) resolve('disconnected');
          socket.once('disconnect', () => resolve('disconnected'));
        }),
        request(socket, 'presence:get', { userIds: [] }).then(
          () => 'answered',
          () => 'disconnected',
        ),
      ]);
      expect(outcome, `round ${round}`).toBe('disconnected');
      socket.close();
    }
  });
});
