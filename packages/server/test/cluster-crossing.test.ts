import type { Conversation, Message } from '@natter/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addMember, disconnection, login, removeMember } from './helpers/authz-helpers.js';
import { caughtUp, messageBarrier } from './helpers/barrier.js';
import type { ClientSocket, TestUser } from './helpers/clients.js';
import {
  connect,
  createDirectRoom,
  createGroupRoom,
  http,
  nextEvent,
  ok,
  recordEvents,
  registerUser,
  request,
} from './helpers/clients.js';
import type { TestCluster } from './helpers/cluster.js';
import { clusterCanRun, startCluster } from './helpers/cluster.js';
import { connectReady, loadPage, sendOk } from './helpers/message-helpers.js';
import { addAgent, createSite, registerAdmin, startVisitor } from './helpers/support-helpers.js';
import { startTcpProxy } from './helpers/tcp-proxy.js';
import type { TestServer } from './helpers/test-server.js';
import { startTestServer } from './helpers/test-server.js';

/**
 * Issue #12, "everything crosses nodes": three nodes on one PostgreSQL and one Redis, each test's
 * users spread over them. Absences are proven with barriers that cross the same nodes.
 */

/** A started cluster of three nodes, and sockets opened on them, closed after each test. */
function useCluster(adapter: 'pubsub' | 'streams') {
  let cluster: TestCluster | undefined;
  const open: ClientSocket[] = [];
  const nodes = (): [TestServer, TestServer, TestServer] => {
    const [a, b, c] = cluster?.nodes ?? [];
    if (!a || !b || !c) throw new Error('the cluster is not started yet');
    return [a, b, c];
  };
  beforeAll(async () => {
    cluster = await startCluster({ nodes: 3, adapter });
  });
  afterEach(() => {
    for (const socket of open.splice(0)) socket.close();
  });
  afterAll(() => cluster?.close());
  return {
    nodes,
    cluster(): TestCluster {
      if (!cluster) throw new Error('the cluster is not started yet');
      return cluster;
    },
    /** A ready socket of `user` on `node`. */
    async socketOn(node: TestServer, user: Pick<TestUser, 'token'>): Promise<ClientSocket> {
      const socket = await connectReady(node.url, user.token);
      open.push(socket);
      return socket;
    },
    /** A visitor's socket (visitors may not ask presence, so no readiness round trip). */
    async visitorSocketOn(node: TestServer, token: string): Promise<ClientSocket> {
      const socket = await connect(node.url, token);
      open.push(socket);
      return socket;
    },
  };
}

const inRoom = (roomId: string) => (m: { roomId: string }) => m.roomId === roomId;

describe.skipIf(!clusterCanRun).each(['pubsub', 'streams'] as const)(
  'messages across nodes (%s adapter)',
  (adapter) => {
    const t = useCluster(adapter);

    it('a message, its edit and its delete reach every member on every node exactly once', async () => {
      const [a, b, c] = t.nodes();
      const [alice, bob, carol] = await Promise.all(
        ['alice', 'bob', 'carol'].map((p) => registerUser(a.url, p)),
      );
      if (!alice || !bob || !carol) throw new Error('registration failed');
      const room = await createGroupRoom(a.url, alice.token, [bob.user.id, carol.user.id]);
      const aliceOnA = await t.socketOn(a, alice);
      const bobOnB = await t.socketOn(b, bob);
      const carolOnC = await t.socketOn(c, carol);
      // Alice's second device, on another node than the one she sends on.
      const aliceOnC = await t.socketOn(c, alice);
      const everyone = [aliceOnA, bobOnB, carolOnC, aliceOnC];
      const records = everyone.map((socket) => ({
        created: recordEvents(socket, 'message:new'),
        updated: recordEvents(socket, 'message:updated'),
        deleted: recordEvents(socket, 'message:deleted'),
      }));

      const fromAlice = await sendOk(aliceOnA, room.id, 'from node A');
      ok(
        await request(aliceOnA, 'message:edit', {
          messageId: fromAlice.id,
          content: 'edited on A',
        }),
      );
      ok(await request(aliceOnA, 'message:delete', { messageId: fromAlice.id }));
      const fromCarol = await sendOk(carolOnC, room.id, 'from node C');
      // Each sender's later marker reaches every node after what that sender's node published.
      await messageBarrier(aliceOnA, room.id, ...everyone);
      await messageBarrier(carolOnC, room.id, ...everyone);

      for (const { created, updated, deleted } of records) {
        const ids = created.seen.map((m) => m.id);
        expect(ids.filter((id) => id === fromAlice.id)).toHaveLength(1);
        expect(ids.filter((id) => id === fromCarol.id)).toHaveLength(1);
        expect(updated.seen.map((m) => [m.id, m.content])).toEqual([[fromAlice.id, 'edited on A']]);
        expect(deleted.seen).toEqual([
          { roomId: room.id, messageId: fromAlice.id, deletedAt: expect.any(String) },
        ]);
      }
    });
  },
);

describe.skipIf(!clusterCanRun)('everything else crosses nodes (pubsub adapter)', () => {
  const t = useCluster('pubsub');

  /** Fresh users, registered through the first node. */
  async function users(...prefixes: string[]): Promise<TestUser[]> {
    const [a] = t.nodes();
    return Promise.all(prefixes.map((prefix) => registerUser(a.url, prefix)));
  }

  it('typing starts and stops across nodes', async () => {
    const [a, b] = t.nodes();
    const [alice, bob] = await users('alice', 'bob');
    if (!alice || !bob) throw new Error('registration failed');
    const room = await createDirectRoom(a.url, alice.token, bob.user.id);
    const aliceOnA = await t.socketOn(a, alice);
    const bobOnB = await t.socketOn(b, bob);

    const started = nextEvent(aliceOnA, 'typing:update', (u) => u.isTyping);
    bobOnB.emit('typing:start', { roomId: room.id });
    expect(await started).toEqual({ roomId: room.id, userId: bob.user.id, isTyping: true });
    const stopped = nextEvent(aliceOnA, 'typing:update', (u) => !u.isTyping);
    bobOnB.emit('typing:stop', { roomId: room.id });
    expect(await stopped).toEqual({ roomId: room.id, userId: bob.user.id, isTyping: false });
  });

  it('the nodes of the recipients mark delivery, and the sender on another node is told', async () => {
    const [a, b, c] = t.nodes();
    const [alice, bob, carol] = await users('alice', 'bob', 'carol');
    if (!alice || !bob || !carol) throw new Error('registration failed');
    const room = await createGroupRoom(a.url, alice.token, [bob.user.id, carol.user.id]);
    const aliceOnA = await t.socketOn(a, alice);
    await t.socketOn(b, bob);
    await t.socketOn(c, carol);

    const deliveredTo = (userId: string) =>
      nextEvent(aliceOnA, 'messages:delivered:update', (u) => u.userId === userId);
    const toBob = deliveredTo(bob.user.id);
    const toCarol = deliveredTo(carol.user.id);
    const sent = await sendOk(aliceOnA, room.id, 'did you get it?');
    expect(await toBob).toEqual({ roomId: room.id, userId: bob.user.id, upToSeq: sent.seq });
    expect(await toCarol).toEqual({ roomId: room.id, userId: carol.user.id, upToSeq: sent.seq });

    const { receipts } = await loadPage(aliceOnA, room.id);
    for (const member of [bob, carol]) {
      expect(receipts.find((r) => r.userId === member.user.id)?.lastDeliveredSeq).toBe(sent.seq);
    }
  });

  it('a read receipt given on one node reaches the sender on another', async () => {
    const [a, b] = t.nodes();
    const [alice, bob] = await users('alice', 'bob');
    if (!alice || !bob) throw new Error('registration failed');
    const room = await createDirectRoom(a.url, alice.token, bob.user.id);
    const aliceOnA = await t.socketOn(a, alice);
    const bobOnB = await t.socketOn(b, bob);
    const sent = await sendOk(aliceOnA, room.id, 'read me');

    const read = nextEvent(aliceOnA, 'messages:read:update');
    ok(await request(bobOnB, 'messages:read', { roomId: room.id, upToMessageId: sent.id }));
    expect(await read).toEqual({
      roomId: room.id,
      userId: bob.user.id,
      upToMessageId: sent.id,
      upToSeq: sent.seq,
    });
  });

  it('a read given on one node shows in the next page and sync loaded on another', async () => {
    const [a, b] = t.nodes();
    const [alice, bob] = await users('alice', 'bob');
    if (!alice || !bob) throw new Error('registration failed');
    const room = await createDirectRoom(a.url, alice.token, bob.user.id);
    const aliceOnA = await t.socketOn(a, alice);
    const bobOnB = await t.socketOn(b, bob);
    const sent = await sendOk(aliceOnA, room.id, 'read me later');
    // A page loaded before the read: were marks kept on node a, this is what would go stale.
    expect((await loadPage(aliceOnA, room.id)).messages.at(-1)?.status).not.toBe('read');

    const read = nextEvent(aliceOnA, 'messages:read:update');
    ok(await request(bobOnB, 'messages:read', { roomId: room.id, upToMessageId: sent.id }));
    await read;
    const bobsMarks = { userId: bob.user.id, lastReadSeq: sent.seq, lastDeliveredSeq: sent.seq };
    const page = await loadPage(aliceOnA, room.id);
    expect(page.messages.at(-1)?.status).toBe('read');
    expect(page.receipts).toContainEqual(bobsMarks);
    const [synced] = ok(
      await request(aliceOnA, 'messages:sync', { rooms: [{ roomId: room.id, afterSeq: 0 }] }),
    ).rooms;
    expect(synced?.messages.at(-1)?.status).toBe('read');
    expect(synced?.receipts).toContainEqual(bobsMarks);
  });

  it('a member added on one node receives on every node as soon as the response is in', async () => {
    const [a, b, c] = t.nodes();
    const [alice, carol, dave] = await users('alice', 'carol', 'dave');
    if (!alice || !carol || !dave) throw new Error('registration failed');
    const room = await createGroupRoom(a.url, alice.token, [carol.user.id]);
    const carolOnC = await t.socketOn(c, carol);
    // Dave is online on the node that adds him and on another one.
    const daveSockets = [await t.socketOn(a, dave), await t.socketOn(b, dave)];
    const seenByDave = daveSockets.map((socket) => recordEvents(socket, 'message:new'));
    const welcomed = daveSockets.map((socket) =>
      nextEvent(socket, 'message:new', (m) => m.content === 'welcome, Dave'),
    );

    await addMember(a.url, alice.token, room.id, dave.user.id);
    // No wait: the next message, sent through a third node, must find Dave's sockets joined.
    const welcome = await sendOk(carolOnC, room.id, 'welcome, Dave');

    for (const [i, arrival] of welcomed.entries()) {
      expect((await arrival).id).toBe(welcome.id);
      // The line announcing him came first, on the adding node too (joined there at once).
      const inThisRoom = seenByDave[i]?.seen.filter(inRoom(room.id)) ?? [];
      expect(inThisRoom.map((m: Message) => m.event?.kind ?? m.content)).toEqual([
        'member_added',
        'welcome, Dave',
      ]);
    }
  });

  it('a member removed on one node gets room:removed everywhere and nothing sent after', async () => {
    const [a, b, c] = t.nodes();
    const [alice, carol, dave] = await users('alice', 'carol', 'dave');
    if (!alice || !carol || !dave) throw new Error('registration failed');
    const room = await createGroupRoom(a.url, alice.token, [carol.user.id, dave.user.id]);
    // Carol's direct room with Dave carries the barrier: it is sent after, through the same node.
    const direct = await createDirectRoom(a.url, carol.token, dave.user.id);
    const carolOnC = await t.socketOn(c, carol);
    const daveSockets = [await t.socketOn(a, dave), await t.socketOn(b, dave)];
    const seenByDave = daveSockets.map((socket) => recordEvents(socket, 'message:new'));
    const told = daveSockets.map((socket) => nextEvent(socket, 'room:removed', inRoom(room.id)));

    await removeMember(a.url, alice.token, room.id, dave.user.id);
    await sendOk(carolOnC, room.id, 'Dave is gone');
    await messageBarrier(carolOnC, direct.id, ...daveSockets);

    for (const [i, removal] of told.entries()) {
      expect(await removal).toEqual({ roomId: room.id, reason: 'removed' });
      // Not even the line saying he was removed: he was out of the channel before it went out.
      expect(seenByDave[i]?.seen.filter(inRoom(room.id))).toEqual([]);
    }
  });

  it('a removal is not answered before Redis has it: a message sent after the answer misses the removed', async () => {
    const [a, b, c] = t.nodes();
    const { redis, databaseUrl } = t.cluster();
    // A fourth node, whose messages to Redis the test can hold up on the way.
    const link = await startTcpProxy(redis.url);
    const held = await startTestServer({
      databaseUrl,
      redis: { url: link.url, keyPrefix: 'natter:', adapter: 'pubsub' },
    });
    try {
      const [alice, carol, dave] = await users('alice', 'carol', 'dave');
      if (!alice || !carol || !dave) throw new Error('registration failed');
      const room = await createGroupRoom(a.url, alice.token, [carol.user.id, dave.user.id]);
      const direct = await createDirectRoom(a.url, carol.token, dave.user.id);
      const carolOnC = await t.socketOn(c, carol);
      const daveOnB = await t.socketOn(b, dave);
      const seenByDave = recordEvents(daveOnB, 'message:new');

      link.freeze('up');
      let answered = false;
      const removal = removeMember(held.url, alice.token, room.id, dave.user.id).then(() => {
        answered = true;
      });
      const sentAfterAnswer = removal.then(() => sendOk(carolOnC, room.id, 'after the answer'));
      // The removal's request to the other nodes is stuck between its node and Redis.
      await link.holding('socket.io-request');
      // The node has handled later I/O: an answer that does not wait for Redis is out by now, and
      // the message sent after it overtakes the stuck removal. An answer that waits is not out.
      await http(held.url, 'GET', '/healthz');
      if (answered) await sentAfterAnswer;
      link.thaw();
      await sentAfterAnswer;
      await messageBarrier(carolOnC, direct.id, daveOnB);

      expect(seenByDave.seen.filter(inRoom(room.id))).toEqual([]);
    } finally {
      await held.close();
      await link.close();
    }
  });

  describe('signing out disconnects sockets on every node', () => {
    /** Waits for each socket to be disconnected by the server (listening starts at once). */
    const disconnectedByServer = (sockets: ClientSocket[]) =>
      Promise.all(sockets.map((socket) => disconnection(socket, 5000))).then((reasons) =>
        expect(reasons).toEqual(sockets.map(() => 'io server disconnect')),
      );

    /** A user with two sessions: the registration's, and a login's. */
    async function userWithTwoSessions(): Promise<{ user: TestUser; otherToken: string }> {
      const [a] = t.nodes();
      const [user] = await users('multi');
      if (!user) throw new Error('registration failed');
      return { user, otherToken: await login(a.url, user) };
    }

    it('logout closes the session’s sockets on every node, and no other session’s', async () => {
      const [a, b, c] = t.nodes();
      const { user, otherToken } = await userWithTwoSessions();
      const leaving = [await t.socketOn(b, user), await t.socketOn(c, user)];
      const staying = await t.socketOn(b, { token: otherToken });
      const gone = disconnectedByServer(leaving);

      expect((await http(a.url, 'POST', '/api/auth/logout', { token: user.token })).status).toBe(
        204,
      );
      await gone;
      // Node B handled the logout in one pass over its sockets, the one staying included.
      await caughtUp(staying);
      expect(staying.connected).toBe(true);
    });

    it('sign out everywhere closes all of the user’s sockets on every node', async () => {
      const [a, b, c] = t.nodes();
      const { user, otherToken } = await userWithTwoSessions();
      const [bystander] = await users('bystander');
      if (!bystander) throw new Error('registration failed');
      const gone = [
        await t.socketOn(b, user),
        await t.socketOn(c, { token: otherToken }),
        await t.socketOn(c, user),
      ];
      const staying = await t.socketOn(c, bystander);
      const disconnected = disconnectedByServer(gone);

      const res = await http(a.url, 'POST', '/api/auth/logout-all', { token: user.token });
      expect(res.status).toBe(204);
      await disconnected;
      await caughtUp(staying);
      expect(staying.connected).toBe(true);
    });

    it('a password change closes the other sessions’ sockets on every node, not its own', async () => {
      const [a, b, c] = t.nodes();
      const { user, otherToken } = await userWithTwoSessions();
      const others = [
        await t.socketOn(b, { token: otherToken }),
        await t.socketOn(c, { token: otherToken }),
      ];
      const own = await t.socketOn(b, user);
      const disconnected = disconnectedByServer(others);

      const res = await http(a.url, 'POST', '/api/me/password', {
        token: user.token,
        body: { currentPassword: user.password, newPassword: 'a brand new password 42' },
      });
      expect(res.status).toBe(204);
      await disconnected;
      await caughtUp(own);
      expect(own.connected).toBe(true);
    });
  });

  it('a visitor on one node and agents on others see each other, and agents see the conversation change', async () => {
    const [a, b, c] = t.nodes();
    const admin = await registerAdmin(a);
    const site = await createSite(a, admin);
    const [ann, ben] = await users('ann', 'ben');
    if (!ann || !ben) throw new Error('registration failed');
    await addAgent(a, admin, site.id, ann.user.id);
    await addAgent(a, admin, site.id, ben.user.id);
    const annOnB = await t.socketOn(b, ann);
    const benOnC = await t.socketOn(c, ben);

    // The conversation opens on node A: the agents' sockets elsewhere join it from there.
    const annTold = nextEvent(annOnB, 'room:new', (r) => r.type === 'support');
    const visitor = await startVisitor(a, site);
    const roomId = visitor.room.id;
    expect((await annTold).id).toBe(roomId);
    const visitorOnA = await t.visitorSocketOn(a, visitor.token);

    const question = (socket: ClientSocket) =>
      nextEvent(socket, 'message:new', (m) => m.content === 'Where is my order?');
    const asked = [question(annOnB), question(benOnC)];
    await sendOk(visitorOnA, roomId, 'Where is my order?');
    await Promise.all(asked);

    const claimed = nextEvent(benOnC, 'conversation:updated', (u) => u.roomId === roomId);
    const claim = await http<{ conversation: Conversation }>(
      b.url,
      'POST',
      `/api/support/conversations/${roomId}/claim`,
      { token: ann.token },
    );
    expect(claim.status).toBe(200);
    expect((await claimed).assigneeId).toBe(ann.user.id);

    const answer = (socket: ClientSocket) =>
      nextEvent(socket, 'message:new', (m) => m.content === 'On its way');
    const answered = [answer(visitorOnA), answer(benOnC)];
    await sendOk(annOnB, roomId, 'On its way');
    await Promise.all(answered);
  });
});
