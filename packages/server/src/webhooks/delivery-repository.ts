import type { WebhookDeliveryEvent } from '@natter/protocol';
import { and, desc, eq, lt, or, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { rawRows } from '../db/raw-rows.js';
import { webhookDeliveries } from '../db/schema.js';
import type { TimeIdKey } from '../util/time-id-cursor.js';

export type DeliveryRow = typeof webhookDeliveries.$inferSelect;

/** An event for one webhook, as the queue writes it: due at once. */
export type NewDelivery = Pick<DeliveryRow, 'id' | 'webhookId' | 'event' | 'body' | 'createdAt'>;

/** Rows of one INSERT: a burst is written in a few statements, none of them huge. */
const INSERT_CHUNK = 1000;

/**
 * Writes deliveries, due at once, leaving out those of webhooks that no longer exist: the queue
 * works from a cached list, and a webhook deleted through another node meanwhile must cost its
 * own deliveries, not the whole batch (a foreign-key violation would).
 */
export async function insertDeliveries(db: Executor, rows: readonly NewDelivery[]): Promise<void> {
  for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
    const chunk = rows.slice(start, start + INSERT_CHUNK);
    await db.execute(sql`
      INSERT INTO webhook_deliveries (id, webhook_id, event, body, next_attempt_at, created_at)
      SELECT v.id, v.webhook_id, v.event, v.body, v.created_at, v.created_at
      FROM unnest(${sql.param(chunk.map((d) => d.id))}::text[],
                  ${sql.param(chunk.map((d) => d.webhookId))}::text[],
                  ${sql.param(chunk.map((d) => d.event))}::text[],
                  ${sql.param(chunk.map((d) => d.body))}::text[],
                  ${sql.param(chunk.map((d) => d.createdAt.toISOString()))}::timestamptz[])
             AS v(id, webhook_id, event, body, created_at)
      WHERE EXISTS (SELECT 1 FROM webhooks w WHERE w.id = v.webhook_id)`);
  }
}

/** One delivery (a test event, sent on request), as stored. */
export async function insertDelivery(db: Executor, row: NewDelivery): Promise<DeliveryRow> {
  const [inserted] = await db
    .insert(webhookDeliveries)
    .values({ ...row, nextAttemptAt: row.createdAt })
    .returning();
  if (!inserted) throw new Error('delivery insert returned nothing');
  return inserted;
}

/** A delivery this node has claimed, with what sending it needs. */
export interface ClaimedDelivery {
  id: string;
  webhookId: string;
  event: WebhookDeliveryEvent;
  body: string;
  attempts: number;
  createdAt: Date;
  url: string;
  secret: string;
  /** Its webhook is enabled (a disabled one's deliveries are claimed only to be given up). */
  enabled: boolean;
}

/**
 * Claims up to `limit` due deliveries for this node: each one's `next_attempt_at` moves to
 * `leaseUntil`, so no node (this one included) claims it again before the attempt is recorded
 * or the lease runs out (a node that died mid-send: the delivery is tried again, same event id).
 * `SKIP LOCKED` lets nodes claiming at once each take other rows instead of waiting. A disabled
 * webhook's deliveries wait, but for test events (sent on request) and those past `expiredBefore`
 * (to be marked failed).
 */
export async function claimDueDeliveries(
  db: Executor,
  options: { now: Date; leaseUntil: Date; expiredBefore: Date; limit: number },
): Promise<ClaimedDelivery[]> {
  const result = await db.execute(sql`
    UPDATE webhook_deliveries AS d SET next_attempt_at = ${options.leaseUntil.toISOString()}
    FROM webhooks AS w
    WHERE w.id = d.webhook_id AND d.id IN (
      SELECT due.id FROM webhook_deliveries due JOIN webhooks dw ON dw.id = due.webhook_id
      WHERE due.status = 'pending' AND due.next_attempt_at <= ${options.now.toISOString()}
        AND (dw.enabled OR due.event = 'webhook.test'
             OR due.created_at < ${options.expiredBefore.toISOString()})
      ORDER BY due.next_attempt_at
      LIMIT ${options.limit}
      FOR UPDATE OF due SKIP LOCKED)
    RETURNING d.id, d.webhook_id, d.event, d.body, d.attempts, d.created_at, w.url, w.secret,
              w.enabled`);
  return rawRows<{
    id: string;
    webhook_id: string;
    event: WebhookDeliveryEvent;
    body: string;
    attempts: number;
    created_at: Date | string;
    url: string;
    secret: string;
    enabled: boolean;
  }>(result).map((row) => ({
    id: row.id,
    webhookId: row.webhook_id,
    event: row.event,
    body: row.body,
    attempts: Number(row.attempts),
    createdAt: new Date(row.created_at),
    url: row.url,
    secret: row.secret,
    enabled: row.enabled,
  }));
}

/** What one attempt came to. `nextAttemptAt` only for a delivery still pending. */
export interface AttemptOutcome {
  status: 'pending' | 'delivered' | 'failed';
  /** False for a delivery given up without an attempt (expired while its webhook was disabled). */
  attempted: boolean;
  at: Date;
  httpStatus: number | null;
  error: string | null;
  nextAttemptAt: Date | null;
}

/**
 * Records an attempt of a delivery claimed with `leaseUntil`; a claim that was lost meanwhile
 * (the lease ran out and another node took the delivery) records nothing.
 */
export async function recordAttempt(
  db: Executor,
  id: string,
  leaseUntil: Date,
  outcome: AttemptOutcome,
): Promise<void> {
  await db
    .update(webhookDeliveries)
    .set({
      status: outcome.status,
      ...(outcome.attempted && {
        attempts: sql`${webhookDeliveries.attempts} + 1`,
        lastAttemptAt: outcome.at,
        lastStatus: outcome.httpStatus,
      }),
      lastError: outcome.error,
      ...(outcome.nextAttemptAt && { nextAttemptAt: outcome.nextAttemptAt }),
    })
    .where(and(eq(webhookDeliveries.id, id), eq(webhookDeliveries.nextAttemptAt, leaseUntil)));
}

/** One page of a webhook's deliveries, newest first (`webhook_deliveries_webhook_idx`). */
export function findDeliveriesPage(
  db: Executor,
  webhookId: string,
  page: { limit: number; after?: TimeIdKey | undefined },
): Promise<DeliveryRow[]> {
  const { after } = page;
  return db
    .select()
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.webhookId, webhookId),
        after &&
          or(
            lt(webhookDeliveries.createdAt, after.at),
            and(eq(webhookDeliveries.createdAt, after.at), lt(webhookDeliveries.id, after.id)),
          ),
      ),
    )
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(page.limit);
}

/**
 * Deletes up to `limit` settled deliveries (delivered or failed) of one webhook made before
 * `before`, through the webhook's log index; answers how many went.
 */
export async function deleteSettledDeliveries(
  db: Executor,
  webhookId: string,
  before: Date,
  limit: number,
): Promise<number> {
  const result = await db.execute(sql`
    DELETE FROM webhook_deliveries WHERE id IN (
      SELECT id FROM webhook_deliveries
      WHERE webhook_id = ${webhookId} AND created_at < ${before.toISOString()}
        AND status <> 'pending'
      LIMIT ${limit})
    RETURNING id`);
  return rawRows(result).length;
}
