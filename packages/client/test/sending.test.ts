import { describe, expect, it } from 'vitest';
import {
  createDirectRoom,
  createGroupRoom,
  http,
  ok,
  registerUser,
  request,
} from '../../server/test/helpers/clients.js';
import { NatterError, selectTimeline } from '../src/index.js';
import type { NatterClient, NatterClientOptions } from '../src/index.js';
import { storeTypingBarrier, until, waitForState } from './helpers/sdk.js';
import { useIntegrationServer } from './helpers/integration.js';

const { t, clients, rawSocket, openProxy } = useIntegrationServer();

/** Alice and Bob in a direct room, each with a connected SDK client. */
async function pair(aliceUrl = t.url, aliceOptions: Partial<NatterClientOptions> = {}) {
  const alice = await registerUser(t.url, 'alice');
  const bob = await registerUser(t.url, 'bob');
  const room = await createDirectRoom(t.url, alice.token, bob.user.id);
  const a = await clients.connect(aliceUrl, alice.token, aliceOptions);
  const b = await clients.connect(t.url, bob.token);
  return { alice, bob, room, a, b };
}

const timeline = (client: NatterClient, roomId: string) =>
  selectTimeline(client.getState(), roomId);

/** Resolves once a message with this clientId is confirmed in the client's timeline. */
const confirmed = (client: NatterClient, roomId: string, clientId: string) =>
  waitForState(
    client,
    (s) => selectTimeline(s, roomId).some((m) => m.clientId === clientId && m.id !== undefined),
    `message ${clientId} confirmed`,
  );

/** Every message of a room as the server stores it. */
async function serverHistory(token: string, roomId: string) {
  const socket = await rawSocket({ token });
  return ok(await request(socket, 'messages:load', { roomId, limit: 100 })).messages;
}

describe('sending', () => {
  it('shows a message at once as sending, then confirms it from the ack with id and seq', async () => {
    const { room, a, b } = await pair();
    const clientId = a.send(room.id, 'hello bob');
    expect(timeline(a, room.id)).toMatchObject([
      { clientId, content: 'hello bob', status: 'sending', own: true },
    ]);
    await confirmed(a, room.id, clientId);
    expect(timeline(a, room.id)).toMatchObject([
      { clientId, seq: 1, status: expect.stringMatching(/^(sent|delivered)$/) },
    ]);
    await waitForState(b, (s) => selectTimeline(s, room.id).length === 1, 'bob gets it');
    expect(timeline(b, room.id)[0]).toMatchObject({ content: 'hello bob', own: false });
    // Bob's client was connected, so the server marks it delivered and Alice sees it.
    await waitForState(
      a,
      (s) => selectTimeline(s, room.id)[0]?.status === 'delivered',
      'delivered',
    );
  });

  it('echo before ack gives one message', async () => {
    const { room, a, b } = await pair();
    // This server publishes the echo before it acks: the natural order.
    const clientId = a.send(room.id, 'echo first');
    await confirmed(a, room.id, clientId);
    await storeTypingBarrier(b.socket, room.id, a);
    expect(timeline(a, room.id)).toHaveLength(1);
    expect(a.getState().outbox).toEqual({});
  });

  it('ack before echo gives one message', async () => {
    const { room, a } = await pair();
    // Hold Alice's incoming message:new events back so the ack overtakes the echo (as across
    // several nodes it may).
    const socket = a.socket as unknown as { onevent(packet: { data: unknown[] }): void };
    const deliver = socket.onevent.bind(socket);
    let echoes = 0;
    socket.onevent = (packet) => {
      if (packet.data[0] !== 'message:new') return deliver(packet);
      setTimeout(() => {
        echoes++;
        deliver(packet);
      }, 300);
    };
    const clientId = a.send(room.id, 'ack first');
    await confirmed(a, room.id, clientId);
    expect(echoes).toBe(0);
    await until(() => echoes === 1, 'the late echo');
    expect(timeline(a, room.id)).toHaveLength(1);
    expect(timeline(a, room.id)[0]).toMatchObject({ clientId, content: 'ack first' });
  });

  it('two quick sends give two messages, in order, once each', async () => {
    const { room, a, b } = await pair();
    const first = a.send(room.id, 'one');
    const second = a.send(room.id, 'two');
    await confirmed(a, room.id, second);
    await confirmed(a, room.id, first);
    await waitForState(b, (s) => selectTimeline(s, room.id).length === 2, 'bob gets both');
    await storeTypingBarrier(b.socket, room.id, a);
    await storeTypingBarrier(a.socket, room.id, b);
    for (const client of [a, b]) {
      expect(timeline(client, room.id).map((m) => [m.seq, m.content])).toEqual([
        [1, 'one'],
        [2, 'two'],
      ]);
    }
  });

  it('a resend with the same clientId (another tab retrying) stays one message', async () => {
    const { alice, room, a, b } = await pair();
    const clientId = a.send(room.id, 'once');
    await confirmed(a, room.id, clientId);
    const raw = await rawSocket(alice);
    const again = ok(
      await request(raw, 'message:send', {
        roomId: room.id,
        clientId,
        type: 'text',
        content: 'once',
      }),
    );
    expect(again.message.clientId).toBe(clientId);
    await storeTypingBarrier(b.socket, room.id, a);
    await storeTypingBarrier(a.socket, room.id, b);
    expect(timeline(a, room.id)).toHaveLength(1);
    expect(timeline(b, room.id)).toHaveLength(1);
  });

  it('marks a refused send failed, and a retry sends it once allowed', async () => {
    const alice = await registerUser(t.url, 'alice');
    const bob = await registerUser(t.url, 'bob');
    const group = await createGroupRoom(t.url, bob.token, [], 'not yet');
    const a = await clients.connect(t.url, alice.token);
    const clientId = a.send(group.id, 'let me in');
    const failed = await waitForState(
      a,
      (s) => s.outbox[group.id]?.[0]?.status === 'failed',
      'failed',
    );
    expect(failed.outbox[group.id]?.[0]?.error).toMatchObject({ code: 'forbidden' });

    const added = await http(t.url, 'POST', `/api/rooms/${group.id}/members`, {
      token: bob.token,
      body: { userId: alice.user.id },
    });
    expect(added.status).toBe(200);
    await waitForState(a, (s) => s.rooms[group.id] !== undefined, 'room:new');
    a.retry(clientId);
    await confirmed(a, group.id, clientId);
    // After the "Bob added Alice" line.
    expect(await serverHistory(bob.token, group.id)).toMatchObject([
      { type: 'system', event: { kind: 'member_added' } },
      { clientId },
    ]);
  });

  it('a message the server rejects as invalid stays failed, even after a reconnect', async () => {
    const { room, a, b } = await pair();
    const clientId = a.send(room.id, 'x'.repeat(10_001));
    await waitForState(a, (s) => s.outbox[room.id]?.[0]?.status === 'failed', 'failed');
    expect(a.getState().outbox[room.id]?.[0]?.error?.code).toBe('bad_request');
    a.socket.io.engine.close();
    await waitForState(a, (s) => s.connection.status === 'reconnecting', 'drop');
    await waitForState(a, (s) => s.connection.status === 'ready', 'ready again');
    await storeTypingBarrier(b.socket, room.id, a);
    expect(a.getState().outbox[room.id]).toMatchObject([{ clientId, status: 'failed' }]);
  });

  it('a request whose ack never comes fails with timeout instead of hanging', async () => {
    const proxy = await openProxy();
    const alice = await registerUser(t.url, 'alice');
    const bob = await registerUser(t.url, 'bob');
    const room = await createDirectRoom(t.url, alice.token, bob.user.id);
    const a = await clients.connect(proxy.url, alice.token, { requestTimeoutMs: 400 });
    proxy.freeze();
    const started = Date.now();
    const error = await a.request('messages:load', { roomId: room.id }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NatterError);
    expect(error).toMatchObject({ code: 'timeout' });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('a send that times out is failed, and its retry after the network recovers stores it once', async () => {
    const stall = await openProxy();
    const { room, a, b, bob } = await pair(stall.url, { requestTimeoutMs: 500 });
    stall.freeze();
    const clientId = a.send(room.id, 'through the storm');
    const failed = await waitForState(
      a,
      (s) => s.outbox[room.id]?.[0]?.status === 'failed',
      'failed by timeout',
    );
    expect(failed.outbox[room.id]?.[0]?.error?.code).toBe('timeout');
    // The held send reaches the server now and is stored; the retry must not store it again.
    stall.thaw();
    a.retry(clientId);
    await confirmed(a, room.id, clientId);
    await waitForState(b, (s) => selectTimeline(s, room.id).length === 1, 'bob gets it');
    await storeTypingBarrier(b.socket, room.id, a);
    await storeTypingBarrier(a.socket, room.id, b);
    expect(timeline(a, room.id)).toHaveLength(1);
    expect(timeline(b, room.id)).toHaveLength(1);
    expect(await serverHistory(bob.token, room.id)).toHaveLength(1);
  });
});
