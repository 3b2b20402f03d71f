import { NatterError } from '../natter-error.js';
import type { PushApi } from '../transport/push-api.js';

/**
 * Web Push for this browser, on top of `PushApi`: for the web app and the visitors' `/c/<link>`
 * page alike. `unsupported`: no service worker or Push API (an old browser, an insecure origin,
 * iOS outside an installed app); `blocked`: the user or a policy denied notifications; `off`:
 * allowed but this browser is not subscribed; `on`: subscribed.
 */
export type BrowserPushState = 'unsupported' | 'blocked' | 'off' | 'on';

export interface BrowserPushOptions {
  /** The service worker that shows the pushes, at the site's root so it covers every page. */
  serviceWorkerUrl?: string;
  /**
   * Asks for notification permission: an app that asks from elsewhere too passes its one flow,
   * so the browser never asks twice. Defaults to `Notification.requestPermission`.
   */
  askPermission?: () => Promise<NotificationPermission>;
}

const DEFAULT_WORKER = '/sw.js';

export const browserPushSupported = (): boolean =>
  typeof navigator !== 'undefined' &&
  'serviceWorker' in navigator &&
  typeof PushManager !== 'undefined' &&
  typeof Notification !== 'undefined';

async function currentSubscription(): Promise<PushSubscription | null> {
  const registration = await navigator.serviceWorker.getRegistration('/');
  return (await registration?.pushManager.getSubscription()) ?? null;
}

/** Where this browser stands (asks nothing of the user). */
export async function browserPushState(): Promise<BrowserPushState> {
  if (!browserPushSupported()) return 'unsupported';
  if (Notification.permission === 'denied') return 'blocked';
  if (Notification.permission !== 'granted') return 'off';
  return (await currentSubscription()) ? 'on' : 'off';
}

/**
 * Subscribes this browser: asks for permission (call it from a click: browsers ignore or punish
 * a request nobody asked for), registers the service worker, subscribes with the server's VAPID
 * key and hands the subscription to the server. Answers the state it reached (`blocked` when the
 * user said no). A subscription the server refuses is dropped again, so none is left dangling.
 */
export async function enableBrowserPush(
  api: PushApi,
  options: BrowserPushOptions = {},
): Promise<BrowserPushState> {
  if (!browserPushSupported()) return 'unsupported';
  const permission = await (options.askPermission ?? (() => Notification.requestPermission()))();
  if (permission === 'denied') return 'blocked';
  if (permission !== 'granted') return 'off';
  await navigator.serviceWorker.register(options.serviceWorkerUrl ?? DEFAULT_WORKER);
  const registration = await navigator.serviceWorker.ready;
  const subscription =
    (await registration.pushManager.getSubscription()) ??
    (await registration.pushManager.subscribe({
      userVisibleOnly: true,
      applicationServerKey: base64UrlBytes(await api.vapidPublicKey()),
    }));
  try {
    await api.subscribePush(subscription.toJSON() as Parameters<PushApi['subscribePush']>[0]);
  } catch (error) {
    await subscription.unsubscribe().catch(() => undefined);
    throw error;
  }
  return 'on';
}

/**
 * Hands this browser's existing subscription to the server again, for the session now signed in:
 * a session that ended (expired, signed out elsewhere) took its subscription with it, while the
 * browser still holds one and would show "on" with no pushes coming. The server's upsert makes
 * a repeat harmless. A subscription the server refuses is dropped, so the state reads "off".
 * Asks nothing of the user; answers the state reached.
 */
export async function resyncBrowserPush(api: PushApi): Promise<BrowserPushState> {
  const state = await browserPushState();
  if (state !== 'on') return state;
  const subscription = await currentSubscription();
  if (!subscription) return 'off';
  try {
    await api.subscribePush(subscription.toJSON() as Parameters<PushApi['subscribePush']>[0]);
    return 'on';
  } catch (error) {
    // Refused (the endpoint is no longer allowed, say): not left half on. A network failure
    // leaves it as it is, to be handed over next time.
    if (error instanceof NatterError && error.code === 'bad_request') {
      await subscription.unsubscribe().catch(() => undefined);
      return 'off';
    }
    return 'on';
  }
}

/**
 * Unsubscribes this browser, at the push service and at the server. The server call goes first
 * and may fail quietly (signed out already: the session's subscriptions went with it).
 */
export async function disableBrowserPush(api: PushApi): Promise<void> {
  if (!browserPushSupported()) return;
  const subscription = await currentSubscription();
  if (!subscription) return;
  await api.unsubscribePush(subscription.endpoint).catch(() => undefined);
  await subscription.unsubscribe();
}

/** A VAPID key as `applicationServerKey` wants it: the bytes of its base64url text. */
export function base64UrlBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
