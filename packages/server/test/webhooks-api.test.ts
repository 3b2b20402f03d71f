import type { Webhook, WebhookDelivery } from '@natter/protocol';
import { WEBHOOKS_PER_SCOPE_MAX } from '@natter/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eq, inArray } from 'drizzle-orm';
import { webhookDeliveries, webhooks } from '../src/db/schema.js';
import { expectHttpError } from './helpers/authz-helpers.js';
import { http, registerUser } from './helpers/clients.js';
import type { TestUser } from './helpers/clients.js';
import type { PageServer } from './helpers/page-servers.js';
import { startTrap } from './helpers/page-servers.js';
import { createSite, registerAdmin, startVisitor } from './helpers/support-helpers.js';
import type { TestServer } from './helpers/test-server.js';
import {
  createWebhook,
  deliveriesOf,
  sendTestEvent,
  startWebhookTestServer,
} from './helpers/webhook-helpers.js';
import type { WebhookReceiver } from './helpers/webhook-receiver.js';
import { startWebhookReceiver } from './helpers/webhook-receiver.js';

describe('webhooks: the admin API', () => {
  let t: TestServer;
  let admin: TestUser;
  let user: TestUser;
  let receiver: WebhookReceiver;
  let trap: PageServer;

  beforeAll(async () => {
    [t, receiver, trap] = await Promise.all([
      startWebhookTestServer(),
      startWebhookReceiver(),
      startTrap('127.0.0.1'),
    ]);
    admin = await registerAdmin(t);
    user = await registerUser(t.url, 'user');
  });
  afterEach(async () => {
    await t.server.database.db.delete(webhooks);
  });
  afterAll(async () => {
    await t.close();
    await Promise.all([receiver.close(), trap.close()]);
    // Not one request of these tests reached the trap: no URL to it was ever used.
    expect(trap.connections).toBe(0);
  });

  const call = <T = unknown>(method: string, path: string, body?: unknown, token = admin.token) =>
    http<T>(t.url, method, path, { token, body });

  it('creates an instance webhook, answering its secret once; lists never show it', async () => {
    const created = await call<{ webhook: Webhook }>('POST', '/api/webhooks', {
      url: receiver.url('/instance'),
      events: ['message.created', 'conversation.created'],
    });
    expect(created.status).toBe(201);
    expect(created.body.webhook).toMatchObject({
      siteId: null,
      url: receiver.url('/instance'),
      events: ['message.created', 'conversation.created'],
      enabled: true,
    });
    expect(created.body.webhook.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);

    const listed = await call<{ webhooks: Webhook[] }>('GET', '/api/webhooks');
    expect(listed.status).toBe(200);
    expect(listed.body.webhooks).toEqual([{ ...created.body.webhook, secret: undefined }]);
    expect(listed.body.webhooks[0]).not.toHaveProperty('secret');
  });

  it("keeps a site's webhooks apart from the instance's", async () => {
    const site = await createSite(t, admin);
    const ofSite = await createWebhook(t, admin, {
      url: receiver.url('/site'),
      events: ['conversation.created'],
      siteId: site.id,
    });
    const ofInstance = await createWebhook(t, admin, {
      url: receiver.url('/all'),
      events: ['conversation.created'],
    });
    const list = async (query: string) =>
      (await call<{ webhooks: Webhook[] }>('GET', `/api/webhooks${query}`)).body.webhooks.map(
        (webhook) => webhook.id,
      );
    expect(await list(`?siteId=${site.id}`)).toEqual([ofSite.id]);
    expect(await list('')).toEqual([ofInstance.id]);
    expect(ofSite.siteId).toBe(site.id);
  });

  it('changes the URL, the events and the switch, and rotates the secret', async () => {
    const webhook = await createWebhook(t, admin, {
      url: receiver.url('/before'),
      events: ['message.created'],
    });
    const patched = await call<{ webhook: Webhook }>('PATCH', `/api/webhooks/${webhook.id}`, {
      url: receiver.url('/after'),
      events: ['conversation.resolved', 'conversation.assigned'],
      enabled: false,
    });
    expect(patched.status).toBe(200);
    expect(patched.body.webhook).toEqual({
      id: webhook.id,
      siteId: null,
      url: receiver.url('/after'),
      events: ['conversation.resolved', 'conversation.assigned'],
      enabled: false,
      createdAt: webhook.createdAt,
    });

    const rotated = await call<{ webhook: Webhook }>('POST', `/api/webhooks/${webhook.id}/secret`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.webhook.secret).toMatch(/^whsec_/);
    expect(rotated.body.webhook.secret).not.toBe(webhook.secret);
  });

  it('deletes a webhook with its log; afterwards it is not found', async () => {
    const webhook = await createWebhook(t, admin, {
      url: receiver.url('/gone'),
      events: ['message.created'],
    });
    await sendTestEvent(t, admin, webhook.id);
    expect((await call('DELETE', `/api/webhooks/${webhook.id}`)).status).toBe(204);
    for (const [method, path] of [
      ['DELETE', `/api/webhooks/${webhook.id}`],
      ['PATCH', `/api/webhooks/${webhook.id}`],
      ['POST', `/api/webhooks/${webhook.id}/secret`],
      ['POST', `/api/webhooks/${webhook.id}/test`],
      ['GET', `/api/webhooks/${webhook.id}/deliveries`],
    ] as const) {
      const body = method === 'PATCH' ? { enabled: true } : undefined;
      expect(expectHttpError(await call(method, path, body), 404, 'not_found')).toBe(
        'webhook not found',
      );
    }
  });

  it('pages the log newest first', async () => {
    const webhook = await createWebhook(t, admin, {
      url: receiver.url('/paged'),
      events: ['message.created'],
    });
    const sent: WebhookDelivery[] = [];
    for (let i = 0; i < 3; i++) sent.push(await sendTestEvent(t, admin, webhook.id));
    const first = await deliveriesOf(t, admin, webhook.id, '?limit=2');
    expect(first.deliveries.map((d) => d.id)).toEqual([sent[2]?.id, sent[1]?.id]);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await deliveriesOf(
      t,
      admin,
      webhook.id,
      `?limit=2&cursor=${encodeURIComponent(first.nextCursor ?? '')}`,
    );
    expect(second.deliveries.map((d) => d.id)).toEqual([sent[0]?.id]);
    expect(second.nextCursor).toBeNull();
  });

  it('prunes settled deliveries older than the retention, never pending ones', async () => {
    const webhook = await createWebhook(t, admin, {
      url: receiver.url('/pruned'),
      events: ['message.created'],
    });
    const [old, oldPending, recent] = [
      await sendTestEvent(t, admin, webhook.id),
      await sendTestEvent(t, admin, webhook.id),
      await sendTestEvent(t, admin, webhook.id),
    ];
    await expect
      .poll(async () => (await deliveriesOf(t, admin, webhook.id)).deliveries.map((d) => d.status))
      .toEqual(['delivered', 'delivered', 'delivered']);
    const db = t.server.database.db;
    const monthAgo = new Date(Date.now() - 31 * 24 * 3_600_000);
    await db
      .update(webhookDeliveries)
      .set({ createdAt: monthAgo })
      .where(inArray(webhookDeliveries.id, [old.id, oldPending.id]));
    await db
      .update(webhookDeliveries)
      .set({ status: 'pending', nextAttemptAt: new Date(Date.now() + 3_600_000) })
      .where(eq(webhookDeliveries.id, oldPending.id));

    expect(await t.server.webhookLogPruner.prune()).toBe(1);
    const left = (await deliveriesOf(t, admin, webhook.id)).deliveries.map((d) => d.id);
    expect(left.sort()).toEqual([oldPending.id, recent.id].sort());
  });

  it(`refuses a webhook past ${WEBHOOKS_PER_SCOPE_MAX} in one scope (conflict)`, async () => {
    for (let i = 0; i < WEBHOOKS_PER_SCOPE_MAX; i++) {
      await createWebhook(t, admin, { url: receiver.url(`/n${i}`), events: ['message.created'] });
    }
    const refused = await call('POST', '/api/webhooks', {
      url: receiver.url('/one-too-many'),
      events: ['message.created'],
    });
    expect(expectHttpError(refused, 409, 'conflict')).toMatch(/at most 20/);
    // Another scope has its own count.
    const site = await createSite(t, admin);
    await createWebhook(t, admin, {
      url: receiver.url('/site'),
      events: ['message.created'],
      siteId: site.id,
    });
  });

  describe('who may', () => {
    const routes = (id: string) =>
      [
        ['GET', '/api/webhooks', undefined],
        [
          'POST',
          '/api/webhooks',
          { url: 'https://hooks.example.com/x', events: ['message.created'] },
        ],
        ['PATCH', `/api/webhooks/${id}`, { enabled: false }],
        ['DELETE', `/api/webhooks/${id}`, undefined],
        ['POST', `/api/webhooks/${id}/secret`, undefined],
        ['POST', `/api/webhooks/${id}/test`, undefined],
        ['GET', `/api/webhooks/${id}/deliveries`, undefined],
      ] as const;

    it('refuses every route to a user who is not the admin (403), and changes nothing', async () => {
      const webhook = await createWebhook(t, admin, {
        url: receiver.url('/guarded'),
        events: ['message.created'],
      });
      for (const [method, path, body] of routes(webhook.id)) {
        expectHttpError(await call(method, path, body, user.token), 403, 'forbidden');
      }
      // Still there, unchanged, with nothing queued.
      const [listed] = (await call<{ webhooks: Webhook[] }>('GET', '/api/webhooks')).body.webhooks;
      expect(listed).toMatchObject({ id: webhook.id, enabled: true });
      expect((await deliveriesOf(t, admin, webhook.id)).deliveries).toEqual([]);
    });

    it('refuses a website visitor (403) and an anonymous caller (401) everywhere', async () => {
      const webhook = await createWebhook(t, admin, {
        url: receiver.url('/guarded'),
        events: ['message.created'],
      });
      const visitor = await startVisitor(t, await createSite(t, admin));
      for (const [method, path, body] of routes(webhook.id)) {
        expectHttpError(await call(method, path, body, visitor.token), 403, 'forbidden');
        expectHttpError(await http(t.url, method, path, { body }), 401, 'unauthorized');
      }
    });

    it("answers not_found for an unknown site's webhooks", async () => {
      expectHttpError(await call('GET', '/api/webhooks?siteId=nope'), 404, 'not_found');
      const created = await call('POST', '/api/webhooks', {
        url: receiver.url('/x'),
        events: ['message.created'],
        siteId: 'nope',
      });
      expect(expectHttpError(created, 404, 'not_found')).toBe('site not found');
    });
  });

  describe('bad input', () => {
    it.each([
      [{ url: 'not a url', events: ['message.created'] }, /^url: /],
      [{ url: 'ftp://hooks.example.com/x', events: ['message.created'] }, /^url: /],
      [
        { url: 'https://me:pw@hooks.example.com/x', events: ['message.created'] },
        /^url: .*password/,
      ],
      [
        { url: `https://hooks.example.com/${'x'.repeat(2048)}`, events: ['message.created'] },
        /^url: /,
      ],
      [{ url: 'https://hooks.example.com/x', events: [] }, /^events: /],
      [{ url: 'https://hooks.example.com/x', events: ['message.deleted'] }, /^events\.0: /],
      [{ url: 'https://hooks.example.com/x', events: ['webhook.test'] }, /^events\.0: /],
      [
        { url: 'https://hooks.example.com/x', events: ['message.created', 'message.created'] },
        /^events: /,
      ],
      [{ url: 'https://hooks.example.com/x' }, /^events: /],
      [{ events: ['message.created'] }, /^url: /],
      [
        { url: 'https://hooks.example.com/x', events: ['message.created'], secret: 'mine' },
        /secret/,
      ],
      [{ url: 'https://hooks.example.com/x', events: ['message.created'], siteId: 7 }, /^siteId: /],
    ])('refuses to create %j, naming the field', async (body, message) => {
      expect(
        expectHttpError(await call('POST', '/api/webhooks', body), 400, 'bad_request'),
      ).toMatch(message);
      expect((await call<{ webhooks: Webhook[] }>('GET', '/api/webhooks')).body.webhooks).toEqual(
        [],
      );
    });

    it('refuses bad changes, queries and cursors, naming the field', async () => {
      const webhook = await createWebhook(t, admin, {
        url: receiver.url('/strict'),
        events: ['message.created'],
      });
      const patch = (body: unknown) => call('PATCH', `/api/webhooks/${webhook.id}`, body);
      expect(expectHttpError(await patch({}), 400, 'bad_request')).toMatch(/at least one/);
      expect(expectHttpError(await patch({ enabled: 'yes' }), 400, 'bad_request')).toMatch(
        /^enabled: /,
      );
      expect(expectHttpError(await patch({ siteId: null }), 400, 'bad_request')).toMatch(/siteId/);
      expect(expectHttpError(await patch({ events: [] }), 400, 'bad_request')).toMatch(/^events: /);
      const log = (query: string) => call('GET', `/api/webhooks/${webhook.id}/deliveries${query}`);
      expect(expectHttpError(await log('?limit=0'), 400, 'bad_request')).toMatch(/^limit: /);
      expect(expectHttpError(await log('?limit=101'), 400, 'bad_request')).toMatch(/^limit: /);
      expect(expectHttpError(await log('?cursor=%21%21'), 400, 'bad_request')).toMatch(/^cursor: /);
      expect(expectHttpError(await log('?since=now'), 400, 'bad_request')).toMatch(/since/);
      // Nothing changed.
      const [listed] = (await call<{ webhooks: Webhook[] }>('GET', '/api/webhooks')).body.webhooks;
      expect(listed).toMatchObject({ url: receiver.url('/strict'), enabled: true });
    });
  });

  describe('where a webhook may point', () => {
    it.each([
      ['http://127.0.0.1:9/', /^url: refused: 127\.0\.0\.1 is 127\.0\.0\.1 \(loopback\)/],
      ['http://[::1]:9/', /^url: refused: ::1 is ::1 \(loopback\)/],
      ['http://10.0.0.7/', /^url: refused: .*\(private\)/],
      ['http://169.254.169.254/latest/meta-data/', /^url: refused: .*\(linkLocal\)/],
      ['http://2130706433/', /^url: refused: .*\(loopback\)/],
      ['http://localhost:9/', /^url: refused: private host name localhost/],
      ['http://metadata.google.internal/', /^url: refused: private host name/],
    ])('refuses %s when it is saved', async (url, message) => {
      const created = await call('POST', '/api/webhooks', { url, events: ['message.created'] });
      expect(expectHttpError(created, 400, 'bad_request')).toMatch(message);
    });

    it('refuses a private address in a change too', async () => {
      const webhook = await createWebhook(t, admin, {
        url: receiver.url('/moving'),
        events: ['message.created'],
      });
      const patched = await call('PATCH', `/api/webhooks/${webhook.id}`, { url: trap.url('/') });
      expect(expectHttpError(patched, 400, 'bad_request')).toMatch(/^url: refused: .*loopback/);
    });
  });
});
