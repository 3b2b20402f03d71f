import type {
  NotificationSettings,
  NotificationSettingsBody,
  PushSubscriptionBody,
  Room,
} from '@natter/protocol';
import type { HttpClient } from './http-client.js';

/**
 * The notification endpoints (PROTOCOL.md "Notifications"): Web Push subscriptions, per-room
 * mute, and the email fallback. Users and website visitors call the same routes.
 */
export interface PushApi {
  /** The server's VAPID public key (base64url), for `pushManager.subscribe`'s `applicationServerKey`. */
  vapidPublicKey(): Promise<string>;
  /** Stores this browser's subscription (`subscription.toJSON()`); 400 for a foreign endpoint. */
  subscribePush(subscription: PushSubscriptionBody): Promise<void>;
  /** Forgets a subscription by its endpoint (answers even when the server never had it). */
  unsubscribePush(endpoint: string): Promise<void>;
  /**
   * Mutes or unmutes a room for the caller: no pushes, no emails, but for mentions of them
   * unless `mentions` mutes those too (`Room.mentionsMuted`; left out: as it was). Unmuting
   * unmutes its mentions. Answers the room.
   */
  muteRoom(roomId: string, muted: boolean, mentions?: boolean): Promise<Room>;
  /** The caller's email fallback, and whether the server can send email at all. */
  notificationSettings(): Promise<NotificationSettings>;
  /** Changes the email fallback; answers the settings as stored. */
  updateNotificationSettings(changes: NotificationSettingsBody): Promise<NotificationSettings>;
}

export function createPushApi(http: HttpClient): PushApi {
  return {
    vapidPublicKey: async () =>
      (
        await http.request('GET', '/api/push/vapid-public-key', {
          schema: (s) => s.vapidPublicKeyResponseSchema,
        })
      ).publicKey,
    subscribePush: (subscription) =>
      http.request('POST', '/api/push/subscriptions', { body: subscription }),
    unsubscribePush: (endpoint) =>
      http.request('DELETE', '/api/push/subscriptions', { body: { endpoint } }),
    muteRoom: async (roomId, muted, mentions) =>
      (
        await http.request('PUT', `/api/rooms/${encodeURIComponent(roomId)}/mute`, {
          body: { muted, ...(mentions !== undefined && { mentions }) },
          schema: (s) => s.roomMuteResponseSchema,
        })
      ).room,
    notificationSettings: () =>
      http.request('GET', '/api/me/notifications', { schema: (s) => s.notificationSettingsSchema }),
    updateNotificationSettings: (changes) =>
      http.request('PUT', '/api/me/notifications', {
        body: changes,
        schema: (s) => s.notificationSettingsSchema,
      }),
  };
}
