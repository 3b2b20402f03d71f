import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NatterError, createWebhookClient } from '../src/index.js';
import { registerUser } from '../../server/test/helpers/clients.js';
import { createSite, registerAdmin } from '../../server/test/helpers/support-helpers.js';
import type { TestServer } from '../../server/test/helpers/test-server.js';
import { startWebhookTestServer } from '../../server/test/helpers/webhook-helpers.js';
import type { WebhookReceiver } from '../../server/test/helpers/webhook-receiver.js';
import { startWebhookReceiver } from '../../server/test/helpers/webhook-receiver.js';
import { failure } from './helpers/sdk.js';

let t: TestServer;
let receiver: WebhookReceiver;

beforeAll(async () => {
  [t, receiver] = await Promise.all([startWebhookTestServer(), startWebhookReceiver()]);
});
afterAll(async () => {
  await t.close();
  await receiver.close();
});

describe('the webhook API', () => {
  it("lets the admin add a site's webhook, test it, read its log, change and delete it", async () => {
    const admin = await registerAdmin(t);
    const api = createWebhookClient({ baseUrl: t.url, token: admin.token });
    const site = await createSite(t, admin);

    const created = await api.create({
      url: receiver.url('/sdk'),
      events: ['conversation.created'],
      siteId: site.id,
    });
    expect(created.secret).toMatch(/^whsec_/);
    expect(await api.list(site.id)).toEqual([{ ...created, secret: undefined }]);
    expect(await api.list()).toEqual([]);

    const queued = await api.sendTest(created.id);
    await receiver.receive((r) => r.eventId === queued.id);
    await expect
      .poll(async () => (await api.deliveries(created.id, { limit: 5 })).deliveries)
      .toEqual([expect.objectContaining({ id: queued.id, status: 'delivered', attempts: 1 })]);

    const updated = await api.update(created.id, { enabled: false });
    expect(updated.enabled).toBe(false);
    expect(updated).not.toHaveProperty('secret');
    const rotated = await api.rotateSecret(created.id);
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(created.secret);
    await api.delete(created.id);
    expect((await failure(api.delete(created.id)))?.code).toBe('not_found');
  });

  it('answers refusals as NatterErrors: a non-admin, a bad URL', async () => {
    const stranger = await registerUser(t.url, 'stranger');
    const asStranger = createWebhookClient({ baseUrl: t.url, token: stranger.token });
    const refused = await failure(asStranger.list());
    expect(refused).toBeInstanceOf(NatterError);
    expect(refused?.code).toBe('forbidden');

    const admin = await registerAdmin(t);
    const bad = await failure(
      createWebhookClient({ baseUrl: t.url, token: admin.token }).create({
        url: 'http://127.0.0.1:9/',
        events: ['message.created'],
      }),
    );
    expect(bad?.code).toBe('bad_request');
    expect(bad?.message).toMatch(/^url: refused/);
  });
});
