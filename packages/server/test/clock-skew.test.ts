import type { Message } from '@natter/protocol';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ClientSocket } from './helpers/clients.js';
import { createGroupRoom, http, ok, registerUser, request, sendText } from './helpers/clients.js';
import { connectReady } from './helpers/message-helpers.js';
import type { TestServer } from './helpers/test-server.js';
import { startTestServer, testDriver } from './helpers/test-server.js';

const AN_HOUR = 3_600_000;

/**
 * Nodes' clocks drift apart, and a node's may be plain wrong. Messages are ordered by seq and
 * timed on the database's clock, the one every node shares (db/database-clock.ts): a node whose
 * clock is an hour behind still stamps what it stores with the database's time. The node runs
 * in the test's process, whose `Date` is an hour behind for the whole file. PostgreSQL only: the
 * embedded database runs in the node's process and reads the same (wrong) clock, and there is
 * only ever one node then.
 */
describe.skipIf(testDriver !== 'postgres')('a node whose clock is an hour behind', () => {
  let t: TestServer;
  let socket: ClientSocket | undefined;
  beforeAll(async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() - AN_HOUR });
    t = await startTestServer();
  });
  afterAll(async () => {
    socket?.close();
    await t?.close();
    vi.useRealTimers();
  });

  /** How far a time the server gave is from the true time, in ms. */
  const offTrue = (at: string | undefined) =>
    Math.abs(vi.getRealSystemTime() - Date.parse(at ?? ''));

  it("times messages, edits, deletes and the room's own lines by the database's clock", async () => {
    const [alice, bob, carol] = await Promise.all([
      registerUser(t.url, 'alice'),
      registerUser(t.url, 'bob'),
      registerUser(t.url, 'carol'),
    ]);
    const room = await createGroupRoom(t.url, alice.token, [bob.user.id]);
    socket = await connectReady(t.url, alice.token);
    const sent = ok(await sendText(socket, room.id, 'on time')).message;
    const edited = ok(
      await request(socket, 'message:edit', { messageId: sent.id, content: 'edited' }),
    ).message as Message;
    const other = ok(await sendText(socket, room.id, 'to be deleted')).message;
    const deleted = ok(await request(socket, 'message:delete', { messageId: other.id }));
    const added = await http(t.url, 'POST', `/api/rooms/${room.id}/members`, {
      token: alice.token,
      body: { userId: carol.user.id },
    });
    expect(added.status).toBeLessThan(300);
    const page = ok(await request(socket, 'messages:load', { roomId: room.id, limit: 10 }));
    const line = page.messages.find((m) => m.type === 'system' && m.seq > other.seq);

    // An hour off without the database's clock; within a few seconds with it.
    for (const at of [sent.createdAt, edited.editedAt, deleted.deletedAt, line?.createdAt]) {
      expect(offTrue(at)).toBeLessThan(60_000);
    }
  });
});
