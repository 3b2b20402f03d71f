import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeSocket } from '../packages/server/test/helpers/message-helpers.js';
import { startBalancer } from '../scripts/cluster/balancer.js';
import type { Balancer } from '../scripts/cluster/balancer.js';
import { connect } from './helpers/api.js';
import { expectDelivered, pairThrough } from './helpers/chat-through-proxy.js';
import { startE2eCluster } from './helpers/cluster-nodes.js';
import type { E2eCluster } from './helpers/cluster-nodes.js';

/** `npm run cluster`'s load balancer in front of two real nodes. */
describe("npm run cluster's balancer", () => {
  let cluster: E2eCluster | undefined;
  let balancer: Balancer | undefined;
  const running = () => {
    if (!cluster || !balancer) throw new Error('the nodes or the balancer did not start');
    return { cluster, balancer, url: balancer.url };
  };

  beforeAll(async () => {
    cluster = await startE2eCluster(2);
    balancer = await startBalancer({ backends: cluster.nodes, port: 0 });
  });

  afterAll(async () => {
    try {
      await balancer?.close();
    } finally {
      await cluster?.stop();
    }
  });

  it('keeps a long-polling session, and its upgrade to WebSocket, on the node that made it', async () => {
    const { url } = running();
    const { alice, bob, roomId } = await pairThrough(url);
    const aliceSocket = await connect(url, alice.token);
    const bobPolling = await connect(url, bob.token, { transports: ['polling'] });
    const bobUpgrading = await connect(url, bob.token, { transports: ['polling', 'websocket'] });
    await expect.poll(() => bobUpgrading.io.engine.transport.name).toBe('websocket');
    for (let round = 0; round < 3; round++) {
      await expectDelivered(aliceSocket, bobPolling, roomId);
      await expectDelivered(bobPolling, aliceSocket, roomId);
    }
    await expectDelivered(aliceSocket, bobUpgrading, roomId);
    await Promise.all([aliceSocket, bobPolling, bobUpgrading].map(closeSocket));
  });

  it('sends new connections to the node left when the other is stopped', async () => {
    const { url, cluster, balancer } = running();
    const { alice, bob, roomId } = await pairThrough(url);
    const [first, second] = cluster.nodes;
    await first?.stop();
    const aliceSockets = [];
    for (let i = 0; i < 3; i++) aliceSockets.push(await connect(url, alice.token));
    const bobSocket = await connect(url, bob.token);
    for (const socket of aliceSockets) await expectDelivered(bobSocket, socket, roomId);
    expect(balancer.healthy()).toEqual([second?.name]);
    await Promise.all([...aliceSockets, bobSocket].map(closeSocket));
  });
});
