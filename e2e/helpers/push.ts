import type { BrowserContext, Page } from 'playwright-core';
import type { PushPayload, PushSubscriptionBody } from '@natter/protocol';

/**
 * Web Push in headless Chromium (../shared KNOWN.md): the service worker, the notification
 * permission and `showNotification` are real, `pushManager.subscribe()` is not (it never
 * settles: the browser's push service is unreachable). So the page's `subscribe()` is replaced
 * by one answering `subscription`: one of the local push service's (its keys are a browser's,
 * so the service decrypts what the server sends it), and pushes reach the service worker over
 * the DevTools protocol.
 */
type StubSubscription = Pick<PushSubscriptionBody, 'endpoint' | 'keys'>;

/** Grants notifications and stubs `PushManager` in every page of `context` (before it loads). */
export async function stubPushManager(
  context: BrowserContext,
  origin: string,
  subscription: StubSubscription,
): Promise<void> {
  await context.grantPermissions(['notifications'], { origin });
  await context.addInitScript((stub: StubSubscription) => {
    // Kept per tab in sessionStorage: a reload still finds the subscription, as a real one would.
    const KEY = 'e2e:push-subscription';
    const make = (options?: PushSubscriptionOptionsInit) => ({
      endpoint: stub.endpoint,
      expirationTime: null,
      options,
      toJSON: () => ({ endpoint: stub.endpoint, expirationTime: null, keys: stub.keys }),
      unsubscribe: async () => {
        sessionStorage.removeItem(KEY);
        return true;
      },
    });
    PushManager.prototype.subscribe = async function (options) {
      const key = options?.applicationServerKey;
      sessionStorage.setItem(
        KEY,
        JSON.stringify({
          userVisibleOnly: options?.userVisibleOnly,
          keyBytes: key instanceof Uint8Array ? key.length : 0,
        }),
      );
      return make(options) as unknown as PushSubscription;
    };
    PushManager.prototype.getSubscription = async function () {
      return sessionStorage.getItem(KEY) ? (make() as unknown as PushSubscription) : null;
    };
  }, subscription);
}

/** What the page passed to the stubbed `subscribe()`, or null when it was never called. */
export const subscribeOptions = (page: Page) =>
  page.evaluate(
    () =>
      JSON.parse(sessionStorage.getItem('e2e:push-subscription') ?? 'null') as {
        userVisibleOnly: boolean;
        keyBytes: number;
      } | null,
  );

/**
 * Delivers `payload` as a push to the page's service worker, the way the browser does with a
 * push it received and decrypted: `ServiceWorker.deliverPushMessage`.
 */
export async function deliverPush(page: Page, payload: PushPayload | string): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const origin = new URL(page.url()).origin;
  const registrationId = new Promise<string>((resolve) => {
    cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
      const ours = registrations.find(
        (r: { scopeURL: string; isDeleted: boolean }) =>
          r.scopeURL === `${origin}/` && !r.isDeleted,
      );
      if (ours) resolve(ours.registrationId as string);
    });
  });
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.deliverPushMessage', {
    origin,
    registrationId: await registrationId,
    data: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
  await cdp.detach();
}

/** The notifications the service worker shows now (title, body, tag, data). */
export const shownNotifications = (page: Page) =>
  page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    return (await registration.getNotifications()).map((n) => ({
      title: n.title,
      body: n.body,
      tag: n.tag,
      icon: n.icon,
      data: n.data as unknown,
    }));
  });
