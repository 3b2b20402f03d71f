import type { Message } from '@natter/protocol';
import { beforeAll, describe, expect, it } from 'vitest';
import { http, recordEvents } from './helpers/clients.js';
import { connectReady, eventually } from './helpers/message-helpers.js';
import {
  answered,
  clientIds,
  expectOnlyRetriableFailures,
  expectStoredOnceGapless,
  resendUntilAcked,
  sendAll,
  useNodeBehindDatabaseProxy,
} from './helpers/postgres-faults.js';
import type { SendAck } from './helpers/postgres-faults.js';
import { testDriver } from './helpers/test-server.js';

/**
 * PostgreSQL black-holed: the network to it swallows every byte both ways and never answers, not
 * even with a reset (a cable pulled, a firewall dropping packets, a failover in progress). Unlike
 * a refusal (postgres-restart.test.ts) nothing tells the node: only its own timeouts do. It must
 * refuse what it cannot do with a retriable `unavailable`, say it is not ready, ack nothing it did
 * not store, and serve again by itself when the network comes back. The node reaches its own
 * scratch database through a proxy, so only the server-postgres project runs it.
 */
describe.skipIf(testDriver !== 'postgres')('PostgreSQL black-holed', () => {
  const world = useNodeBehindDatabaseProxy('natter_black_hole');
  const disconnects: string[] = [];
  beforeAll(() => world.aliceSocket.on('disconnect', (reason) => disconnects.push(reason)));

  it('refuses with unavailable, is not ready, acks nothing falsely, and recovers by itself', async () => {
    const { scratch, proxy, node, bob, roomId, aliceSocket, bobSocket } = world;
    const seenByBob = recordEvents(bobSocket, 'message:new');
    const before = await resendUntilAcked(aliceSocket, roomId, clientIds(3));

    proxy.freeze('both');
    // More sends than the node has connections: some wait on a connection that went silent, the
    // rest wait for one to be free. The client waits long enough to hear the server's answer.
    const during = clientIds(16);
    const answers = new Map<string, SendAck | Error>();
    const duringAcks = Promise.all(
      during.map(async (clientId) => {
        const acks = await sendAll(aliceSocket, roomId, [clientId], 30_000);
        answers.set(clientId, acks.get(clientId)!);
      }),
    );

    // Readiness tells the balancer at once, without waiting on the stuck pool.
    const ready = await http(node.url, 'GET', '/readyz');
    expect(ready).toMatchObject({ status: 503, body: { ready: false, reason: 'database' } });
    // Those that got no connection are refused as retriable, while the network is still dark.
    await eventually(async () => answers.size > 0, { timeoutMs: 15_000, intervalMs: 100 });
    expectOnlyRetriableFailures(answers);
    expect([...answers.values()].some((ack) => answered(ack).ok)).toBe(false);
    // Nothing reached PostgreSQL, so nothing was published.
    expect(seenByBob.seen.filter((m) => during.includes(m.clientId ?? ''))).toEqual([]);
    // Still alive (a liveness probe must not get the node restarted for its database).
    expect(await http(node.url, 'GET', '/healthz')).toMatchObject({ status: 200 });

    proxy.thaw();
    await duringAcks;
    expectOnlyRetriableFailures(answers);
    const firstAcked = new Map<string, Message>();
    for (const [clientId, ack] of answers) {
      const answer = answered(ack);
      if (answer.ok) firstAcked.set(clientId, answer.message);
    }

    // The client resends whatever was not acked; what was acked comes back as the same message.
    const all = await resendUntilAcked(aliceSocket, roomId, [...before.keys(), ...during]);
    for (const [clientId, message] of [...before, ...firstAcked]) {
      expect(all.get(clientId)?.id).toBe(message.id);
    }
    await expectStoredOnceGapless(scratch.url, roomId, all);
    await eventually(async () => (await http(node.url, 'GET', '/readyz')).status === 200);
    const lastId = [...all.values()].sort((a, b) => b.seq - a.seq)[0]!.id;
    await eventually(async () => seenByBob.seen.some((m) => m.id === lastId));
    expect(seenByBob.seen.map((m) => m.id).sort()).toEqual(
      [...all.values()].map((m) => m.id).sort(),
    );
    // Served throughout: no socket dropped, no process restarted, new handshakes work.
    expect(disconnects).toEqual([]);
    (await connectReady(node.url, bob.token)).close();
  }, 60_000);
});
