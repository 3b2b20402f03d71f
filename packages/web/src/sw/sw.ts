import '../zod-without-eval.js';
import { pushJson, pushNotification } from './push-notification.js';
import { clickPlan, roomOnScreen } from './window-clients.js';
import type { WindowLike } from './window-clients.js';

/**
 * The service worker, built to `/sw.js` (vite.sw.config.ts) so its scope is the whole site: the
 * chat app and the visitors' `/c/<link>` pages. It shows Web Push notifications and opens the
 * conversation on a click; it caches nothing. The logic lives in the pure modules beside it;
 * this file only wires browser events to them.
 *
 * The app compiles against the DOM library, which has no service-worker globals: the few used
 * here are typed below.
 */
interface WindowClientLike extends WindowLike {
  focus(): Promise<unknown>;
  navigate(url: string): Promise<unknown>;
}
interface ExtendableEventLike extends Event {
  waitUntil(work: Promise<unknown>): void;
}
interface PushEventLike extends ExtendableEventLike {
  data: { json(): unknown } | null;
}
interface NotificationEventLike extends ExtendableEventLike {
  notification: Notification;
}
interface ServiceWorkerScope {
  registration: ServiceWorkerRegistration;
  clients: {
    matchAll(options: {
      type: 'window';
      includeUncontrolled: boolean;
    }): Promise<WindowClientLike[]>;
    openWindow(url: string): Promise<unknown>;
    claim(): Promise<void>;
  };
  skipWaiting(): Promise<void>;
  addEventListener(
    type: 'install' | 'activate',
    listener: (event: ExtendableEventLike) => void,
  ): void;
  addEventListener(type: 'push', listener: (event: PushEventLike) => void): void;
  addEventListener(
    type: 'notificationclick',
    listener: (event: NotificationEventLike) => void,
  ): void;
}
const sw = self as unknown as ServiceWorkerScope;

// Nothing cached, nothing to migrate: a new version takes over at once.
sw.addEventListener('install', (event) => event.waitUntil(sw.skipWaiting()));
sw.addEventListener('activate', (event) => event.waitUntil(sw.clients.claim()));

const windows = () => sw.clients.matchAll({ type: 'window', includeUncontrolled: true });

sw.addEventListener('push', (event) => {
  const shown = pushNotification(pushJson(event.data));
  if (!shown) return;
  const { roomId, url } = shown.payload;
  event.waitUntil(
    windows().then((open) =>
      roomOnScreen(open, roomId, url)
        ? undefined
        : sw.registration.showNotification(shown.title, shown.options),
    ),
  );
});

sw.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const { url, roomId } = (event.notification.data ?? {}) as { url?: string; roomId?: string };
  if (!url || !roomId) return;
  event.waitUntil(
    windows().then((open) => {
      const plan = clickPlan(open, roomId, url);
      if (plan.action === 'open') return sw.clients.openWindow(url);
      // Focus first: the click's permission to raise a window does not outlast a navigation.
      const focused = plan.window.focus();
      return plan.action === 'navigate' ? focused.then(() => plan.window.navigate(url)) : focused;
    }),
  );
});
