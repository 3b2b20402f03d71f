import type { Conversation, Message, WebhookDeliveryEvent } from '@natter/protocol';
import type { Db } from '../db/database.js';
import { isDatabaseUnavailable } from '../db/database-unavailable.js';
import type { Logger } from '../logger.js';
import type { MessageListener } from '../messages/message-listener.js';
import type { ConversationChange, ConversationListener } from '../support/conversation-listener.js';
import type { NewDelivery } from './delivery-repository.js';
import { insertDeliveries } from './delivery-repository.js';
import type { WebhookCache } from './webhook-cache.js';
import { eventBody, presentWebhookMessage, presentWebhookRoom } from './webhook-payloads.js';
import type { RoomScope, WebhookSubscription } from './webhook-repository.js';
import { findRoomScopes } from './webhook-repository.js';

/** An event as it waits in memory for the next batch. */
type QueuedEvent =
  | { type: 'message.created'; at: Date; message: Message }
  | { type: `conversation.${ConversationChange}`; at: Date; conversation: Conversation };

/** Events waiting at most; beyond (the database has been away a while), new ones are dropped. */
const QUEUE_MAX = 10_000;
/** How long events gather before a batch is written: one INSERT for a burst. */
const BATCH_DELAY_MS = 20;
/** The wait before writing a batch again after the database was unreachable. */
const RETRY_DELAY_MS = 1_000;

/**
 * Turns what happens into deliveries, off the send path. `messageCreated` and
 * `conversationChanged` only push the event onto an in-memory queue (O(1), no I/O, and nothing at
 * all when the cached list says no webhook wants it); a batch shortly after reads the rooms'
 * scopes and the fresh list of webhooks once, writes one delivery row per (event, webhook) in
 * one INSERT, and wakes the sender. Only the node that committed a change is told of it, so a
 * cluster queues each event once.
 */
export class WebhookEventQueue implements MessageListener, ConversationListener {
  private queue: QueuedEvent[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private closed = false;
  private droppedSinceWarning = 0;

  constructor(
    private readonly db: Db,
    private readonly cache: WebhookCache,
    /** Called after deliveries were written: the sender looks for due ones at once. */
    private readonly onEnqueued: () => void,
    private readonly log: Logger,
  ) {}

  /** A message was committed and published by this node. Never throws, never waits. */
  messageCreated(message: Message): void {
    // The room's own record (joins, renames) is not an event of its own. Asked first, before
    // anything is built: with no webhook, this is a message's whole cost.
    if (message.type === 'system' || !this.wanted('message.created')) return;
    this.add({ type: 'message.created', at: new Date(message.createdAt), message });
  }

  /** A conversation was opened, resolved or assigned on this node. Never throws, never waits. */
  conversationChanged(change: ConversationChange, conversation: Conversation): void {
    const type = `conversation.${change}` as const;
    if (!this.wanted(type)) return;
    this.add({ type, at: new Date(), conversation });
  }

  /** Writes what is queued now (tests, shutdown): resolves once it is in the database. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.writing = this.writing.then(() => this.writeBatch());
    await this.writing;
  }

  /** Stops taking events and writes those already queued. */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
  }

  private wanted(type: WebhookDeliveryEvent): boolean {
    return !this.closed && this.cache.mayWant(type);
  }

  private add(event: QueuedEvent): void {
    if (this.queue.length >= QUEUE_MAX) {
      if (this.droppedSinceWarning++ === 0) {
        this.log.warn('webhook queue full: events dropped until it drains');
      }
      return;
    }
    this.queue.push(event);
    this.schedule(BATCH_DELAY_MS);
  }

  private schedule(delayMs: number): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      // Batches are written one after another: a slow one delays the next rather than racing it.
      this.writing = this.writing.then(() => this.writeBatch());
    }, delayMs);
  }

  private async writeBatch(): Promise<void> {
    const batch = this.queue;
    this.queue = [];
    this.droppedSinceWarning = 0;
    if (batch.length === 0) return;
    try {
      const deliveries = await this.deliveriesOf(batch);
      if (deliveries.length === 0) return;
      await insertDeliveries(this.db, deliveries);
      this.onEnqueued();
    } catch (error) {
      if (isDatabaseUnavailable(error) && !this.closed) {
        // Kept, ahead of what arrived meanwhile, for when the database is back.
        this.queue = [...batch, ...this.queue].slice(0, QUEUE_MAX);
        this.schedule(RETRY_DELAY_MS);
        return;
      }
      this.log.error({ err: error, events: batch.length }, 'webhook events lost');
    }
  }

  /** One delivery per event and webhook that subscribes to it and whose scope covers it. */
  private async deliveriesOf(batch: readonly QueuedEvent[]): Promise<NewDelivery[]> {
    const subscriptions = await this.cache.current();
    const wanted = batch.filter((event) => subscribersOf(subscriptions, event.type).length > 0);
    const roomIds = new Set<string>();
    for (const event of wanted) {
      if (event.type === 'message.created') roomIds.add(event.message.roomId);
    }
    const rooms = roomIds.size > 0 ? await findRoomScopes(this.db, [...roomIds]) : new Map();
    const deliveries: NewDelivery[] = [];
    for (const event of wanted) {
      const siteId = siteOf(event, rooms);
      if (siteId === undefined) continue;
      for (const subscription of subscribersOf(subscriptions, event.type)) {
        // A site's webhook hears of its own support conversations only.
        if (subscription.siteId !== null && subscription.siteId !== siteId) continue;
        const id = crypto.randomUUID();
        deliveries.push({
          id,
          webhookId: subscription.id,
          event: event.type,
          body: bodyOf(id, event, rooms),
          createdAt: event.at,
        });
      }
    }
    return deliveries;
  }
}

const subscribersOf = (
  subscriptions: readonly WebhookSubscription[],
  type: WebhookDeliveryEvent,
): WebhookSubscription[] => subscriptions.filter((s) => s.events.includes(type));

/** The site an event belongs to (null: none), or undefined when its room is gone. */
function siteOf(event: QueuedEvent, rooms: Map<string, RoomScope>): string | null | undefined {
  if (event.type !== 'message.created') return event.conversation.siteId;
  return rooms.get(event.message.roomId)?.siteId;
}

function bodyOf(id: string, event: QueuedEvent, rooms: Map<string, RoomScope>): string {
  if (event.type !== 'message.created') {
    return eventBody(id, event.type, event.at, { conversation: event.conversation });
  }
  const { message } = event;
  const room = rooms.get(message.roomId);
  if (!room) throw new Error(`room ${message.roomId} of a queued event has no scope`);
  return eventBody(id, event.type, event.at, {
    message: presentWebhookMessage(message),
    room: presentWebhookRoom(message.roomId, room.type, room.siteId),
  });
}
