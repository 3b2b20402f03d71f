import { describe, expect, it } from 'vitest';
import { recordEvents } from '../../server/test/helpers/clients.js';
import { typingBarrier } from '../../server/test/helpers/barrier.js';
import { createMemoryOutboxStore, selectTimeline } from '../src/index.js';
import { until, waitForState } from './helpers/sdk.js';
import { useIntegrationServer } from './helpers/integration.js';

const { t, clients, rawSocket, openProxy, aliceAndBob, serverHistory } = useIntegrationServer();

describe('a restored outbox', () => {
  it('sends exactly once, in order, when the first attempt was stored but its ack was lost before the tab closed', async () => {
    const proxy = await openProxy();
    const { alice, bob, room } = await aliceAndBob();
    const outboxStore = createMemoryOutboxStore();
    const first = await clients.connect(proxy.url, alice.token, { outboxStore });
    const bobSocket = await rawSocket(bob);
    const bobSees = recordEvents(bobSocket, 'message:new');
    // The server stores "one" and acks it, but the ack never arrives; "two" and "three" wait.
    proxy.freeze('down');
    const clientIds = ['one', 'two', 'three'].map((text) => first.send(room.id, text));
    await until(() => bobSees.seen.length === 1, 'the first one stored on the server');
    first.close();
    proxy.dropAll();

    const second = await clients.connect(t.url, alice.token, { outboxStore });
    await waitForState(second, (s) => s.outbox[room.id] === undefined, 'all confirmed');
    await typingBarrier(second.socket, room.id, bobSocket);

    const stored = await serverHistory(bob, room.id);
    expect(stored.map((m) => [m.seq, m.content, m.clientId])).toEqual([
      [1, 'one', clientIds[0]],
      [2, 'two', clientIds[1]],
      [3, 'three', clientIds[2]],
    ]);
    expect(bobSees.seen).toHaveLength(3);
    expect(selectTimeline(second.getState(), room.id).map((m) => [m.content, m.clientId])).toEqual([
      ['one', clientIds[0]],
      ['two', clientIds[1]],
      ['three', clientIds[2]],
    ]);
    expect(await outboxStore.claim(alice.user.id)).toEqual([]);
  });

  it('keeps a refused message failed across a restart, and never sends it by itself', async () => {
    const { alice, room } = await aliceAndBob();
    const outboxStore = createMemoryOutboxStore();
    const first = await clients.connect(t.url, alice.token, { outboxStore });
    // A reply to a message that does not exist: the server refuses it.
    const clientId = first.send(room.id, 'refused', { replyTo: 'no-such-message' });
    await waitForState(
      first,
      (s) => s.outbox[room.id]?.[0]?.status === 'failed',
      'refused by the server',
    );
    first.close();

    const second = await clients.connect(t.url, alice.token, { outboxStore });
    const sent = second.send(room.id, 'after it');
    await waitForState(second, (s) => s.outbox[room.id]?.length === 1, 'the new one sent');
    expect(second.getState().outbox[room.id]).toMatchObject([{ clientId, status: 'failed' }]);
    expect((await serverHistory(alice, room.id)).map((m) => m.clientId)).toEqual([sent]);
  });
});
