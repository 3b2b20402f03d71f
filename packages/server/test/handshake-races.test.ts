import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { hashToken } from '../src/auth/session-store.js';
import { sessions } from '../src/db/schema.js';
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
import { closeSocket, connectReady, eventually } from './helpers/message-helpers.js';
import { lockSessionOfToken } from './helpers/row-locks.js';
import type { TestServer } from './helpers/test-server.js';
import { startTestServer, testDriver } from './helpers/test-server.js';

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

/**
 * Changes made while a handshake is held in its window: after its read, before the socket joins
 * its channels. Its session is due for its idle-clock bump, and the test holds the session's row,
 * so the handshake waits on the bump. PostgreSQL only (a row lock of the test's own).
 */
describe.skipIf(testDriver !== 'postgres')('a change made in the handshake window', () => {
  let t: TestServer;
  let owner: TestUser;
  let ownerSocket: ClientSocket;
  const open: ClientSocket[] = [];
  beforeAll(async () => {
    t = await startTestServer();
    owner = await registerUser(t.url, 'wown');
    ownerSocket = await connectReady(t.url, owner.token);
  });
  afterAll(async () => {
    for (const socket of [ownerSocket, ...open]) socket.close();
    await t.close();
  });

  /** Connects `user` on a session of its own, with `change` made while the handshake waits. */
  async function connectWithChangeInWindow(
    user: TestUser,
    change: () => Promise<void>,
  ): Promise<ClientSocket> {
    const token = await login(t.url, user);
    await t.server.database.db
      .update(sessions)
      .set({ lastUsedAt: new Date(Date.now() - 24 * 3_600_000) })
      .where(eq(sessions.tokenHash, hashToken(token)));
    const lock = await lockSessionOfToken(inject('databaseUrl'), token);
    let connecting: Promise<ClientSocket>;
    try {
      connecting = connect(t.url, token);
      await eventually(async () => (await lock.waiters()) > 0);
      await change();
    } finally {
      await lock.release();
    }
    const socket = await connecting;
    open.push(socket);
    // Acked requests wait for the socket's set-up: after this, its channels are settled.
    ok(await request(socket, 'presence:get', { userIds: [] }));
    return socket;
  }

  it('a member removed in the window gets nothing more from the room', async () => {
    const member = await registerUser(t.url, 'wrem');
    const marker = await createGroupRoom(t.url, owner.token, [member.user.id], 'marker');
    const room = await createGroupRoom(t.url, owner.token, [member.user.id], 'left');
    const socket = await connectWithChangeInWindow(member, () =>
      removeMember(t.url, owner.token, room.id, member.user.id),
    );
    const seen = watchEvents(socket, ['message:new']);
    const barrier = nextEvent(socket, 'message:new', (m) => m.roomId === marker.id);
    ok(await sendText(ownerSocket, room.id, 'after the removal'));
    ok(await sendText(ownerSocket, marker.id, 'barrier'));
    await barrier;
    seen.stop();
    expect(seen.seen.map((e) => (e.payload as Message).roomId)).toEqual([marker.id]);
  });

  it('a block made in the window keeps the blocker offline for the one they blocked, and their typing away', async () => {
    const [blocker, blocked] = await Promise.all(
      ['wblk', 'wbkd'].map((prefix) => registerUser(t.url, prefix)),
    );
    if (!blocker || !blocked) throw new Error('registering failed');
    const room = await createGroupRoom(t.url, owner.token, [blocker.user.id, blocked.user.id]);
    const blockedSocket = await connectReady(t.url, blocked.token);
    open.push(blockedSocket);
    const seen = watchEvents(blockedSocket, ['presence:update']);
    const blockerSocket = await connectWithChangeInWindow(blocker, async () => {
      const block = await http(t.url, 'PUT', `/api/users/${blocked.user.id}/block`, {
        token: blocker.token,
      });
      expect(block.status).toBe(204);
    });
    const typing = watchEvents(blockerSocket, ['typing:update']);
    blockedSocket.emit('typing:start', { roomId: room.id });
    // Presence was announced before that request was served, typing before this message.
    const barriers = [blockedSocket, blockerSocket].map((socket) =>
      nextEvent(socket, 'message:new', (m) => m.roomId === room.id),
    );
    ok(await sendText(ownerSocket, room.id, 'barrier'));
    await Promise.all(barriers);
    seen.stop();
    typing.stop();
    expect(typing.seen).toEqual([]);
    const aboutBlocker = seen.seen
      .map((e) => e.payload as { userId: string; online: boolean })
      .filter((presence) => presence.userId === blocker.user.id);
    expect(aboutBlocker.map((presence) => presence.online)).toEqual([false]);
  });
});
