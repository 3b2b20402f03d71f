import type { Conversation, Presence } from '@natter/protocol';
import { describe, expect, it } from 'vitest';
import { caughtUp } from './helpers/barrier.js';
import type { ClientSocket, TestUser } from './helpers/clients.js';
import {
  connect,
  createDirectRoom,
  http,
  nextEvent,
  ok,
  recordEvents,
  request,
} from './helpers/clients.js';
import { clusterCanRun, useClusterPerTest } from './helpers/cluster.js';
import {
  closeSocket,
  connectReady,
  eventually,
  isIsoDate,
  registerUsers,
  sendOk,
} from './helpers/message-helpers.js';
import { startTcpProxy } from './helpers/tcp-proxy.js';
import { addAgent, createSite, registerAdmin, startVisitor } from './helpers/support-helpers.js';
import type { TestServer } from './helpers/test-server.js';
import { startTestServer } from './helpers/test-server.js';

/** Short enough for a test to wait for a dead node's lease to run out. */
const presenceLease = { leaseMs: 1500, renewMs: 250 };
/** Lease, a reaper's beat and the announcement, with room to spare on a busy machine. */
const REAPED_WITHIN_MS = 10_000;

const aboutUser = (userId: string) => (p: Presence) => p.userId === userId;

async function presenceOf(socket: ClientSocket, userIds: string[]): Promise<Presence[]> {
  return ok(await request(socket, 'presence:get', { userIds })).presence;
}

describe.skipIf(!clusterCanRun)('presence across nodes', () => {
  const { cluster, cleanups, sockets, start, peek } = useClusterPerTest({ presenceLease });
  const open = async (node: TestServer, user: TestUser) => {
    const socket = await connectReady(node.url, user.token);
    sockets.push(socket);
    return socket;
  };

  it('is online while a device on any node is connected, and offline once, when the last leaves', async () => {
    const [a, b, c] = (await start(3)) as [TestServer, TestServer, TestServer];
    const [alice, bob] = (await registerUsers(a.url, ['alice', 'bob'])) as [TestUser, TestUser];
    await createDirectRoom(a.url, alice.token, bob.user.id);
    const watcher = await open(b, bob);
    const bobSees = recordEvents(watcher, 'presence:update');

    const online = nextEvent(watcher, 'presence:update', aboutUser(alice.user.id));
    const first = await open(a, alice);
    expect(await online).toEqual({ userId: alice.user.id, online: true });
    expect(await presenceOf(watcher, [alice.user.id])).toEqual([
      { userId: alice.user.id, online: true },
    ]);

    const second = await open(c, alice);
    const redis = await peek();
    const aliceKey = `natter:presence:user:${alice.user.id}`;
    await eventually(async () => (await redis.hLen(aliceKey)) === 2);
    await closeSocket(first);
    // Node A has counted the first device out: Alice is still on node C.
    await eventually(async () => (await redis.hLen(aliceKey)) === 1);
    expect(await presenceOf(watcher, [alice.user.id])).toEqual([
      { userId: alice.user.id, online: true },
    ]);

    const offline = nextEvent(watcher, 'presence:update', aboutUser(alice.user.id));
    await closeSocket(second);
    const update = await offline;
    expect(update).toMatchObject({ userId: alice.user.id, online: false });
    expect(isIsoDate(update.lastSeenAt)).toBe(true);
    await caughtUp(watcher);
    expect(bobSees.seen.filter(aboutUser(alice.user.id)).map((p) => p.online)).toEqual([
      true,
      false,
    ]);
    expect(await presenceOf(watcher, [alice.user.id])).toEqual([
      { userId: alice.user.id, online: false, lastSeenAt: update.lastSeenAt },
    ]);
  });

  it('takes the users of a node that died without a goodbye offline after its lease, announced once', async () => {
    const [a, b] = (await start(2)) as [TestServer, TestServer];
    // The doomed node reaches Redis through a link the test cuts: from then on it can neither
    // renew its lease nor say goodbye, as if it had been killed.
    const link = await startTcpProxy(cluster().redis.url);
    const doomed = await startTestServer({
      databaseUrl: cluster().databaseUrl,
      redis: { url: link.url, keyPrefix: 'natter:', adapter: 'pubsub' },
      presenceLease,
    });
    cleanups.push(
      () => link.close(),
      () => doomed.close(),
    );
    const [alice, bob] = (await registerUsers(a.url, ['alice', 'bob'])) as [TestUser, TestUser];
    await createDirectRoom(a.url, alice.token, bob.user.id);
    const watcher = await open(b, bob);
    const online = nextEvent(watcher, 'presence:update', aboutUser(alice.user.id));
    await open(doomed, alice);
    expect((await online).online).toBe(true);

    const bobSees = recordEvents(watcher, 'presence:update');
    const offline = nextEvent(
      watcher,
      'presence:update',
      aboutUser(alice.user.id),
      REAPED_WITHIN_MS,
    );
    link.cut();
    const update = await offline;
    expect(update).toMatchObject({ userId: alice.user.id, online: false });
    expect(isIsoDate(update.lastSeenAt)).toBe(true);
    expect(await presenceOf(watcher, [alice.user.id])).toEqual([
      { userId: alice.user.id, online: false, lastSeenAt: update.lastSeenAt },
    ]);
    // Only the surviving nodes' leases are left, and a reaper's claim is atomic: one announcement.
    const redis = await peek();
    expect(await redis.zCard('natter:presence:nodes')).toBe(2);
    await caughtUp(watcher);
    expect(bobSees.seen.filter(aboutUser(alice.user.id))).toHaveLength(1);
  });

  it('answers from the node while Redis is down, and is right again once Redis is back', async () => {
    const [a, b] = (await start(2)) as [TestServer, TestServer];
    const [alice, bob] = (await registerUsers(a.url, ['alice', 'bob'])) as [TestUser, TestUser];
    await createDirectRoom(a.url, alice.token, bob.user.id);
    const watcher = await open(b, bob);
    const online = nextEvent(watcher, 'presence:update', aboutUser(alice.user.id));
    const aliceSocket = await open(a, alice);
    await online;

    await cluster().redis.stop();
    // Node B knows only its own sockets now; it answers, without throwing or hanging.
    expect(await presenceOf(watcher, [alice.user.id])).toEqual([
      { userId: alice.user.id, online: false },
    ]);
    // Node B's subscriber is back once B tells its sockets to catch up; an event published
    // before that never reaches them (the SDK's catch-up asks for presence again).
    const fanoutBack = nextEvent(watcher, 'sync:needed', () => true, REAPED_WITHIN_MS);
    // Redis comes back empty: node A must register Alice again for node B to see her.
    await cluster().redis.restart();
    await eventually(async () => (await presenceOf(watcher, [alice.user.id]))[0]?.online === true, {
      timeoutMs: REAPED_WITHIN_MS,
    });
    await fanoutBack;

    const offline = nextEvent(
      watcher,
      'presence:update',
      (p) => p.userId === alice.user.id && !p.online,
      REAPED_WITHIN_MS,
    );
    await closeSocket(aliceSocket);
    expect((await offline).lastSeenAt).toBeDefined();
  });

  it('auto-assigns a conversation to an agent who is online on another node', async () => {
    const [a, b] = (await start(2)) as [TestServer, TestServer];
    const admin = await registerAdmin(a);
    const site = await createSite(a, admin, { autoAssign: true });
    const [agent] = (await registerUsers(a.url, ['agent'])) as [TestUser];
    await addAgent(a, admin, site.id, agent.user.id);
    await open(a, agent);

    const visitor = await startVisitor(b, site);
    const visitorSocket = await connect(b.url, visitor.token);
    sockets.push(visitorSocket);
    await sendOk(visitorSocket, visitor.room.id, 'hello');
    await b.server.roundRobin.settled();

    const { body } = await http<{ conversation: Conversation }>(
      a.url,
      'GET',
      `/api/support/conversations/${visitor.room.id}`,
      { token: agent.token },
    );
    expect(body.conversation.assigneeId).toBe(agent.user.id);
  });
});
