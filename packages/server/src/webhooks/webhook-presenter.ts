import { WEBHOOK_EVENT_TYPES } from '@natter/protocol';
import type { Webhook, WebhookDelivery, WebhookEventType } from '@natter/protocol';
import type { DeliveryRow } from './delivery-repository.js';
import type { WebhookRow } from './webhook-repository.js';

const subscribable = (event: string): event is WebhookEventType =>
  (WEBHOOK_EVENT_TYPES as readonly string[]).includes(event);

/**
 * The only way a webhook row becomes a payload. The secret is in it only when asked for: in the
 * answer that made it (creation, rotation), never in a list.
 */
export function presentWebhook(row: WebhookRow, secret: 'with secret' | 'without secret'): Webhook {
  return {
    id: row.id,
    siteId: row.siteId,
    url: row.url,
    events: row.events.filter(subscribable),
    enabled: row.enabled,
    createdAt: row.createdAt.toISOString(),
    ...(secret === 'with secret' && { secret: row.secret }),
  };
}

/** The only way a delivery row becomes a log entry (its body stays on the server). */
export function presentDelivery(row: DeliveryRow): WebhookDelivery {
  const delivery: WebhookDelivery = {
    id: row.id,
    webhookId: row.webhookId,
    event: row.event,
    status: row.status,
    attempts: row.attempts,
    createdAt: row.createdAt.toISOString(),
  };
  if (row.lastAttemptAt) delivery.lastAttemptAt = row.lastAttemptAt.toISOString();
  if (row.status === 'pending') delivery.nextAttemptAt = row.nextAttemptAt.toISOString();
  if (row.lastStatus !== null) delivery.lastStatus = row.lastStatus;
  if (row.lastError !== null) delivery.lastError = row.lastError;
  return delivery;
}
