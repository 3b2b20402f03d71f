import { describe, expect, it } from 'vitest';
import { recordEvents } from '../../server/test/helpers/clients.js';
import { selectTimeline } from '../src/index.js';
import type { ConnectionStatus } from '../src/index.js';
import { storeTypingBarrier, waitForState } from './helpers/sdk.js';
import { useIntegrationServer } from './helpers/integration.js';

const { t, clients, rawSocket, openProxy, aliceAndBob, serverHistory } = useIntegrationServer();

const COUNT = 24;

/**
 * A link that keeps failing while its client sends (a train, a lift, a flaky Wi-Fi): the
 * connection is cut again and again, sometimes with the ack of a stored message lost on the way,
 * sometimes with the send still in flight. The SDK's outbox and resend by clientId must end with
 * every message stored and acked exactly once, in order, and the other side must see each once.
 */
describe('a lossy link', () => {
  it('cut again and again while sending: every message acked once, none lost or doubled', async () => {
    const proxy = await openProxy();
    const { alice, bob, room } = await aliceAndBob();
    const a = await clients.connect(proxy.url, alice.token);
    const b = await clients.connect(t.url, bob.token);
    const bobStatuses: ConnectionStatus[] = [];
    b.subscribe(() => void bobStatuses.push(b.getState().connection.status));
    const watcher = await rawSocket(bob);
    const published = recordEvents(watcher, 'message:new');

    // The cuts follow the server's progress, not a clock: each time it publishes one of Alice's
    // messages the link goes down. Her client sends the next message the moment it has an ack,
    // so a cut lands with that send anywhere on its way: not yet out, at the server, stored with
    // its ack on the way back. (An ack lost for sure is reconnect.test.ts's case.)
    const texts = Array.from({ length: COUNT }, (_, i) => `lossy ${i}`);
    let cuts = 0;
    watcher.on('message:new', () => {
      proxy.dropAll();
      cuts += 1;
    });
    const clientIds = texts.map((text) => a.send(room.id, text));

    await waitForState(a, (s) => s.outbox[room.id] === undefined, 'every send confirmed', 30_000);

    // Alice's client: each message once, in the order sent, each confirmed.
    const timeline = selectTimeline(a.getState(), room.id);
    expect(timeline.map((m) => m.content)).toEqual(texts);
    expect(timeline.map((m) => m.clientId)).toEqual(clientIds);
    expect(timeline.every((m) => m.id !== undefined)).toBe(true);
    expect(cuts).toBe(COUNT);
    // The server: each stored once, in order; and published once each.
    const stored = await serverHistory(bob, room.id);
    expect(stored.map((m) => m.clientId)).toEqual(clientIds);
    expect(stored.map((m) => m.seq)).toEqual(stored.map((_, i) => i + 1));
    expect(published.seen.map((m) => m.clientId)).toEqual(clientIds);
    // Bob, on a good link, was never disturbed and has each message once.
    await storeTypingBarrier(await rawSocket(alice), room.id, b);
    expect(selectTimeline(b.getState(), room.id).map((m) => m.content)).toEqual(texts);
    expect(bobStatuses.every((status) => status === 'ready')).toBe(true);
  }, 60_000);
});
