import { useEffect, useSyncExternalStore } from 'react';
import {
  browserPushState,
  disableBrowserPush,
  enableBrowserPush,
  resyncBrowserPush,
} from '@natter/client';
import type { BrowserPushState, PushApi } from '@natter/client';
import { requestNotificationPermission } from './notification-permission.js';

/**
 * This browser's Web Push state, one for the whole page: the Notifications settings and the
 * invitation in the rooms list show the same thing and change it together. `checking` until the
 * service worker registration has been asked.
 */
export type PushStatus = BrowserPushState | 'checking';

let status: PushStatus = 'checking';
const listeners = new Set<() => void>();
const set = (next: PushStatus) => {
  status = next;
  listeners.forEach((listener) => listener());
};
const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

/** Re-reads where the browser stands (the permission may have changed in its settings). */
export const refreshPushStatus = (): Promise<void> =>
  browserPushState().then(set, () => set('unsupported'));

export function usePushStatus(): PushStatus {
  useEffect(() => void refreshPushStatus(), []);
  return useSyncExternalStore(subscribe, () => status);
}

/** Turns push on for this browser, from a click; rejects when the server refuses it. */
export async function enablePush(api: PushApi): Promise<void> {
  set(await enableBrowserPush(api, { askPermission: requestNotificationPermission }));
}

/** On signing in (or reloading): this browser's subscription, if any, belongs to this session. */
export const resyncPush = (api: PushApi): Promise<void> =>
  resyncBrowserPush(api).then(set, () => set('unsupported'));

/** Turns push off for this browser (also on sign-out, before the session ends). */
export async function disablePush(api: PushApi): Promise<void> {
  await disableBrowserPush(api);
  await refreshPushStatus();
}
