import { useCallback, useSyncExternalStore } from 'react';

/**
 * Whether the user dismissed the invitation to turn notifications on, per user and browser, in
 * localStorage: once dismissed it never comes back (the settings keep the switch).
 */
const key = (userId: string) => `natter:push-invitation-dismissed:${userId}`;
const listeners = new Set<() => void>();
const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

function dismissed(userId: string): boolean {
  try {
    return localStorage.getItem(key(userId)) !== null;
  } catch {
    return false;
  }
}

export function usePushInvitationDismissed(userId: string): [boolean, () => void] {
  const value = useSyncExternalStore(subscribe, () => dismissed(userId));
  const dismiss = useCallback(() => {
    try {
      localStorage.setItem(key(userId), new Date().toISOString());
    } catch {
      // Storage disabled: dismissed until the page reloads.
    }
    listeners.forEach((listener) => listener());
  }, [userId]);
  return [value, dismiss];
}
