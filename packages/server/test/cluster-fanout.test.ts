import { afterEach, describe, expect, it } from 'vitest';
import type { ClientSocket } from './helpers/clients.js';
import { createDirectRoom, nextEvent, registerUser } from './helpers/clients.js';
import type { TestCluster } from './helpers/cluster.js';
import { clusterCanRun, startCluster } from './helpers/cluster.js';
import { connectReady, sendOk } from './helpers/message-helpers.js';

describe.skipIf(!clusterCanRun).each(['pubsub', 'streams'] as const)(
  'fan-out across nodes through Redis (%s adapter)',
  (adapter) => {
    let cluster: TestCluster | undefined;
    const sockets: ClientSocket[] = [];
    afterEach(async () => {
      for (const socket of sockets.splice(0)) socket.close();
      await cluster?.close();
      cluster = undefined;
    });

    it('delivers a message sent on one node to a member connected to another', async () => {
      cluster = await startCluster({ nodes: 2, adapter });
      const [a, b] = cluster.nodes as [TestCluster['nodes'][0], TestCluster['nodes'][0]];
      const alice = await registerUser(a.url, 'alice');
      const bob = await registerUser(a.url, 'bob');
      const room = await createDirectRoom(a.url, alice.token, bob.user.id);
      const aliceSocket = await connectReady(a.url, alice.token);
      const bobSocket = await connectReady(b.url, bob.token);
      sockets.push(aliceSocket, bobSocket);

      const received = nextEvent(bobSocket, 'message:new');
      const sent = await sendOk(aliceSocket, room.id, 'across');
      expect((await received).id).toBe(sent.id);
    });
  },
);
