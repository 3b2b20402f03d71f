import { z } from 'zod';
import { roomSchema } from './entities.js';
import { idSchema } from './primitives.js';

/**
 * Notifications (PROTOCOL.md "Notifications"; docs/protocol.md has the extensions): Web Push
 * subscriptions, per-room mute, what a push carries once decrypted, and the caller's email
 * fallback for messages missed.
 */

/** Unpadded base64url, as browsers give `PushSubscription` keys. */
const base64url = (what: string, bytes: number) =>
  z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, `${what} must be unpadded base64url`)
    .length(Math.ceil((bytes * 4) / 3), `${what} must encode ${bytes} bytes`);

/** Push endpoints are https only; which origins are allowed is the server's PUSH_ENDPOINT_ORIGINS. */
export const pushEndpointSchema = z
  .url({ protocol: /^https$/, error: 'endpoint must be an https URL' })
  .max(2048);

/**
 * `POST /api/push/subscriptions`: a browser `PushSubscription` as `toJSON()` gives it. The
 * `p256dh` key is an uncompressed P-256 point (65 bytes), `auth` a 16-byte secret (RFC 8291).
 * `expirationTime` is accepted (browsers send it) and not used.
 */
export const pushSubscriptionBodySchema = z.strictObject({
  endpoint: pushEndpointSchema,
  expirationTime: z.number().nullable().optional(),
  keys: z.strictObject({
    p256dh: base64url('keys.p256dh', 65),
    auth: base64url('keys.auth', 16),
  }),
});
export type PushSubscriptionBody = z.input<typeof pushSubscriptionBodySchema>;

/** `DELETE /api/push/subscriptions`: forgets this device's subscription (204 even if unknown). */
export const pushUnsubscribeBodySchema = z.strictObject({ endpoint: pushEndpointSchema });
export type PushUnsubscribeBody = z.input<typeof pushUnsubscribeBodySchema>;

/** `GET /api/push/vapid-public-key`: the key browsers pass as `applicationServerKey`. */
export const vapidPublicKeyResponseSchema = z.object({ publicKey: z.string().min(1) });
export type VapidPublicKeyResponse = z.infer<typeof vapidPublicKeyResponseSchema>;

/**
 * `PUT /api/rooms/:id/mute`: a muted room sends the caller no pushes and no emails, but for a
 * mention of them or `@all`. ➕ `mentions: true` mutes those too (Room `mentionsMuted`),
 * `mentions: false` lets them through again; left out, that stays as it was. Unmuting the room
 * unmutes its mentions.
 */
export const roomMuteBodySchema = z
  .strictObject({ muted: z.boolean(), mentions: z.boolean().optional() })
  .refine((body) => body.muted || body.mentions !== true, {
    message: 'mentions can be muted only with the room (muted: true)',
    path: ['mentions'],
  });
export type RoomMuteBody = z.infer<typeof roomMuteBodySchema>;
export const roomMuteResponseSchema = z.object({ room: roomSchema });

/**
 * What a push carries once decrypted (PROTOCOL.md names `roomId`, `messageId`, `senderName` and
 * `body`; the rest are extensions). One room's burst collapses into one notification: the push
 * service replaces an undelivered push of the same room (`Topic`), and the service worker
 * replaces a shown one (`tag` = `roomId`). `url` is where a click lands: `/chat/<roomId>` for a
 * user, the conversation's `/c/<link>` page for a website visitor. `unreadCount` is the room's
 * unread messages for the recipient when the push left, when known.
 */
export const pushPayloadSchema = z.object({
  roomId: idSchema,
  messageId: idSchema,
  seq: z.number().int().positive(),
  senderName: z.string(),
  senderAvatarUrl: z.string().optional(),
  roomName: z.string().optional(),
  /** A text preview (at most `LIMITS.pushPreviewChars`), or "📎 file" / "📷 image". */
  body: z.string(),
  url: z.string().startsWith('/'),
  unreadCount: z.number().int().nonnegative().optional(),
  /**
   * ➕ Present when the message calls on the recipient: `you` when it mentions them, `all` for
   * `@all` (so a notification can say "Alice mentioned you in Design"). Such a push goes out even
   * from a room they muted, unless they muted its mentions too. `@here` never marks a push: it
   * calls on those online, and a push goes to someone who is not looking.
   */
  mention: z.enum(['you', 'all']).optional(),
});
export type PushPayload = z.infer<typeof pushPayloadSchema>;

/**
 * ➕ `GET /api/me/notifications` and `PUT /api/me/notifications`: the caller's email fallback.
 * With `emailMissed` on and an `email` given, messages still unread a few minutes after they
 * arrived, and told by no push, go out as one batched email (docs/notifications.md).
 */
export const notificationSettingsSchema = z.object({
  email: z.email().max(320).nullable(),
  emailMissed: z.boolean(),
  /** False when the server has no SMTP (SMTP_URL): the setting is kept but nothing is sent. */
  emailAvailable: z.boolean(),
});
export type NotificationSettings = z.infer<typeof notificationSettingsSchema>;
export const notificationSettingsBodySchema = z
  .strictObject({
    email: z.email('email must be an email address').max(320).nullable().optional(),
    emailMissed: z.boolean().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, {
    message: 'name at least one of email, emailMissed',
  });
export type NotificationSettingsBody = z.input<typeof notificationSettingsBodySchema>;

/**
 * ➕ `visibility:set` `{ visible }` (ack optional): whether this socket's page shows the chat.
 * A socket that never says counts as visible (a client written from PROTOCOL.md alone); one that
 * connects hidden says so in the handshake (`auth.visible: false`). A user gets pushes only while
 * none of their sockets is visible.
 */
export const visibilitySetSchema = z.strictObject({ visible: z.boolean() });
export type VisibilitySetPayload = z.input<typeof visibilitySetSchema>;
