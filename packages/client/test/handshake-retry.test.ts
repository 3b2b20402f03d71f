import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, registerUser } from '../../server/test/helpers/clients.js';
import type { TestUser } from '../../server/test/helpers/clients.js';
import { eventually } from '../../server/test/helpers/message-helpers.js';
import { PrivatePostgres } from '../../server/test/helpers/private-postgres.js';
import { lockSessions } from '../../server/test/helpers/sessions-lock.js';
import type { TestServer } from '../../server/test/helpers/test-server.js';
import { startTestServer } from '../../server/test/helpers/test-server.js';
import { clientPool, waitForState, waitReady } from './helpers/sdk.js';

/** Longer than the SDK's own 2 s retry of a refused handshake: honouring it is what is tested. */
const RETRY_AFTER_MS = 2_500;

/**
 * A node busy with handshakes refuses the SDK with `unavailable` and `retryAfterMs`; the SDK
 * waits at least that long before its next handshake. The server's handshake gate is held full by
 * a handshake stalled in the database: a PostgreSQL of the test's own, with its sessions table
 * locked.
 */
describe('the SDK refused with unavailable while a node is busy with handshakes', () => {
  let postgres: PrivatePostgres;
  let node: TestServer;
  let alice: TestUser;
  let bob: TestUser;
  const clients = clientPool();

  beforeAll(async () => {
    postgres = await PrivatePostgres.start();
    node = await startTestServer({
      databaseUrl: postgres.url,
      sockets: {
        maxRequestsInFlight: 100,
        maxSocketsPerUser: 100,
        handshakeConcurrency: 1,
        handshakeQueueMax: 0,
        handshakeRetryAfterMs: RETRY_AFTER_MS,
      },
    });
    alice = await registerUser(node.url, 'alice');
    bob = await registerUser(node.url, 'bob');
  }, 60_000);

  afterAll(async () => {
    clients.closeAll();
    await node?.close();
    await postgres?.destroy();
  });

  it('reports unavailable, waits retryAfterMs (plus jitter) and then connects', async () => {
    // Connected first: a reconnect is a handshake alone (the SDK knows its user already).
    const client = await clients.connect(node.url, alice.token);
    let refusedAt = 0;
    let connectedAt = 0;
    const lock = await lockSessions(postgres.url);
    // Bob's handshake takes the one slot and stalls on the lock.
    const blocker = connect(node.url, bob.token);
    try {
      await eventually(async () => (await lock.waiting()) === 1);

      client.socket.on('connect_error', () => (refusedAt ||= Date.now()));
      client.socket.on('connect', () => (connectedAt ||= Date.now()));
      client.socket.io.engine.close();
      const state = await waitForState(
        client,
        (s) => s.connection.error?.code === 'unavailable',
        'the refusal',
      );
      expect(state.connection).toMatchObject({
        status: 'reconnecting',
        error: { code: 'unavailable', retryAfterMs: RETRY_AFTER_MS },
      });

      // From now on a handshake would get in at once: only the SDK's wait holds Alice back.
      await lock.release();
      await waitReady(client, 10_000);
    } finally {
      await lock.release();
      (await blocker).close();
    }
    expect(connectedAt - refusedAt).toBeGreaterThanOrEqual(RETRY_AFTER_MS);
  }, 30_000);
});
