import type { WebhookDelivery, WebhookDeliveryEvent, WebhookEventType } from '@natter/protocol';

/** What each event is called in the admin screen, and when it is sent, per scope. */
export const WEBHOOK_EVENT_TEXT: Record<
  WebhookEventType,
  { label: string; instance: string; site: string }
> = {
  'message.created': {
    label: 'New messages',
    instance: 'Every message in every room: chats, groups and support conversations.',
    site: "Every message in this site's conversations, from visitors and agents.",
  },
  'conversation.created': {
    label: 'Conversation started',
    instance: 'A website visitor opened the chat on any site.',
    site: 'A visitor opened the chat on this site.',
  },
  'conversation.assigned': {
    label: 'Conversation assigned',
    instance: 'A support conversation got an agent (claimed, assigned or round-robin).',
    site: 'A conversation got an agent (claimed, assigned or round-robin).',
  },
  'conversation.resolved': {
    label: 'Conversation resolved',
    instance: 'An agent resolved a support conversation.',
    site: 'An agent resolved a conversation.',
  },
};

/** An event's name in the delivery log. */
export function deliveryEventLabel(event: WebhookDeliveryEvent): string {
  return event === 'webhook.test' ? 'Test event' : WEBHOOK_EVENT_TEXT[event].label;
}

/** A delivery's state in words: a pending one is queued until tried, then retrying. */
export function deliveryStatusLabel(delivery: WebhookDelivery): string {
  if (delivery.status === 'delivered') return 'Delivered';
  if (delivery.status === 'failed') return 'Failed';
  return delivery.attempts === 0 ? 'Queued' : 'Retrying';
}

/** The server's reasons (the first word of `lastError`), as the log says them. */
const FAILURES: readonly [RegExp, string][] = [
  [/^timeout\b/, 'Timed out'],
  [/^refused\b/, 'Address refused'],
  [/^dns\b/, 'Host not found'],
  [/^network\b/, 'Connection failed'],
  [/^redirects\b/, 'Redirected (not followed)'],
  [/^expired\b/, 'Expired'],
];

/**
 * The last attempt's outcome, short: the receiver's HTTP status, or why there was none. Undefined
 * before the first attempt. The full reason goes in the row's tooltip.
 */
export function lastResult(delivery: WebhookDelivery): string | undefined {
  if (delivery.lastStatus !== undefined) return `HTTP ${delivery.lastStatus}`;
  const error = delivery.lastError;
  if (error === undefined) return undefined;
  return FAILURES.find(([pattern]) => pattern.test(error))?.[1] ?? 'Failed';
}

/** "1 attempt", "3 attempts". */
export const attemptsText = (attempts: number): string =>
  attempts === 1 ? '1 attempt' : `${attempts} attempts`;
