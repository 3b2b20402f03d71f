import { useCallback, useSyncExternalStore } from 'react';
import type { Route } from '../lib/route-path.js';
import { pathOfRoute, routeOfPath } from '../lib/route-path.js';

/** The screen lives in the URL (see route-path.ts); history entries make back buttons work. */
const listeners = new Set<() => void>();
const notify = () => listeners.forEach((l) => l());
window.addEventListener('popstate', notify);

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

// Cached per path, so useSyncExternalStore sees the same object until the URL changes.
let cached: { path: string; route: Route } | undefined;
const currentRoute = () => {
  const { pathname, search } = window.location;
  const path = pathname + search;
  if (cached?.path !== path) cached = { path, route: routeOfPath(pathname, search) };
  return cached.route;
};

export function useRoute(): [Route, (next: Route) => void] {
  const route = useSyncExternalStore(subscribe, currentRoute);
  const navigate = useCallback((next: Route) => {
    const path = pathOfRoute(next);
    const { pathname, search } = window.location;
    if (pathname + search !== path) window.history.pushState(null, '', path);
    notify();
  }, []);
  return [route, navigate];
}
