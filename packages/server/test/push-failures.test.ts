import type { PushPayload } from '@natter/protocol';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushSubscriptions, roomMembers, sessions } from '../src/db/schema.js';
import type { ClientSocket, TestUser } from './helpers/clients.js';
import { connect, createDirectRoom, ok, registerUser, sendText } from './helpers/clients.js';
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
/** A push service outside the allowlist: it must never be contacted. */
let outsider: PushService;
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  [service, outsider] = await Promise.all([startPushService(), startPushService()]);
  t = await startTestServer({ push: testPushConfig(service) });
});

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await t?.close();
  await Promise.all([service?.close(), outsider?.close()]);
});

/** Alice writes to Bob (offline, one device): the room, Bob's endpoint and a way to send. */
async function pair() {
  const [alice, bob] = await Promise.all([registerUser(t.url, 'al'), registerUser(t.url, 'bo')]);
  const room = await createDirectRoom(t.url, alice.token, bob.user.id);
  const bobDevice = await subscribeDevice(t.url, bob.token, service);
  const socket = await connect(t.url, alice.token);
  sockets.push(socket);
  const send = async (text: string) => ok(await sendText(socket, room.id, text)).message;
  return { alice, bob, room, bobDevice, send };
}

const subscriptionsOf = (user: TestUser) =>
  t.server.database.db
    .select()
    .from(pushSubscriptions)
    .where(eq(pushSubscriptions.userId, user.user.id));

describe('what a push service answers', () => {
  it.each([410, 404])('%i: the subscription is deleted, and not tried again', async (status) => {
    const { bob, send, bobDevice } = await pair();
    service.answerAlways(bobDevice, { status });
    await send('hello');
    await service.waitFor(() => service.requestsTo(bobDevice).length === 1, 'the first request');
    await expect.poll(async () => (await subscriptionsOf(bob)).length).toBe(0);
    expect(service.requestsTo(bobDevice)).toHaveLength(1);
  });

  it('429 is retried after its Retry-After, then delivered once; the notified mark moves', async () => {
    const { bob, room, send, bobDevice } = await pair();
    service.script(bobDevice, { status: 429, retryAfter: '1' });
    const message = await send('are you there?');
    await service.waitFor(() => service.deliveriesTo(bobDevice).length === 1, 'the delivery');
    const [refused, accepted] = service.requestsTo(bobDevice);
    expect(refused?.status).toBe(429);
    expect(accepted?.status).toBe(201);
    // Retry-After (1 s) wins over the configured 50 ms.
    expect((accepted?.at ?? 0) - (refused?.at ?? 0)).toBeGreaterThanOrEqual(950);
    expect((service.deliveriesTo(bobDevice)[0]?.payload as PushPayload).messageId).toBe(message.id);
    await expect
      .poll(async () => {
        const [row] = await t.server.database.db
          .select({ notifiedSeq: roomMembers.notifiedSeq })
          .from(roomMembers)
          .where(and(eq(roomMembers.roomId, room.id), eq(roomMembers.userId, bob.user.id)));
        return row?.notifiedSeq;
      })
      .toBe(message.seq);
  });

  it('500 is retried up to maxAttempts, then given up; the subscription stays', async () => {
    const { bob, send, bobDevice } = await pair();
    service.answerAlways(bobDevice, { status: 500 });
    await send('hello');
    await service.waitFor(() => service.requestsTo(bobDevice).length === 3, 'three tries');
    expect(service.requestsTo(bobDevice).every((r) => r.status === 500)).toBe(true);
    expect(await subscriptionsOf(bob)).toHaveLength(1);

    // The service recovers: the next message is pushed, and the given-up one never is (a fourth
    // try would have come 200 ms after the third, well before the collapse window let this go).
    service.answerNormally(bobDevice);
    const next = await send('and now?');
    await service.waitFor(() => service.deliveriesTo(bobDevice).length > 0, 'the next push');
    expect(
      service.deliveriesTo(bobDevice).map((d) => (d.payload as PushPayload).messageId),
    ).toEqual([next.id]);
    expect(service.requestsTo(bobDevice)).toHaveLength(4);
  });

  it('an endpoint outside PUSH_ENDPOINT_ORIGINS is refused with 400 and never contacted', async () => {
    const bob = await registerUser(t.url, 'bo');
    const { endpointId: _id, ...subscription } = outsider.subscribe();
    const refused = await postSubscription(t.url, bob.token, subscription);
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('bad_request');
    expect(refused.body.error.message).toMatch(/^endpoint: .*PUSH_ENDPOINT_ORIGINS/);
    expect(outsider.requests).toEqual([]);
  });

  it('an http:// endpoint is refused', async () => {
    const bob = await registerUser(t.url, 'bo');
    const { endpointId: _id, ...subscription } = service.subscribe();
    const refused = await postSubscription(t.url, bob.token, {
      ...subscription,
      endpoint: subscription.endpoint.replace('https:', 'http:'),
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/^endpoint: /);
  });

  it('a stored subscription outside the allowlist (the list changed since) is never contacted', async () => {
    const { bob, send, bobDevice } = await pair();
    const { endpointId, ...stale } = outsider.subscribe();
    const [session] = await t.server.database.db
      .select({ id: sessions.id })
      .from(sessions)
      .where(eq(sessions.userId, bob.user.id));
    await t.server.database.db.insert(pushSubscriptions).values({
      id: crypto.randomUUID(),
      userId: bob.user.id,
      sessionId: session?.id ?? '',
      endpoint: stale.endpoint,
      p256dh: stale.keys.p256dh,
      auth: stale.keys.auth,
      createdAt: new Date(),
    });
    const message = await send('hello');
    await service.waitFor(
      () =>
        service
          .deliveriesTo(bobDevice)
          .some((d) => (d.payload as PushPayload).messageId === message.id),
      'the allowed device’s push',
    );
    expect(outsider.requestsTo(endpointId)).toEqual([]);
  });
});
