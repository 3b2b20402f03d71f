import { afterEach, describe, expect, inject, it } from 'vitest';
import type { ClientSocket } from './helpers/clients.js';
import { connect, createDirectRoom, http, registerUser, sendText } from './helpers/clients.js';
import { codeOf, connectReady, eventually } from './helpers/message-helpers.js';
import { lockRoom } from './helpers/row-locks.js';
import { createScratchDatabase } from './helpers/scratch-database.js';
import type { TestServer } from './helpers/test-server.js';
import { startTestServer, testDriver } from './helpers/test-server.js';

/** The reason socket.io-client gives for its next disconnect. */
const nextDisconnect = (socket: ClientSocket) =>
  new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));

// A send held in flight needs a row lock taken from outside the server: PostgreSQL only.
describe.skipIf(testDriver !== 'postgres')('graceful shutdown (in process)', () => {
  let server: TestServer | undefined;
  const sockets: ClientSocket[] = [];
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.close();
    await server?.close();
    server = undefined;
  });

  it('acks the send in flight, refuses new work with a retriable error, then closes transports', async () => {
    const node = await startTestServer();
    server = node;
    const alice = await registerUser(node.url, 'alice');
    const bob = await registerUser(node.url, 'bob');
    const room = await createDirectRoom(node.url, alice.token, bob.user.id);
    const a = await connectReady(node.url, alice.token);
    const b = await connectReady(node.url, bob.token);
    sockets.push(a, b);
    expect(await http(node.url, 'GET', '/readyz')).toMatchObject({
      status: 200,
      body: { ready: true },
    });

    const lock = await lockRoom(inject('databaseUrl'), room.id);
    const inFlight = sendText(a, room.id, 'in flight when the shutdown starts');
    await eventually(async () => (await lock.waiters()) > 0);
    const aGone = nextDisconnect(a);
    const closed = node.server.close();
    server = undefined;

    // Draining: a load balancer stops sending clients, new ones and new sends are turned away.
    expect(await http(node.url, 'GET', '/readyz')).toMatchObject({
      status: 503,
      body: { ready: false, reason: 'draining' },
    });
    const refused = await sendText(b, room.id, 'sent during the drain');
    expect(codeOf(refused)).toBe('unavailable');
    expect(refused.ok ? undefined : refused.error.retryAfterMs).toBeGreaterThan(0);
    await expect(connect(node.url, alice.token)).rejects.toThrow();
    // Nobody is sent away while a send they made is still in flight.
    expect(a.connected).toBe(true);

    await lock.release();
    expect(codeOf(await inFlight)).toBe('ok');
    // A transport close, after which socket.io-client reconnects by itself (elsewhere).
    expect(await aGone).toBe('transport close');
    await closed;
  });

  it('is not ready while the database does not answer', async () => {
    const database = await createScratchDatabase('natter_readyz');
    try {
      server = await startTestServer({ databaseUrl: database.url });
      expect((await http(server.url, 'GET', '/readyz')).status).toBe(200);
      await database.drop();
      expect(await http(server.url, 'GET', '/readyz')).toMatchObject({
        status: 503,
        body: { ready: false, reason: 'database' },
      });
    } finally {
      await database.drop();
    }
  });
});
