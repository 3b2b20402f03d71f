import { useSyncExternalStore } from 'react';

/**
 * The one way the app asks for notification permission, shared by the agents' desktop alerts
 * (cue-controls.tsx) and Web Push (use-browser-push.ts): whichever a user turns on first asks,
 * the other finds the answer given, and both show it at once. Only ever called from a click.
 */
export type PermissionState = NotificationPermission | 'unsupported';

const listeners = new Set<() => void>();
const notify = () => listeners.forEach((listener) => listener());

export const notificationPermission = (): PermissionState =>
  typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;

export async function requestNotificationPermission(): Promise<NotificationPermission> {
  if (typeof Notification === 'undefined') return 'denied';
  const answer =
    Notification.permission === 'default'
      ? await Notification.requestPermission()
      : Notification.permission;
  notify();
  return answer;
}

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  // Changed in the browser's site settings while the page is open: it tells by this event.
  const changes = navigator.permissions
    ?.query({ name: 'notifications' })
    .then((status) => {
      status.onchange = notify;
      return status;
    })
    .catch(() => undefined);
  return () => {
    listeners.delete(listener);
    void changes?.then((status) => status && (status.onchange = null));
  };
};

export const useNotificationPermission = (): PermissionState =>
  useSyncExternalStore(subscribe, notificationPermission);
