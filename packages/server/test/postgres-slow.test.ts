import type { Message } from '@natter/protocol';
import { describe, expect, it } from 'vitest';
import { http, recordEvents } from './helpers/clients.js';
import { eventually } from './helpers/message-helpers.js';
import {
  answered,
  clientIds,
  expectStoredOnceGapless,
  resendUntilAcked,
  sendAll,
  useNodeBehindDatabaseProxy,
} from './helpers/postgres-faults.js';
import { testDriver } from './helpers/test-server.js';

/** Each way: a round trip to PostgreSQL takes twice this, every statement of a send pays it. */
const ONE_WAY_MS = 250;

/**
 * PostgreSQL that answers every statement half a second late (overloaded, or far away): the node
 * acks late but never falsely, stores each send once, and is at full speed again when the delay
 * ends, without a restart. The node reaches its own scratch database through a proxy, so only the
 * server-postgres project runs it.
 */
describe.skipIf(testDriver !== 'postgres')('PostgreSQL answering slowly', () => {
  const world = useNodeBehindDatabaseProxy('natter_slow');

  it('acks each send late but once, and serves at full speed once the delay ends', async () => {
    const { scratch, proxy, node, roomId, aliceSocket, bobSocket } = world;
    const seenByBob = recordEvents(bobSocket, 'message:new');
    proxy.delay(ONE_WAY_MS);

    // A patient client: every send is acked, late, and is what Bob sees.
    const patient = await sendAll(aliceSocket, roomId, clientIds(6), 30_000);
    const acked = new Map<string, Message>();
    for (const [clientId, ack] of patient) {
      const answer = answered(ack);
      expect(answer).toMatchObject({ ok: true });
      if (answer.ok) acked.set(clientId, answer.message);
    }

    // An impatient one gives up after a single round trip: its own timeout, not the server's.
    const impatientIds = clientIds(6);
    const impatient = await sendAll(aliceSocket, roomId, impatientIds, 2 * ONE_WAY_MS);
    for (const ack of impatient.values()) expect(ack).toBeInstanceOf(Error);

    // Slow is not dead. (Readiness may say no while the pool is busy with the sends the client gave
    // up on: its ping waits behind them, past its 1 s bound. It is checked once the delay ends.)
    expect(await http(node.url, 'GET', '/healthz')).toMatchObject({ status: 200 });

    proxy.delay(0);
    // The impatient client resends with the same clientIds: whatever the server stored while it
    // waited comes back as the ack, nothing twice; a patient resend returns its first ack's message.
    const resent = await resendUntilAcked(aliceSocket, roomId, [...acked.keys(), ...impatientIds]);
    for (const [clientId, message] of acked) expect(resent.get(clientId)?.id).toBe(message.id);

    await expectStoredOnceGapless(scratch.url, roomId, resent);
    const healthz = await http(node.url, 'GET', '/healthz');
    expect(healthz).toMatchObject({ status: 200, body: { ok: true, status: 'ok' } });
    expect(await http(node.url, 'GET', '/readyz')).toMatchObject({ status: 200 });
    // Bob saw each message live exactly once: nothing published twice, nothing missed.
    const lastId = [...resent.values()].sort((a, b) => b.seq - a.seq)[0]!.id;
    await eventually(async () => seenByBob.seen.some((m) => m.id === lastId));
    expect(seenByBob.seen.map((m) => m.id).sort()).toEqual(
      [...resent.values()].map((m) => m.id).sort(),
    );
  }, 60_000);
});
