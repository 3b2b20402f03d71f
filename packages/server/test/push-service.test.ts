import { get, request } from 'node:https';
import webpush from 'web-push';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPushService } from './helpers/push-helpers.js';
import type { PushService } from './helpers/push-service.js';

let service: PushService;

beforeAll(async () => {
  service = await startPushService();
});

afterAll(async () => {
  await service?.close();
});

describe('the local push service the push tests rely on', () => {
  it('decrypts what web-push encrypts for a subscription (aes128gcm)', () => {
    const { endpointId, keys } = service.subscribe();
    const text = JSON.stringify({ hello: 'wörld 😀', n: 'x'.repeat(3000) });
    const encrypted = webpush.encrypt(keys.p256dh, keys.auth, text, 'aes128gcm');
    expect(service.decrypt(endpointId, encrypted.cipherText)).toBe(text);
  });

  it('refuses a body encrypted for another subscription', () => {
    const mine = service.subscribe();
    const theirs = service.subscribe();
    const encrypted = webpush.encrypt(theirs.keys.p256dh, theirs.keys.auth, '{}', 'aes128gcm');
    expect(() => service.decrypt(mine.endpointId, encrypted.cipherText)).toThrow();
  });

  it('is trusted by this test worker through NODE_EXTRA_CA_CERTS, as the servers it starts are', async () => {
    expect(process.env.NODE_EXTRA_CA_CERTS).toBeTruthy();
    // No `ca` option: only the process-wide trust store can vouch for the self-signed certificate.
    const status = await new Promise<number | undefined>((resolve, reject) => {
      get(`${service.origin}/push/unknown`, (res) => {
        res.resume();
        resolve(res.statusCode);
      }).on('error', reject);
    });
    expect(status).toBe(404);
  });

  it('refuses a push whose VAPID JWT is signed for another audience', async () => {
    const { endpointId, ...subscription } = service.subscribe();
    const keys = webpush.generateVAPIDKeys();
    const vapidDetails = { subject: 'mailto:test@example.com', ...keys };
    const details = webpush.generateRequestDetails(subscription, '{}', { vapidDetails });
    const elsewhere = webpush.getVapidHeaders(
      'https://elsewhere.example',
      vapidDetails.subject,
      keys.publicKey,
      keys.privateKey,
      'aes128gcm',
    );
    const headers = { ...details.headers, Authorization: elsewhere.Authorization };
    const status = await new Promise<number | undefined>((resolve, reject) => {
      request(details.endpoint, { method: 'POST', headers }, (res) => {
        res.resume();
        resolve(res.statusCode);
      })
        .on('error', reject)
        .end(details.body);
    });
    expect(status).toBe(403);
    expect(service.rejections.at(-1)).toMatch(/^aud /);
    expect(service.deliveriesTo(endpointId)).toEqual([]);
  });
});
