import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RATE_BUDGETS } from '../../server/src/rate-limit/rate-budgets.js';
import { connect, registerUser, request } from '../../server/test/helpers/clients.js';
import type { TestUser } from '../../server/test/helpers/clients.js';
import { codeOf, eventually } from '../../server/test/helpers/message-helpers.js';
import type { TestServer } from '../../server/test/helpers/test-server.js';
import { startTestServer } from '../../server/test/helpers/test-server.js';
import { watchPageVisibility } from '../src/index.js';
import type { NatterError, VisibilitySource } from '../src/index.js';
import { useIntegrationServer } from './helpers/integration.js';
import { waitForState, waitReady } from './helpers/sdk.js';

const { t, clients, aliceAndBob } = useIntegrationServer();

/** What the server holds back pushes on: whether the user has a device showing the chat. */
async function watching(user: TestUser, server: Pick<TestServer, 'server'> = t): Promise<boolean> {
  return (await server.server.attention.watching([user.user.id])).has(user.user.id);
}

/** A document stand-in: its visibility is set by the test and announced like a browser's. */
class FakeDocument extends EventTarget implements VisibilitySource {
  visibilityState: DocumentVisibilityState = 'visible';
  show(state: DocumentVisibilityState): void {
    this.visibilityState = state;
    this.dispatchEvent(new Event('visibilitychange'));
  }
}

describe('the SDK tells the server whether the page shows the chat', () => {
  it('a client is visible by default, and hidden from the first handshake with visible: false', async () => {
    const { alice, bob } = await aliceAndBob();
    await clients.connect(t.url, alice.token);
    await clients.connect(t.url, bob.token, { visible: false });
    expect(await watching(alice)).toBe(true);
    expect(await watching(bob)).toBe(false);
  });

  it('setVisible goes out at once while connected, and the last of a quick series wins', async () => {
    const { alice } = await aliceAndBob();
    const client = await clients.connect(t.url, alice.token);
    client.setVisible(false);
    await eventually(async () => !(await watching(alice)));
    for (const visible of [true, false, true, false, true]) client.setVisible(visible);
    await eventually(() => watching(alice));
  });

  it('a change made while offline goes into the next handshake: a background tab reconnects hidden', async () => {
    const { alice } = await aliceAndBob();
    const client = await clients.connect(t.url, alice.token);
    client.disconnect();
    await eventually(async () => !(await watching(alice)));
    client.setVisible(false);
    await client.connect();
    expect(await watching(alice)).toBe(false);

    // A dropped transport reconnects by itself, still hidden.
    client.socket.io.engine.close();
    await waitForState(client, (s) => s.connection.status === 'reconnecting', 'the drop');
    await waitReady(client);
    expect(await watching(alice)).toBe(false);
    client.setVisible(true);
    await eventually(() => watching(alice));
  });

  it('watchPageVisibility follows the document until unsubscribed', async () => {
    const { alice } = await aliceAndBob();
    const page = new FakeDocument();
    page.visibilityState = 'hidden';
    const client = clients.create(t.url, alice.token);
    const stop = watchPageVisibility(client, page);
    await client.connect();
    expect(await watching(alice)).toBe(false);
    page.show('visible');
    await eventually(() => watching(alice));
    page.show('hidden');
    await eventually(async () => !(await watching(alice)));
    stop();
    page.show('visible');
    // Nothing goes out any more: a request of the client's own is the barrier.
    await client.request('presence:get', { userIds: [] });
    expect(await watching(alice)).toBe(false);
  });
});

describe('setVisible past the visibility budget', () => {
  let limited: TestServer;
  beforeAll(async () => {
    limited = await startTestServer({ rateLimits: true });
  });
  afterAll(() => limited.close());

  it('is sent again after retryAfterMs, not given up or reported', async () => {
    const alice = await registerUser(limited.url, 'alice');
    const errors: NatterError[] = [];
    const client = await clients.connect(limited.url, alice.token, {
      onError: (error) => errors.push(error),
    });
    // Another device of Alice's, hidden, spends her whole budget.
    const other = await connect(limited.url, alice.token, { visible: false });
    try {
      for (let i = 0; i < RATE_BUDGETS.visibilityPerUser.points; i++) {
        expect(codeOf(await request(other, 'visibility:set', { visible: false }))).toBe('ok');
      }
      expect(codeOf(await request(other, 'visibility:set', { visible: false }))).toBe(
        'rate_limited',
      );
      client.setVisible(false);
      await eventually(async () => !(await watching(alice, limited)), {
        timeoutMs: RATE_BUDGETS.visibilityPerUser.durationSec * 1000 + 5_000,
        intervalMs: 100,
      });
      expect(errors).toEqual([]);
    } finally {
      other.close();
    }
  }, 30_000);
});
