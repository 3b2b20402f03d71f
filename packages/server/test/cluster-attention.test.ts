import { describe, expect, it } from 'vitest';
import type { TestUser } from './helpers/clients.js';
import { connect, ok, request } from './helpers/clients.js';
import { clusterCanRun, useClusterPerTest } from './helpers/cluster.js';
import { eventually, registerUsers } from './helpers/message-helpers.js';
import type { ProcessCluster } from './helpers/node-processes.js';
import { startProcessCluster } from './helpers/node-processes.js';
import type { TestServer } from './helpers/test-server.js';
import { startTestServer } from './helpers/test-server.js';

/** Short enough for a test to wait for a dead node's lease to run out. */
const presenceLease = { leaseMs: 1500, renewMs: 250 };
/** A process node keeps the default lease (15 s, no setting changes it), then a reaper's beat. */
const PROCESS_REAPED_WITHIN_MS = 30_000;
const REDIS_BACK_WITHIN_MS = 10_000;

// Whether a user has a device showing the chat, asked on one node about sockets on another: what
// holds back every node's pushes. One node: attention.test.ts.
describe.skipIf(!clusterCanRun)('attention across nodes', () => {
  const { cluster, cleanups, sockets, start, peek } = useClusterPerTest({ presenceLease });
  /** A socket the node has set up (counted in as its handshake said). */
  const open = async (url: string, user: TestUser, auth: { visible?: boolean } = {}) => {
    const socket = await connect(url, user.token, auth);
    sockets.push(socket);
    ok(await request(socket, 'presence:get', { userIds: [] }));
    return socket;
  };
  const watchingOn = async (node: TestServer, user: TestUser) =>
    (await node.server.attention.watching([user.user.id])).has(user.user.id);

  it("a visible socket on node B makes node A's answer true; hidden, false", async () => {
    const [a, b] = (await start(2)) as [TestServer, TestServer];
    const [alice, bob] = (await registerUsers(a.url, ['alice', 'bob'])) as [TestUser, TestUser];
    const socket = await open(b.url, alice);
    await open(b.url, bob, { visible: false });
    // B answers before it replies to the socket: A reads the same Redis at once.
    expect(await a.server.attention.watching([alice.user.id, bob.user.id])).toEqual(
      new Set([alice.user.id]),
    );
    ok(await request(socket, 'visibility:set', { visible: false }));
    expect(await watchingOn(a, alice)).toBe(false);
    ok(await request(socket, 'visibility:set', { visible: true }));
    expect(await watchingOn(a, alice)).toBe(true);
    // Presence and attention are kept apart: the hidden socket is online, not watching.
    const redis = await peek();
    expect(await redis.exists(`natter:presence:user:${bob.user.id}`)).toBe(1);
    expect(await redis.exists(`natter:attention:user:${bob.user.id}`)).toBe(0);

    socket.close();
    await eventually(async () => !(await watchingOn(a, alice)));
  });

  it('a node that is killed stops counting for its users once its lease runs out', async () => {
    const processes: ProcessCluster = await startProcessCluster({ nodes: 1 });
    cleanups.push(() => processes.close());
    const victim = processes.nodes[0]!;
    // An in-process node of the same cluster, which asks and reaps.
    const a = await startTestServer({
      databaseUrl: processes.databaseUrl,
      redis: { url: processes.redis.url, keyPrefix: 'natter:', adapter: 'pubsub' },
      presenceLease,
    });
    cleanups.push(() => a.close());
    const [alice] = (await registerUsers(a.url, ['alice'])) as [TestUser];
    await open(victim.url, alice);
    expect(await watchingOn(a, alice)).toBe(true);

    expect(await victim.kill('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
    // No goodbye: Redis still holds the dead node's socket until its lease lapses.
    expect(await watchingOn(a, alice)).toBe(true);
    await eventually(async () => !(await watchingOn(a, alice)), {
      timeoutMs: PROCESS_REAPED_WITHIN_MS,
      intervalMs: 250,
    });
  }, 60_000);

  it('answers from the node while Redis is down, and for the cluster again once it is back', async () => {
    const [a, b] = (await start(2)) as [TestServer, TestServer];
    const [alice, bob] = (await registerUsers(a.url, ['alice', 'bob'])) as [TestUser, TestUser];
    await open(a.url, alice);
    await open(b.url, bob);
    const both = new Set([alice.user.id, bob.user.id]);
    expect(await a.server.attention.watching([alice.user.id, bob.user.id])).toEqual(both);

    await cluster().redis.stop();
    // Node A knows only its own sockets now; it answers, without throwing or hanging.
    expect(await a.server.attention.watching([alice.user.id, bob.user.id])).toEqual(
      new Set([alice.user.id]),
    );
    // Redis comes back empty: node B registers Bob again for node A to see him.
    await cluster().redis.restart();
    await eventually(
      async () => (await a.server.attention.watching([bob.user.id])).has(bob.user.id),
      { timeoutMs: REDIS_BACK_WITHIN_MS },
    );
  });
});
