import { useSyncExternalStore } from 'react';

/**
 * Whether the user can actually see the page: the tab is visible and the window has focus.
 * Read marks wait for this, so a message that arrives in a background tab stays unread.
 */
const subscribe = (listener: () => void) => {
  document.addEventListener('visibilitychange', listener);
  window.addEventListener('focus', listener);
  window.addEventListener('blur', listener);
  return () => {
    document.removeEventListener('visibilitychange', listener);
    window.removeEventListener('focus', listener);
    window.removeEventListener('blur', listener);
  };
};

const isActive = () => document.visibilityState === 'visible' && document.hasFocus();

export function usePageActive(): boolean {
  return useSyncExternalStore(subscribe, isActive);
}
