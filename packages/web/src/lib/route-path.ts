/**
 * The app's places, as the URL spells them, so a reload or a shared link reopens the same screen
 * and the phone's back button works: `/rooms/:id[?message=:messageId]` (chats: a search result
 * opens the room at that message), `/inbox[/:roomId]` (agents),
 * `/settings[/sites/:id]` and `/settings/webhooks` (the admin), `/settings/profile` (everyone's
 * own account). The server answers every such path with index.html.
 */
export type Route =
  | { view: 'chats'; roomId?: string | undefined; messageId?: string | undefined }
  | { view: 'inbox'; roomId?: string | undefined }
  | { view: 'settings'; siteId?: string | undefined; webhooks?: true | undefined }
  | { view: 'profile' };

const PATTERNS: readonly [RegExp, (id: string | undefined) => Route][] = [
  [/^\/rooms\/([^/]+)\/?$/, (roomId) => ({ view: 'chats', roomId })],
  // The server's push notifications link to `/chat/:id` (notifications/push-payload.ts).
  [/^\/chat\/([^/]+)\/?$/, (roomId) => ({ view: 'chats', roomId })],
  [/^\/inbox(?:\/([^/]+))?\/?$/, (roomId) => ({ view: 'inbox', roomId })],
  [/^\/settings\/profile\/?$/, () => ({ view: 'profile' })],
  [/^\/settings\/webhooks\/?$/, () => ({ view: 'settings', webhooks: true })],
  [/^\/settings(?:\/sites\/([^/]+))?\/?$/, (siteId) => ({ view: 'settings', siteId })],
];

export function routeOfPath(pathname: string, search = ''): Route {
  for (const [pattern, route] of PATTERNS) {
    const match = pattern.exec(pathname);
    if (!match) continue;
    const place = route(match[1] === undefined ? undefined : decodeURIComponent(match[1]));
    const messageId = new URLSearchParams(search).get('message');
    return place.view === 'chats' && place.roomId && messageId ? { ...place, messageId } : place;
  }
  return { view: 'chats' };
}

export function pathOfRoute(route: Route): string {
  const id = (value: string | undefined) => (value ? `/${encodeURIComponent(value)}` : '');
  switch (route.view) {
    case 'chats':
      if (!route.roomId) return '/';
      return route.messageId
        ? `/rooms${id(route.roomId)}?message=${encodeURIComponent(route.messageId)}`
        : `/rooms${id(route.roomId)}`;
    case 'inbox':
      return `/inbox${id(route.roomId)}`;
    case 'settings':
      if (route.webhooks) return '/settings/webhooks';
      return route.siteId ? `/settings/sites${id(route.siteId)}` : '/settings';
    case 'profile':
      return '/settings/profile';
  }
}
