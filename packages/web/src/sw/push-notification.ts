import { pushPayloadSchema } from '@natter/protocol';
import type { PushPayload } from '@natter/protocol';

/** The app's own icon, for a push whose sender has no photo (public/favicon.svg). */
export const APP_ICON = '/favicon.svg';

/** Chromium knows `renotify`; TypeScript's DOM types dropped it. */
export type PushNotificationOptions = NotificationOptions & { renotify?: boolean };

export interface PushNotification {
  title: string;
  options: PushNotificationOptions;
  payload: PushPayload;
}

/**
 * What a push shows, or undefined for a push that is not ours (junk, an old format): a
 * notification titled by the room (a group) or the sender (a direct chat, a visitor's page), or
 * by who mentioned the reader (then the body is the message alone), one
 * per room (`tag`), which rings again for each new message of the burst (`renotify`) so a reply
 * that replaces an unread one is still noticed.
 */
export function pushNotification(data: unknown): PushNotification | undefined {
  const parsed = pushPayloadSchema.safeParse(data);
  if (!parsed.success) return undefined;
  const payload = parsed.data;
  const sender = payload.roomName && !payload.mention ? `${payload.senderName}: ` : '';
  return {
    title: titleOf(payload),
    options: {
      body: sender + payload.body,
      icon: payload.senderAvatarUrl ?? APP_ICON,
      badge: APP_ICON,
      tag: payload.roomId,
      renotify: true,
      data: { url: payload.url, roomId: payload.roomId },
    },
    payload,
  };
}

/**
 * A mention says so and who made it ("Alice mentioned you in Design"); anything else is titled
 * by the group, or by the sender of a direct message.
 */
function titleOf(payload: PushPayload): string {
  if (!payload.mention) return payload.roomName ?? payload.senderName;
  const whom = payload.mention === 'you' ? 'you' : 'everyone';
  const where = payload.roomName ? ` in ${payload.roomName}` : '';
  return `${payload.senderName} mentioned ${whom}${where}`;
}

/** A push's data as JSON, or undefined when it is missing or not JSON (never throws). */
export function pushJson(data: { json(): unknown } | null | undefined): unknown {
  try {
    return data?.json();
  } catch {
    return undefined;
  }
}
