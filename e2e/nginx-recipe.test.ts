import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeSocket } from '../packages/server/test/helpers/message-helpers.js';
import { connect, registerUser } from './helpers/api.js';
import { expectDelivered, pairThrough } from './helpers/chat-through-proxy.js';
import { startE2eCluster } from './helpers/cluster-nodes.js';
import type { E2eCluster } from './helpers/cluster-nodes.js';
import { fillRecipe, findNginx, recipeFromDocs, startNginx } from './helpers/nginx.js';
import type { RunningNginx } from './helpers/nginx.js';
import { freePort } from './helpers/server.js';

/**
 * docs/deploy.md's nginx recipe, as written there, in a real nginx in front of three real nodes
 * on one PostgreSQL and one Redis.
 */
const nginxBinary = findNginx();
if (!nginxBinary) {
  console.warn(
    'SKIPPED the nginx recipe test: no nginx here (apt-get install nginx-light; .ci/run does)',
  );
}

describe.skipIf(!nginxBinary)("docs/deploy.md's nginx recipe in front of three nodes", () => {
  let cluster: E2eCluster | undefined;
  let nginx: RunningNginx | undefined;
  const running = () => {
    if (!cluster || !nginx) throw new Error('the cluster or nginx did not start');
    return { cluster, nginx, url: nginx.url };
  };

  beforeAll(async () => {
    cluster = await startE2eCluster(3);
    const port = await freePort();
    const config = fillRecipe(
      await recipeFromDocs(),
      cluster.nodes.map((node) => node.port),
      port,
    );
    nginx = await startNginx(nginxBinary ?? 'nginx', config, port);
  });

  afterAll(async () => {
    try {
      await nginx?.stop();
    } finally {
      await cluster?.stop();
    }
  });

  it('answers /healthz through nginx', async () => {
    const response = await fetch(`${running().url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, status: 'ok', redis: 'up' });
  });

  it('registers through nginx and delivers over WebSocket from one node to another', async () => {
    const { url, nginx } = running();
    const { alice, bob, roomId } = await pairThrough(url);
    // The probe names each socket in nginx's access log, which says which node it reached.
    const aliceSocket = await connect(url, alice.token, { query: { probe: 'alice' } });
    const bobSocket = await connect(url, bob.token, { query: { probe: 'bob' } });
    await expectDelivered(aliceSocket, bobSocket, roomId);
    await expectDelivered(bobSocket, aliceSocket, roomId);
    await Promise.all([closeSocket(aliceSocket), closeSocket(bobSocket)]);

    // nginx logs a WebSocket when it closes.
    const nodeOf = async (probe: string) =>
      new RegExp(`probe=${probe}\\S* (\\S+) 101`).exec(await nginx.accessLog())?.[1];
    await expect.poll(() => nodeOf('alice')).toBeDefined();
    await expect.poll(() => nodeOf('bob')).toBeDefined();
    expect(await nodeOf('alice')).not.toBe(await nodeOf('bob'));
  });

  it("keeps a long-polling session (the widget's and the SDK's default) on its node", async () => {
    const { url } = running();
    const { alice, bob, roomId } = await pairThrough(url);
    const aliceSocket = await connect(url, alice.token);
    // Polling only: every poll and every send is its own request, and each must find the node
    // that holds the session, or the session is unknown there and the socket drops.
    const bobPolling = await connect(url, bob.token, { transports: ['polling'] });
    for (let round = 0; round < 3; round++) {
      await expectDelivered(aliceSocket, bobPolling, roomId);
      await expectDelivered(bobPolling, aliceSocket, roomId);
    }
    // The default: long-polling first, then the upgrade (which names the session) to WebSocket.
    const bobUpgrading = await connect(url, bob.token, { transports: ['polling', 'websocket'] });
    await expect.poll(() => bobUpgrading.io.engine.transport.name).toBe('websocket');
    await expectDelivered(aliceSocket, bobUpgrading, roomId);
    expect(bobPolling.connected && bobUpgrading.connected).toBe(true);
    await Promise.all([aliceSocket, bobPolling, bobUpgrading].map(closeSocket));
  });

  it('passes requests and new sockets to the other nodes once a node is stopped', async () => {
    const { url, cluster } = running();
    await cluster.nodes[0]?.stop();
    const { alice, bob, roomId } = await pairThrough(url);
    for (let i = 0; i < 6; i++) {
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      await registerUser(url, 'carol');
    }
    const sockets = [];
    for (let i = 0; i < 3; i++) sockets.push(await connect(url, alice.token));
    const bobSocket = await connect(url, bob.token);
    for (const socket of sockets) await expectDelivered(bobSocket, socket, roomId);
    await Promise.all([...sockets, bobSocket].map(closeSocket));
  });
});
