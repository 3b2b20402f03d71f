import type { Message } from '@natter/protocol';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientSocket, TestUser } from './helpers/clients.js';
import { connect, createDirectRoom, http, newClientId, registerUser } from './helpers/clients.js';
import { codeOf, connectReady, eventually, loadAll } from './helpers/message-helpers.js';
import { answered, expectOnlyRetriableFailures, sendAll } from './helpers/postgres-faults.js';
import { PrivatePostgres } from './helpers/private-postgres.js';
import type { TestServer } from './helpers/test-server.js';
import { startTestServer, testDriver } from './helpers/test-server.js';

/**
 * PostgreSQL stopped and started again under a running node (a restart, a failover): the node
 * never acks what it did not store, answers a retriable `unavailable` meanwhile, and serves again
 * by itself once PostgreSQL is back. A PostgreSQL of the test's own, so only the server-postgres
 * project runs it (PGlite lives inside the process and cannot restart).
 */
describe.skipIf(testDriver !== 'postgres')('a PostgreSQL restart under a running node', () => {
  let postgres: PrivatePostgres;
  let node: TestServer;
  let alice: TestUser;
  let bob: TestUser;
  let roomId: string;
  let socket: ClientSocket;
  const disconnects: string[] = [];

  beforeAll(async () => {
    postgres = await PrivatePostgres.start();
    node = await startTestServer({ databaseUrl: postgres.url });
    alice = await registerUser(node.url, 'alice');
    bob = await registerUser(node.url, 'bob');
    roomId = (await createDirectRoom(node.url, alice.token, bob.user.id)).id;
    socket = await connectReady(node.url, alice.token);
    socket.on('disconnect', (reason) => disconnects.push(reason));
  }, 60_000);

  afterAll(async () => {
    socket?.close();
    await node?.close();
    await postgres?.destroy();
  });

  it('answers unavailable (never a false ack) while it is down, and stores every resend exactly once when it is back', async () => {
    const before = await sendAll(socket, roomId, [newClientId(), newClientId()]);
    expect([...before.values()].every((ack) => answered(ack).ok)).toBe(true);

    // Sends racing the shutdown: each is stored and acked, or refused as retriable.
    const racing = Array.from({ length: 30 }, () => newClientId());
    const racingAcks = sendAll(socket, roomId, racing);
    await postgres.stop();
    expectOnlyRetriableFailures(await racingAcks);

    // While it is down: all refused, retriable, over sockets and over HTTP.
    const whileDown = Array.from({ length: 10 }, () => newClientId());
    const downAcks = await sendAll(socket, roomId, whileDown);
    expect([...downAcks.values()].map((ack) => codeOf(answered(ack)))).toEqual(
      whileDown.map(() => 'unavailable'),
    );
    expectOnlyRetriableFailures(downAcks);
    const rooms = await http(node.url, 'GET', '/api/rooms', { token: alice.token });
    expect(rooms.status).toBe(503);
    expect(rooms.body).toMatchObject({ error: { code: 'unavailable' } });
    await expect(connect(node.url, bob.token)).rejects.toMatchObject({
      message: 'unavailable',
      data: { retryAfterMs: expect.any(Number) as number },
    });

    await postgres.restart();

    // What a client does: resend everything not acked, with the same clientIds, until acked.
    const all = [...before.keys(), ...racing, ...whileDown];
    const acked = new Map<string, Message>();
    const everAcked = new Map<string, string>();
    for (const [clientId, ack] of [...(await racingAcks), ...before]) {
      const answer = answered(ack);
      if (answer.ok) everAcked.set(clientId, answer.message.id);
    }
    await eventually(
      async () => {
        const acks = await sendAll(socket, roomId, all);
        expectOnlyRetriableFailures(acks);
        for (const [clientId, ack] of acks) {
          const answer = answered(ack);
          if (answer.ok) acked.set(clientId, answer.message);
        }
        return acked.size === all.length;
      },
      { timeoutMs: 20_000, intervalMs: 200 },
    );
    // A message acked during the restart is the one a resend gets back: it was stored.
    for (const [clientId, id] of everAcked) expect(acked.get(clientId)?.id).toBe(id);

    // Stored exactly once each, and history loads again on the same socket of the same node.
    const history = await loadAll(socket, roomId);
    const stored = history.messages.filter((m) => m.type === 'text');
    expect(stored.map((m) => m.id).sort()).toEqual([...acked.values()].map((m) => m.id).sort());
    const client = new pg.Client({ connectionString: postgres.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ client_id: string; copies: number }>(
        'SELECT client_id, count(*)::int AS copies FROM messages WHERE room_id = $1 AND type = $2 GROUP BY client_id',
        [roomId, 'text'],
      );
      expect(rows.map((r) => r.client_id).sort()).toEqual([...all].sort());
      expect(rows.every((r) => r.copies === 1)).toBe(true);
    } finally {
      await client.end();
    }
    // The node served throughout: its socket was never dropped, new handshakes work again.
    expect(disconnects).toEqual([]);
    (await connectReady(node.url, bob.token)).close();
  }, 60_000);
});
