import type {
  Message,
  RoomType,
  WebhookDeliveryEvent,
  WebhookEventData,
  WebhookMessage,
} from '@natter/protocol';

/**
 * A message as an event carries it: what stays true after it was written. Files keep their
 * name, type and size but not their signed URLs (an hour's life; a delivery may be retried for
 * a day), and the sender's avatar URL and the delivery status are left out likewise.
 */
export function presentWebhookMessage(message: Message): WebhookMessage {
  const payload: WebhookMessage = {
    id: message.id,
    roomId: message.roomId,
    seq: message.seq,
    senderId: message.senderId,
    sender: { id: message.sender.id, displayName: message.sender.displayName },
    type: message.type,
    content: message.content,
    createdAt: message.createdAt,
  };
  if (message.attachments) {
    payload.attachments = message.attachments.map((file) => ({
      id: file.id,
      type: file.type,
      name: file.name,
      mimeType: file.mimeType,
      size: file.size,
      ...(file.width !== undefined && { width: file.width }),
      ...(file.height !== undefined && { height: file.height }),
    }));
  }
  if (message.replyTo !== undefined) payload.replyTo = message.replyTo;
  if (message.mentions !== undefined) payload.mentions = message.mentions;
  if (message.roomMention !== undefined) payload.roomMention = message.roomMention;
  return payload;
}

/** The room part of a `message.created`. */
export function presentWebhookRoom(roomId: string, type: RoomType, siteId: string | null) {
  return { id: roomId, type, ...(siteId !== null && { siteId }) };
}

/**
 * A delivery's body, `{ id, type, createdAt, data }`: serialized once, when the event is queued,
 * and sent as these exact bytes on every attempt (the signature covers them).
 */
export function eventBody<T extends WebhookDeliveryEvent>(
  id: string,
  type: T,
  createdAt: Date,
  data: WebhookEventData<T>,
): string {
  return JSON.stringify({ id, type, createdAt: createdAt.toISOString(), data });
}
