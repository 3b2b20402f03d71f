import { createECDH, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDirectRoom, registerUser } from '../../server/test/helpers/clients.js';
import type { TestServer } from '../../server/test/helpers/test-server.js';
import { startTestServer } from '../../server/test/helpers/test-server.js';
import { createRestClient } from '../src/index.js';
import { failure } from './helpers/sdk.js';
import { base64UrlBytes } from '../src/push/browser-push.js';

/** Subscriptions may point here (nothing is pushed in these tests: no message is sent). */
const PUSH_ORIGIN = 'https://push.client-test.example';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ push: { endpointOrigins: [PUSH_ORIGIN] } });
});
afterAll(() => t.close());

/** A browser's `PushSubscription.toJSON()`, with real key material. */
const subscription = (origin = PUSH_ORIGIN) => ({
  endpoint: `${origin}/send/${randomBytes(8).toString('hex')}`,
  expirationTime: null,
  keys: {
    p256dh: createECDH('prime256v1').generateKeys().toString('base64url'),
    auth: randomBytes(16).toString('base64url'),
  },
});

describe('the SDK notification calls, against a real server', () => {
  it('reads the VAPID key as the 65 bytes a browser wants, stores and forgets a subscription', async () => {
    const alice = await registerUser(t.url, 'alice');
    const api = createRestClient({ baseUrl: t.url, token: alice.token });
    expect(base64UrlBytes(await api.vapidPublicKey())).toHaveLength(65);

    const device = subscription();
    await api.subscribePush(device);
    await api.unsubscribePush(device.endpoint);
    // Forgetting one the server does not have is not an error.
    await api.unsubscribePush(device.endpoint);
  });

  it('refuses an endpoint outside the allowed push services as bad_request naming the field', async () => {
    const alice = await registerUser(t.url, 'alice');
    const api = createRestClient({ baseUrl: t.url, token: alice.token });
    const refused = await failure(api.subscribePush(subscription('https://evil.example')));
    expect(refused?.code).toBe('bad_request');
    expect(refused?.message).toMatch(/endpoint/);
  });

  it('mutes and unmutes a room for its member only; a stranger is forbidden', async () => {
    const [alice, bob, eve] = await Promise.all([
      registerUser(t.url, 'alice'),
      registerUser(t.url, 'bob'),
      registerUser(t.url, 'eve'),
    ]);
    const room = await createDirectRoom(t.url, alice.token, bob.user.id);
    const asAlice = createRestClient({ baseUrl: t.url, token: alice.token });
    expect((await asAlice.muteRoom(room.id, true)).muted).toBe(true);
    expect((await asAlice.muteRoom(room.id, false)).muted).toBeUndefined();
    const asEve = createRestClient({ baseUrl: t.url, token: eve.token });
    expect((await failure(asEve.muteRoom(room.id, true)))?.code).toBe('forbidden');
  });

  it('reads and changes the email fallback; a bad address is bad_request naming email', async () => {
    const alice = await registerUser(t.url, 'alice');
    const api = createRestClient({ baseUrl: t.url, token: alice.token });
    expect(await api.notificationSettings()).toMatchObject({ email: null, emailMissed: false });
    expect(
      await api.updateNotificationSettings({ email: 'alice@example.com', emailMissed: true }),
    ).toMatchObject({ email: 'alice@example.com', emailMissed: true });
    expect(await api.notificationSettings()).toMatchObject({ email: 'alice@example.com' });
    const refused = await failure(api.updateNotificationSettings({ email: 'not an address' }));
    expect(refused?.code).toBe('bad_request');
    expect(refused?.message).toMatch(/email/);
  });
});
