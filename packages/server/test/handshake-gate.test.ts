import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientSocket, TestUser } from './helpers/clients.js';
import { connect, registerUser } from './helpers/clients.js';
import { eventually } from './helpers/message-helpers.js';
import type { ScratchDatabase } from './helpers/scratch-database.js';
import { createScratchDatabase } from './helpers/scratch-database.js';
import { lockSessions } from './helpers/sessions-lock.js';
import type { TestServer } from './helpers/test-server.js';
import { startTestServer, testDriver } from './helpers/test-server.js';

const CONCURRENCY = 1;
const QUEUE_MAX = 2;
const RETRY_AFTER_MS = 100;
const ATTEMPTS = 10;

/**
 * Handshakes read the database behind a bounded gate. They are held reading (the sessions table
 * locked) on a scratch database of the test's own, so server-postgres only.
 */
describe.skipIf(testDriver !== 'postgres')('handshakes behind a bounded queue', () => {
  let database: ScratchDatabase;
  let node: TestServer;
  let user: TestUser;
  const open: ClientSocket[] = [];

  beforeAll(async () => {
    database = await createScratchDatabase('natter_handshakes');
    node = await startTestServer({
      databaseUrl: database.url,
      sockets: {
        maxRequestsInFlight: 100,
        maxSocketsPerUser: 100,
        handshakeConcurrency: CONCURRENCY,
        handshakeQueueMax: QUEUE_MAX,
        handshakeRetryAfterMs: RETRY_AFTER_MS,
      },
    });
    user = await registerUser(node.url, 'storm');
  });

  afterAll(async () => {
    for (const socket of open.splice(0)) socket.close();
    await node?.close();
    await database?.drop();
  });

  it('refuses handshakes past the running and queued ones with unavailable and retryAfterMs; they connect on retry', async () => {
    const lock = await lockSessions(database.url);
    try {
      const outcomes: (ClientSocket | Error)[] = [];
      const attempts = Array.from({ length: ATTEMPTS }, () =>
        connect(node.url, user.token).then(
          (socket) => {
            open.push(socket);
            outcomes.push(socket);
          },
          (error: Error) => void outcomes.push(error),
        ),
      );
      // One reads (stalled on the lock), two wait for its slot: every other one is refused now.
      const refusedCount = ATTEMPTS - CONCURRENCY - QUEUE_MAX;
      await eventually(async () => outcomes.length === refusedCount, { timeoutMs: 10_000 });
      for (const refusal of outcomes) {
        expect(refusal).toMatchObject({
          message: 'unavailable',
          data: { retryAfterMs: RETRY_AFTER_MS },
        });
      }
      expect(await lock.waiting()).toBe(CONCURRENCY);

      await lock.release();
      await Promise.all(attempts);
      expect(outcomes.filter((o) => !(o instanceof Error))).toHaveLength(CONCURRENCY + QUEUE_MAX);
    } finally {
      await lock.release();
    }

    // Once the storm has passed, the refused ones get in.
    for (let i = 0; i < ATTEMPTS - CONCURRENCY - QUEUE_MAX; i++) {
      open.push(await connect(node.url, user.token));
    }
    expect(open.every((socket) => socket.connected)).toBe(true);
  });

  it('does not take a slot for a handshake without a token', async () => {
    const lock = await lockSessions(database.url);
    try {
      const held = Array.from({ length: CONCURRENCY + QUEUE_MAX }, () =>
        connect(node.url, user.token).then((socket) => open.push(socket)),
      );
      await eventually(async () => (await lock.waiting()) === CONCURRENCY);
      await expect(connect(node.url, undefined)).rejects.toMatchObject({
        message: 'unauthorized',
      });
      await lock.release();
      await Promise.all(held);
    } finally {
      await lock.release();
    }
  });
});
