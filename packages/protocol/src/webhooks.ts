import { z } from 'zod';
import { messageTypeSchema, roomTypeSchema, roomMentionSchema } from './entities.js';
import { idSchema, isoDateSchema } from './primitives.js';
import { conversationSchema } from './support.js';

/**
 * ➕ Outgoing webhooks (docs/webhooks.md for receivers, docs/protocol.md "Webhooks" for the admin
 * API): the instance admin's HTTP API, and the JSON bodies Natter POSTs to a webhook's URL.
 */

/** The events a webhook subscribes to. `webhook.test` is not one: it is sent on request only. */
export const WEBHOOK_EVENT_TYPES = [
  'message.created',
  'conversation.created',
  'conversation.resolved',
  'conversation.assigned',
] as const;
export const webhookEventTypeSchema = z.enum(WEBHOOK_EVENT_TYPES);
export type WebhookEventType = z.infer<typeof webhookEventTypeSchema>;

/** Every `type` a delivery's body can have. */
export const webhookDeliveryEventSchema = z.enum([...WEBHOOK_EVENT_TYPES, 'webhook.test']);
export type WebhookDeliveryEvent = z.infer<typeof webhookDeliveryEventSchema>;

/** Webhooks of one scope (the instance, or one site) at most: beyond, a new one is a `conflict`. */
export const WEBHOOKS_PER_SCOPE_MAX = 20;

/** The HTTP headers of a delivery (docs/webhooks.md). */
export const WEBHOOK_HEADERS = {
  /** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" with the webhook's secret>`. */
  signature: 'Natter-Signature',
  /** The event's id: the same on every retry of it, so a receiver can dedupe. */
  eventId: 'Natter-Event-Id',
  eventType: 'Natter-Event-Type',
} as const;

/** A receiver should refuse a signature whose `t` is further than this from its own clock. */
export const WEBHOOK_SIGNATURE_TOLERANCE_SECONDS = 300;

/**
 * Where Natter POSTs events: an absolute http(s) URL without a user name or password (a secret
 * in the URL would show in the admin screen and in logs; the signature authenticates instead).
 * https is required unless the server's operator allows http (WEBHOOK_ALLOW_HTTP).
 */
export const webhookUrlSchema = z
  .url({ protocol: /^https?$/, error: 'url must be an http(s) URL' })
  .max(2048)
  .refine((url) => {
    if (!URL.canParse(url)) return true; // already refused as not a URL
    const parsed = new URL(url);
    return parsed.username === '' && parsed.password === '';
  }, 'url must not contain a user name or password');

const webhookEventsSchema = z
  .array(webhookEventTypeSchema)
  .min(1, 'subscribe to at least one event')
  .max(WEBHOOK_EVENT_TYPES.length)
  .refine((events) => new Set(events).size === events.length, 'name each event once');

/** `POST /api/webhooks` (admin): without `siteId` an instance webhook, with it a site's. */
export const createWebhookBodySchema = z.strictObject({
  url: webhookUrlSchema,
  events: webhookEventsSchema,
  siteId: idSchema.optional(),
});
export type CreateWebhookBody = z.input<typeof createWebhookBodySchema>;

/** `PATCH /api/webhooks/:id` (admin): any of these; a webhook's scope never changes. */
export const updateWebhookBodySchema = z
  .strictObject({
    url: webhookUrlSchema.optional(),
    events: webhookEventsSchema.optional(),
    enabled: z.boolean().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'name at least one setting to change');
export type UpdateWebhookBody = z.input<typeof updateWebhookBodySchema>;

/** `GET /api/webhooks?siteId=`: the instance's webhooks, or (with `siteId`) that site's. */
export const webhooksQuerySchema = z.strictObject({ siteId: idSchema.optional() });
export type WebhooksQuery = z.input<typeof webhooksQuerySchema>;

export const webhookParamsSchema = z.strictObject({ id: idSchema });

/**
 * A webhook as the admin sees it. `secret` (`whsec_…`) is in the answer of its creation and of
 * `POST /api/webhooks/:id/secret` only: it is shown once.
 */
export const webhookSchema = z.object({
  id: idSchema,
  /** The site whose support conversations it hears of; null: the whole instance. */
  siteId: idSchema.nullable(),
  url: z.string(),
  events: z.array(webhookEventTypeSchema),
  enabled: z.boolean(),
  createdAt: isoDateSchema,
  secret: z.string().optional(),
});
export type Webhook = z.infer<typeof webhookSchema>;

export const webhookResponseSchema = z.object({ webhook: webhookSchema });
export const webhooksResponseSchema = z.object({ webhooks: z.array(webhookSchema) });

/** `GET /api/webhooks/:id/deliveries?limit=&cursor=`: the log, newest first. */
export const webhookDeliveriesQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).optional(),
  cursor: z.string().min(1).max(200).optional(),
});
export type WebhookDeliveriesQuery = z.input<typeof webhookDeliveriesQuerySchema>;

export const webhookDeliveryStatusSchema = z.enum(['pending', 'delivered', 'failed']);
export type WebhookDeliveryStatus = z.infer<typeof webhookDeliveryStatusSchema>;

/**
 * One event sent (or being sent) to one webhook. `id` is the event id its receiver sees.
 * `lastStatus` is the receiver's HTTP status of the last attempt; `lastError` says why the last
 * attempt failed when it did (a status, a timeout, a refused address).
 */
export const webhookDeliverySchema = z.object({
  id: idSchema,
  webhookId: idSchema,
  event: webhookDeliveryEventSchema,
  status: webhookDeliveryStatusSchema,
  attempts: z.number().int().nonnegative(),
  createdAt: isoDateSchema,
  lastAttemptAt: isoDateSchema.optional(),
  /** When a pending delivery is tried next. */
  nextAttemptAt: isoDateSchema.optional(),
  lastStatus: z.number().int().optional(),
  lastError: z.string().optional(),
});
export type WebhookDelivery = z.infer<typeof webhookDeliverySchema>;

export const webhookDeliveryResponseSchema = z.object({ delivery: webhookDeliverySchema });
export const webhookDeliveriesResponseSchema = z.object({
  deliveries: z.array(webhookDeliverySchema),
  /** Pass it back as `cursor` for older deliveries; null on the last page. */
  nextCursor: z.string().nullable(),
});

// What a receiver gets.

/**
 * A message in an event body: the message as on the wire without what expires or changes after
 * it was written (files' signed URLs, the sender's avatar URL, delivery status). A delivery may
 * be retried for 24 hours; a URL signed for one would be dead by then.
 */
export const webhookMessageSchema = z.object({
  id: idSchema,
  roomId: idSchema,
  seq: z.number().int().positive(),
  senderId: idSchema,
  sender: z.object({ id: idSchema, displayName: z.string() }),
  type: messageTypeSchema,
  content: z.string(),
  attachments: z
    .array(
      z.object({
        id: idSchema,
        type: z.enum(['image', 'file']),
        name: z.string(),
        mimeType: z.string(),
        size: z.number().int().nonnegative(),
        width: z.number().int().positive().optional(),
        height: z.number().int().positive().optional(),
      }),
    )
    .optional(),
  replyTo: idSchema.optional(),
  mentions: z.array(idSchema).optional(),
  roomMention: roomMentionSchema.optional(),
  createdAt: isoDateSchema,
});
export type WebhookMessage = z.infer<typeof webhookMessageSchema>;

/** The room of a `message.created`; `siteId` for a support conversation's room. */
export const webhookRoomSchema = z.object({
  id: idSchema,
  type: roomTypeSchema,
  siteId: idSchema.optional(),
});

const envelope = <T extends WebhookDeliveryEvent, D extends z.ZodType>(type: T, data: D) =>
  z.object({
    /** The event id: the same on every attempt of this delivery (`Natter-Event-Id`). */
    id: idSchema,
    type: z.literal(type),
    /** When the event happened (not when this attempt was made). */
    createdAt: isoDateSchema,
    data,
  });

/** The JSON body of every delivery: `{ id, type, createdAt, data }`, by `type`. */
export const webhookEventSchema = z.discriminatedUnion('type', [
  envelope('message.created', z.object({ message: webhookMessageSchema, room: webhookRoomSchema })),
  envelope('conversation.created', z.object({ conversation: conversationSchema })),
  envelope('conversation.resolved', z.object({ conversation: conversationSchema })),
  envelope('conversation.assigned', z.object({ conversation: conversationSchema })),
  envelope('webhook.test', z.object({ webhookId: idSchema, text: z.string() })),
]);
export type WebhookEvent = z.infer<typeof webhookEventSchema>;
/** An event's `data` by its type. */
export type WebhookEventData<T extends WebhookDeliveryEvent> = Extract<
  WebhookEvent,
  { type: T }
>['data'];
