import type { Db } from '../db/database.js';
import type { Logger } from '../logger.js';
import { PeriodicTask } from '../util/periodic-task.js';
import { deleteSettledDeliveries } from './delivery-repository.js';
import { findWebhookIds } from './webhook-repository.js';

/** Deliveries deleted per statement: a backlog goes in short steps, never one long lock. */
const PRUNE_BATCH = 5_000;
/** How often each node prunes: the log is kept for weeks, so an hour late is nothing. */
const PRUNE_INTERVAL_MS = 3_600_000;

/**
 * Keeps the delivery log from growing forever: deliveries settled (delivered or failed) and older
 * than `retentionMs` are deleted, webhook by webhook along the log's own index. Pending ones stay
 * until they settle. Every node runs it; passes at once only delete less each.
 */
export class DeliveryLogPruner {
  private readonly task: PeriodicTask;

  constructor(
    private readonly db: Db,
    private readonly retentionMs: number,
    private readonly log: Logger,
  ) {
    this.task = new PeriodicTask(async () => void (await this.prune()), PRUNE_INTERVAL_MS, log);
  }

  start(): void {
    this.task.start();
  }

  /** One pass; answers how many deliveries it deleted. Exposed so tests can run one now. */
  async prune(now = Date.now()): Promise<number> {
    const before = new Date(now - this.retentionMs);
    let deleted = 0;
    for (const webhookId of await findWebhookIds(this.db)) {
      for (;;) {
        const batch = await deleteSettledDeliveries(this.db, webhookId, before, PRUNE_BATCH);
        deleted += batch;
        if (batch < PRUNE_BATCH) break;
      }
    }
    if (deleted > 0) this.log.info({ count: deleted }, 'pruned the webhook delivery log');
    return deleted;
  }

  close(): Promise<void> {
    return this.task.close();
  }
}
