import { afterEach, describe, expect, it } from 'vitest';
import type { Message } from '@natter/protocol';
import { selectTimeline } from '../../client/src/index.js';
import { clientPool, waitForState } from '../../client/test/helpers/sdk.js';
import { startTcpProxy } from './helpers/tcp-proxy.js';
import type { TcpProxy } from './helpers/tcp-proxy.js';
import type { ClientSocket } from './helpers/clients.js';
import { createDirectRoom, http, nextEvent, ok, registerUser, request } from './helpers/clients.js';
import type { TestCluster } from './helpers/cluster.js';
import { clusterCanRun, startCluster } from './helpers/cluster.js';
import { connectReady, eventually, sendOk } from './helpers/message-helpers.js';
import type { TestServer } from './helpers/test-server.js';
import { startTestServer } from './helpers/test-server.js';

const healthz = async (node: TestServer) => {
  const res = await http(node.url, 'GET', '/healthz');
  return { status: res.status, body: res.body };
};

describe.skipIf(!clusterCanRun).each(['pubsub', 'streams'] as const)(
  'Redis outages across nodes (%s adapter)',
  (adapter) => {
    let cluster: TestCluster | undefined;
    const sockets: ClientSocket[] = [];
    const clients = clientPool();
    const extras: { close(): Promise<void> }[] = [];
    afterEach(async () => {
      clients.closeAll();
      for (const socket of sockets.splice(0)) socket.close();
      for (const extra of extras.splice(0)) await extra.close();
      await cluster?.close();
      cluster = undefined;
    });

    /** Two nodes; Alice in a direct room with Bob, who may connect to either. */
    async function twoNodes(overrides = {}) {
      cluster = await startCluster({ nodes: 2, adapter, overrides });
      const [a, b] = cluster.nodes as [TestServer, TestServer];
      const alice = await registerUser(a.url, 'alice');
      const bob = await registerUser(a.url, 'bob');
      const room = await createDirectRoom(a.url, alice.token, bob.user.id);
      const connect = async (node: TestServer, token: string) => {
        const socket = await connectReady(node.url, token);
        sockets.push(socket);
        return socket;
      };
      return { cluster, a, b, alice, bob, room, connect };
    }

    async function untilEveryNodeSays(redis: 'up' | 'down') {
      for (const node of cluster?.nodes ?? []) {
        await expect
          .poll(async () => (await healthz(node)).body, { timeout: 15_000 })
          .toMatchObject({ redis });
      }
    }

    it('after Redis restarts mid-traffic, delivery across nodes resumes and a client on the other node ends with every acked message', async () => {
      const { cluster, a, b, alice, bob, room, connect } = await twoNodes();
      const aliceSocket = await connect(a, alice.token);
      const bobLive = await connect(b, bob.token);
      const bobClient = await clients.connect(b.url, bob.token);
      const acked: Message[] = [await sendOk(aliceSocket, room.id, 'before')];

      await cluster.redis.stop();
      await untilEveryNodeSays('down');
      for (const content of ['while down 1', 'while down 2']) {
        acked.push(await sendOk(aliceSocket, room.id, content));
      }

      await cluster.redis.restart();
      // Live delivery from A to B comes back by itself: node B subscribes (or reads) again.
      await eventually(
        async () => {
          const sent = await sendOk(aliceSocket, room.id, `after ${acked.length}`);
          acked.push(sent);
          return nextEvent(bobLive, 'message:new', (m) => m.id === sent.id, 250).then(
            () => true,
            () => false,
          );
        },
        { timeoutMs: 15_000, intervalMs: 0 },
      );
      // What was sent during the outage reached B's client only through the resync it was told
      // to run (sync:needed): its socket never dropped.
      const ids = acked.map((m) => m.id);
      await waitForState(
        bobClient,
        (s) => ids.every((id) => selectTimeline(s, room.id).some((m) => m.id === id)),
        'every acked message',
        10_000,
      );
      expect(selectTimeline(bobClient.getState(), room.id).map((m) => m.id)).toEqual(ids);
    });

    it("when only one node loses Redis, the other nodes' clients get the events it could not send once it is back", async () => {
      cluster = await startCluster({ nodes: 1, adapter });
      const [b] = cluster.nodes as [TestServer];
      // Node A reaches the cluster's Redis through a proxy that can cut it off alone.
      const proxy: TcpProxy = await startTcpProxy(cluster.redis.url);
      extras.push(proxy);
      const a = await startTestServer({
        databaseUrl: cluster.databaseUrl,
        redis: { url: proxy.url, keyPrefix: 'natter:', adapter },
      });
      extras.unshift(a);
      const alice = await registerUser(a.url, 'alice');
      const bob = await registerUser(a.url, 'bob');
      const room = await createDirectRoom(a.url, alice.token, bob.user.id);
      const aliceSocket = await connectReady(a.url, alice.token);
      sockets.push(aliceSocket);
      const bobClient = await clients.connect(b.url, bob.token);
      const acked = [await sendOk(aliceSocket, room.id, 'before')];
      await waitForState(bobClient, (s) => selectTimeline(s, room.id).length === 1, 'live');

      proxy.cut();
      await expect.poll(async () => (await healthz(a)).body).toMatchObject({ redis: 'down' });
      expect((await healthz(b)).body).toMatchObject({ redis: 'up' });
      acked.push(await sendOk(aliceSocket, room.id, 'while A is cut off'));

      // Node B's subscriber never broke: only node A's word brings Bob's client to sync.
      proxy.heal();
      const ids = acked.map((m) => m.id);
      await waitForState(
        bobClient,
        (s) => selectTimeline(s, room.id).length === ids.length,
        'every acked message',
        10_000,
      );
      expect(selectTimeline(bobClient.getState(), room.id).map((m) => m.id)).toEqual(ids);
    });

    it('while Redis is down, each node serves its own clients and /healthz says degraded', async () => {
      const { cluster, a, b, alice, bob, room, connect } = await twoNodes({ rateLimits: true });
      const aliceSocket = await connect(a, alice.token);
      const bobSocket = await connect(a, bob.token);
      expect(await healthz(a)).toEqual({
        status: 200,
        body: { ok: true, status: 'ok', redis: 'up' },
      });

      await cluster.redis.stop();
      await untilEveryNodeSays('down');
      for (const node of [a, b]) {
        expect(await healthz(node)).toEqual({
          status: 200,
          body: { ok: true, status: 'degraded', redis: 'down' },
        });
      }
      // Sends are rate limited: the limiter falls back to the node's memory, and the send is
      // acked and delivered on the node.
      const received = nextEvent(bobSocket, 'message:new');
      const sent = await sendOk(aliceSocket, room.id, 'on this node');
      expect((await received).id).toBe(sent.id);
      const history = ok(await request(bobSocket, 'messages:load', { roomId: room.id, limit: 10 }));
      expect(history.messages.map((m) => m.id)).toEqual([sent.id]);

      await cluster.redis.restart();
      await untilEveryNodeSays('up');
      expect((await healthz(a)).body).toEqual({ ok: true, status: 'ok', redis: 'up' });
    });
  },
);
