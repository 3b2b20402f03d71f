import { LIMITS } from '@natter/protocol';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushSubscriptions } from '../src/db/schema.js';
import type { TestUser } from './helpers/clients.js';
import { createGroupRoom, http, registerUser } from './helpers/clients.js';
import {
  postSubscription,
  startPushService,
  subscribeDevice,
  testPushConfig,
} from './helpers/push-helpers.js';
import type { PushService } from './helpers/push-service.js';
import type { TestServer } from './helpers/test-server.js';
import { startTestServer } from './helpers/test-server.js';

let t: TestServer;
let service: PushService;

beforeAll(async () => {
  service = await startPushService();
  t = await startTestServer({ push: testPushConfig(service) });
});

afterAll(async () => {
  await t?.close();
  await service?.close();
});

type ErrorReply = { error: { code: string; message: string } };

const rowsOf = (user: TestUser) =>
  t.server.database.db
    .select()
    .from(pushSubscriptions)
    .where(eq(pushSubscriptions.userId, user.user.id))
    .orderBy(asc(pushSubscriptions.createdAt));

const subscribe = (token: string, body: unknown) => postSubscription(t.url, token, body);

describe('push subscription routes', () => {
  it('gives the VAPID public key, the same on every call; anonymous callers get 401', async () => {
    const user = await registerUser(t.url);
    const first = await http<{ publicKey: string }>(t.url, 'GET', '/api/push/vapid-public-key', {
      token: user.token,
    });
    const again = await http<{ publicKey: string }>(t.url, 'GET', '/api/push/vapid-public-key', {
      token: user.token,
    });
    expect(first.status).toBe(200);
    expect(first.body.publicKey).toMatch(/^[A-Za-z0-9_-]{87}$/);
    expect(again.body.publicKey).toBe(first.body.publicKey);
    expect((await http(t.url, 'GET', '/api/push/vapid-public-key')).status).toBe(401);
    expect((await subscribe('', service.subscribe())).status).toBe(401);
  });

  it.each([
    ['keys.p256dh', (s: Subscription) => ({ ...s, keys: { ...s.keys, p256dh: 'short' } })],
    ['keys.auth', (s: Subscription) => ({ ...s, keys: { ...s.keys, auth: '!!!' } })],
    ['endpoint', (s: Subscription) => ({ ...s, endpoint: 'not a url' })],
    ['keys', (s: Subscription) => ({ endpoint: s.endpoint })],
  ])(
    'a bad subscription is refused with bad_request naming %s; nothing is stored',
    async (field, spoil) => {
      const user = await registerUser(t.url);
      const { endpointId: _id, ...subscription } = service.subscribe();
      const refused = await subscribe(user.token, spoil(subscription));
      expect(refused.status).toBe(400);
      expect(refused.body.error.code).toBe('bad_request');
      expect(refused.body.error.message).toContain(`${field}:`);
      expect(await rowsOf(user)).toEqual([]);
    },
  );

  it('the same browser subscribing for someone else hands the row over to them', async () => {
    const [first, second] = await Promise.all([registerUser(t.url), registerUser(t.url)]);
    const { endpointId: _id, ...subscription } = service.subscribe();
    expect((await subscribe(first.token, subscription)).status).toBe(201);
    expect((await subscribe(second.token, subscription)).status).toBe(201);
    expect(await rowsOf(first)).toEqual([]);
    const [row] = await rowsOf(second);
    expect(row?.endpoint).toBe(subscription.endpoint);
  });

  it(`keeps at most ${LIMITS.pushSubscriptionsPerUser} per user, dropping the oldest`, async () => {
    const user = await registerUser(t.url);
    const endpoints: string[] = [];
    for (let i = 0; i <= LIMITS.pushSubscriptionsPerUser; i += 1) {
      const { endpointId: _id, ...subscription } = service.subscribe();
      expect((await subscribe(user.token, subscription)).status).toBe(201);
      endpoints.push(subscription.endpoint);
    }
    const kept = (await rowsOf(user)).map((r) => r.endpoint);
    expect(kept).toHaveLength(LIMITS.pushSubscriptionsPerUser);
    expect(kept).not.toContain(endpoints[0]);
    expect(kept).toContain(endpoints.at(-1));
  });

  it('DELETE forgets the caller’s own subscription only', async () => {
    const [owner, other] = await Promise.all([registerUser(t.url), registerUser(t.url)]);
    await subscribeDevice(t.url, owner.token, service);
    const [row] = await rowsOf(owner);
    const foreign = await http(t.url, 'DELETE', '/api/push/subscriptions', {
      token: other.token,
      body: { endpoint: row?.endpoint },
    });
    expect(foreign.status).toBe(204);
    expect(await rowsOf(owner)).toHaveLength(1);
    const own = await http(t.url, 'DELETE', '/api/push/subscriptions', {
      token: owner.token,
      body: { endpoint: row?.endpoint },
    });
    expect(own.status).toBe(204);
    expect(await rowsOf(owner)).toEqual([]);
    const bad = await http<ErrorReply>(t.url, 'DELETE', '/api/push/subscriptions', {
      token: owner.token,
      body: {},
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('endpoint:');
  });
});

describe('PUT /api/rooms/:id/mute', () => {
  it('is for members only (forbidden otherwise) and names a bad field', async () => {
    const [owner, outsider] = await Promise.all([registerUser(t.url), registerUser(t.url)]);
    const room = await createGroupRoom(t.url, owner.token, []);
    const refused = await http<ErrorReply>(t.url, 'PUT', `/api/rooms/${room.id}/mute`, {
      token: outsider.token,
      body: { muted: true },
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');
    const bad = await http<ErrorReply>(t.url, 'PUT', `/api/rooms/${room.id}/mute`, {
      token: owner.token,
      body: { muted: 'yes' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('muted:');
  });
});

type Subscription = Omit<ReturnType<PushService['subscribe']>, 'endpointId'>;
