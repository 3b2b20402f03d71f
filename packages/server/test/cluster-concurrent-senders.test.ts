import type { Message } from '@natter/protocol';
import { afterEach, describe, it } from 'vitest';
import { createGroupRoom } from './helpers/clients.js';
import type { TestCluster } from './helpers/cluster.js';
import { clusterCanRun, startCluster } from './helpers/cluster.js';
import { eventually, registerUsers } from './helpers/message-helpers.js';
import { RoamingClient } from './helpers/roaming-client.js';
import { expectRoomInvariants } from './helpers/room-invariants.js';

const SENDS_PER_CLIENT = 1_000;
/**
 * Sends each client keeps in flight: enough that the three nodes' appends to the room contend
 * all the time (the room's row lock, each node's group commit), few enough that an ack is not
 * queued past the client's ack timeout on a busy machine. A send that does time out goes again
 * with its clientId, which the invariants then cover too.
 */
const IN_FLIGHT_PER_CLIENT = 50;

describe.skipIf(!clusterCanRun)(
  'three clients on three nodes sending into one room at once',
  () => {
    let cluster: TestCluster | undefined;
    const clients: RoamingClient[] = [];
    afterEach(async () => {
      for (const client of clients.splice(0)) client.close();
      await cluster?.close();
      cluster = undefined;
    });

    it(`${SENDS_PER_CLIENT} messages each: all stored once, seqs gapless, every view equal to a fresh load`, async () => {
      cluster = await startCluster({ nodes: 3 });
      const urls = cluster.nodes.map((node) => node.url);
      const users = await registerUsers(urls[0] as string, ['r0', 'r1', 'r2']);
      const [owner, ...others] = users;
      if (!owner) throw new Error('no users');
      const room = await createGroupRoom(
        urls[0] as string,
        owner.token,
        others.map((u) => u.user.id),
      );
      users.forEach((user, i) =>
        clients.push(
          new RoamingClient(`r${i}`, user.token, room.id, () => urls, urls[i] as string),
        ),
      );
      await Promise.all(clients.map((client) => client.ready()));

      const acked: Message[] = [];
      const sentClientIds: string[] = [];
      await Promise.all(
        clients.map(async (client) => {
          let next = 0;
          const lane = async () => {
            while (next < SENDS_PER_CLIENT) {
              const clientId = `${client.name}-${next++}-${room.id.slice(0, 8)}`;
              sentClientIds.push(clientId);
              acked.push(await client.sendUntilAcked(`${clientId} says hi`, clientId));
            }
          };
          await Promise.all(Array.from({ length: IN_FLIGHT_PER_CLIENT }, lane));
        }),
      );

      // Every client holds the whole room from live events alone (fan-out across nodes through
      // Redis), before any sync repairs a gap; the invariants then compare with a fresh load.
      await eventually(
        async () => clients.every((client) => acked.every((m) => client.messages.has(m.id))),
        { timeoutMs: 30_000, intervalMs: 200 },
      );
      await expectRoomInvariants({
        url: urls[2] as string,
        token: owner.token,
        roomId: room.id,
        acked,
        sentClientIds,
        views: clients.map((client) => ({ name: client.name, messages: client.messages.values() })),
      });
    });
  },
);
