import { useCallback, useSyncExternalStore } from 'react';

/**
 * The open room lives in the URL (`/rooms/:id`), so a reload or a shared link reopens it and the
 * phone's back button returns to the list. The server answers every such path with index.html.
 */
const listeners = new Set<() => void>();
const notify = () => listeners.forEach((l) => l());
window.addEventListener('popstate', notify);

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

const roomFromPath = () => {
  const match = /^\/rooms\/([^/]+)\/?$/.exec(window.location.pathname);
  return match?.[1] ? decodeURIComponent(match[1]) : undefined;
};

export function useRoute(): [string | undefined, (roomId: string | undefined) => void] {
  const roomId = useSyncExternalStore(subscribe, roomFromPath);
  const navigate = useCallback((next: string | undefined) => {
    const path = next ? `/rooms/${encodeURIComponent(next)}` : '/';
    if (window.location.pathname !== path) window.history.pushState(null, '', path);
    notify();
  }, []);
  return [roomId, navigate];
}
