/** What the service worker needs to know of one of our open tabs (a `WindowClient`). */
export interface WindowLike {
  url: string;
  focused: boolean;
  visibilityState: DocumentVisibilityState;
}

/**
 * The app's paths that show one room: `/rooms/:id` and `/chat/:id` (chats; pushes link to the
 * latter) and `/inbox/:id` (support).
 */
const ROOM_PATH = /^\/(?:rooms|chat|inbox)\/([^/]+)\/?$/;

/** Whether a page at `pathname` shows the room, by its id or by the push's own `url`. */
export function pathShowsRoom(pathname: string, roomId: string, url: string): boolean {
  if (pathname === url) return true;
  const match = ROOM_PATH.exec(pathname);
  return match?.[1] !== undefined && decodeURIComponent(match[1]) === roomId;
}

/**
 * A focused, visible tab already shows the room: the reader sees the message arrive, so a
 * notification would only repeat it. (The server pushes only when no tab is visible, but a tab
 * can come to the front while the push travels.)
 */
export function roomOnScreen(windows: readonly WindowLike[], roomId: string, url: string): boolean {
  return windows.some(
    (w) =>
      w.focused &&
      w.visibilityState === 'visible' &&
      pathShowsRoom(new URL(w.url).pathname, roomId, url),
  );
}

export type ClickPlan<W> =
  { action: 'focus'; window: W } | { action: 'navigate'; window: W } | { action: 'open' };

/** The visitor's `/c/<link>` page and the chat app are different apps on one origin. */
const isVisitorPage = (path: string) => path.startsWith('/c/');

/**
 * Where a click on a notification lands: a tab already on that room comes to the front; else any
 * tab of the same app (the chat, or a visitor's page) goes there, rather than a new tab per
 * notification; else a new window opens.
 */
export function clickPlan<W extends WindowLike>(
  windows: readonly W[],
  roomId: string,
  url: string,
): ClickPlan<W> {
  const onRoom = windows.find((w) => pathShowsRoom(new URL(w.url).pathname, roomId, url));
  if (onRoom) return { action: 'focus', window: onRoom };
  const sameApp = windows.filter(
    (w) => isVisitorPage(new URL(w.url).pathname) === isVisitorPage(url),
  );
  const any = sameApp.find((w) => w.focused) ?? sameApp[0];
  return any ? { action: 'navigate', window: any } : { action: 'open' };
}
