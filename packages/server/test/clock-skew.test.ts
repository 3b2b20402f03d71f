import type { Message, Room } from '@natter/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ClientSocket } from './helpers/clients.js';
import { createDirectRoom, http, ok, registerUser, request, sendText } from './helpers/clients.js';
import { connectReady } from './helpers/message-helpers.js';
import type { TestServer } from './helpers/test-server.js';
import { startTestServer, testDriver } from './helpers/test-server.js';

const AN_HOUR = 3_600_000;

/**
 * Nodes' clocks drift apart, and a node's may be plain wrong. Messages are ordered by seq, and
 * timed by the database's clock (migration 0015), the one clock every node shares: a node whose
 * clock is an hour behind still gives a later message a later time, and its room a later last
 * activity. The node here runs in the test's process, whose `Date` is set back while it sends.
 * PostgreSQL only: the embedded database runs in the node's process and reads its clock, which
 * is right there, as there is only one node.
 */
describe.skipIf(testDriver !== 'postgres')('a node whose clock is an hour behind', () => {
  let t: TestServer;
  const sockets: ClientSocket[] = [];
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterEach(() => vi.useRealTimers());
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await t?.close();
  });

  const time = (message: { createdAt: string }) => Date.parse(message.createdAt);

  it('times messages, edits and deletes by the database: a later seq is never earlier', async () => {
    const [alice, bob, carol] = await Promise.all([
      registerUser(t.url, 'alice'),
      registerUser(t.url, 'bob'),
      registerUser(t.url, 'carol'),
    ]);
    const withBob = await createDirectRoom(t.url, alice.token, bob.user.id);
    const withCarol = await createDirectRoom(t.url, alice.token, carol.user.id);
    const socket = await connectReady(t.url, alice.token);
    sockets.push(socket);
    const first = ok(await sendText(socket, withBob.id, 'on time')).message;

    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() - AN_HOUR });
    const second = ok(await sendText(socket, withBob.id, 'from the slow clock')).message;
    const elsewhere = ok(await sendText(socket, withCarol.id, 'in the other room')).message;
    const edited = ok(
      await request(socket, 'message:edit', { messageId: first.id, content: 'edited' }),
    ).message as Message;
    const deleted = ok(await request(socket, 'message:delete', { messageId: second.id }));
    vi.useRealTimers();

    expect(second.seq).toBe(first.seq + 1);
    expect(time(second)).toBeGreaterThanOrEqual(time(first));
    const now = Date.now();
    for (const at of [
      time(second),
      time(elsewhere),
      Date.parse(edited.editedAt ?? 'never'),
      Date.parse(deleted.deletedAt ?? 'never'),
    ]) {
      expect(Math.abs(now - at)).toBeLessThan(AN_HOUR / 2);
    }
    // The room written to last leads the list, whichever clock its node had.
    const { body } = await http<{ rooms: Room[] }>(t.url, 'GET', '/api/rooms', {
      token: alice.token,
    });
    expect(body.rooms.map((room) => room.id)).toEqual([withCarol.id, withBob.id]);
  });
});
