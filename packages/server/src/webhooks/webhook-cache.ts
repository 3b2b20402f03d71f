import type { WebhookDeliveryEvent } from '@natter/protocol';
import type { Db } from '../db/database.js';
import type { WebhookSubscription } from './webhook-repository.js';
import { findEnabledSubscriptions } from './webhook-repository.js';

/**
 * This node's copy of the enabled webhooks, so the send path can tell in O(1), without a query,
 * that nobody listens (the usual case: then a message costs the webhooks nothing). It is trusted
 * for `ttlMs`: a change made through this node drops it at once (`invalidate`), one made through
 * another node is seen within `ttlMs` (docs/deploy.md).
 */
export class WebhookCache {
  private subscriptions: readonly WebhookSubscription[] = [];
  /** Set by a read, cleared by a timer at the end of the TTL: no clock is read per message. */
  private fresh = false;
  private expiry: NodeJS.Timeout | undefined;
  /** Moves on each `invalidate`: a read begun before a change must not count as fresh after it. */
  private generation = 0;
  private loading:
    { generation: number; subscriptions: Promise<readonly WebhookSubscription[]> } | undefined;

  constructor(
    private readonly db: Db,
    private readonly ttlMs: number,
  ) {}

  /**
   * Whether an event of this type may interest a webhook: false only when the list is fresh and
   * no enabled webhook subscribes to it. Synchronous; a stale list answers true (the queue then
   * reads a fresh one before writing anything).
   */
  mayWant(event: WebhookDeliveryEvent): boolean {
    if (!this.fresh) return true;
    return this.subscriptions.some((subscription) => subscription.events.includes(event));
  }

  /** The enabled webhooks, read again when the copy is stale (one read for concurrent callers). */
  async current(): Promise<readonly WebhookSubscription[]> {
    if (this.fresh) return this.subscriptions;
    if (this.loading?.generation !== this.generation) {
      const loading = { generation: this.generation, subscriptions: this.load(this.generation) };
      this.loading = loading;
      void loading.subscriptions
        .finally(() => {
          if (this.loading === loading) this.loading = undefined;
        })
        .catch(() => undefined); // the caller awaiting it sees the failure
    }
    return this.loading.subscriptions;
  }

  /** A webhook changed through this node: the next look reads the list again. */
  invalidate(): void {
    this.generation += 1;
    this.fresh = false;
    clearTimeout(this.expiry);
  }

  private async load(generation: number): Promise<readonly WebhookSubscription[]> {
    const startedAt = performance.now();
    const subscriptions = await findEnabledSubscriptions(this.db);
    if (generation === this.generation) {
      this.subscriptions = subscriptions;
      this.fresh = true;
      clearTimeout(this.expiry);
      // Counted from before the read: what another node committed during it is not hidden longer.
      this.expiry = setTimeout(
        () => (this.fresh = false),
        Math.max(0, this.ttlMs - (performance.now() - startedAt)),
      );
      this.expiry.unref();
    }
    return subscriptions;
  }
}
