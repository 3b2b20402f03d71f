import { WEBHOOKS_PER_SCOPE_MAX } from '@natter/protocol';
import type {
  Webhook,
  WebhookDelivery,
  createWebhookBodySchema,
  updateWebhookBodySchema,
  webhookDeliveriesQuerySchema,
} from '@natter/protocol';
import type { z } from 'zod';
import type { Db } from '../db/database.js';
import { AppError, badRequest, forbidden, notFound } from '../errors.js';
import { findSite, isAdmin } from '../support/site-repository.js';
import { timeIdCursor } from '../util/time-id-cursor.js';
import { findDeliveriesPage, insertDelivery } from './delivery-repository.js';
import type { WebhookCache } from './webhook-cache.js';
import { eventBody } from './webhook-payloads.js';
import { presentDelivery, presentWebhook } from './webhook-presenter.js';
import type { WebhookRow } from './webhook-repository.js';
import {
  countWebhooks,
  deleteWebhook,
  findWebhook,
  findWebhooks,
  insertWebhook,
  updateWebhook,
} from './webhook-repository.js';
import { newWebhookSecret } from './webhook-signature.js';

/** Why a webhook URL may not be used (http when not allowed, a private address), or undefined. */
export type WebhookUrlCheck = (url: string) => Promise<string | undefined>;

const DELIVERIES_PAGE_DEFAULT = 20;

const webhookNotFound = () => notFound('webhook not found');

/**
 * The admin's webhooks (docs/protocol.md, "Webhooks"): the instance's and each site's. Only the
 * instance admin manages them, every one of them: anyone else is `forbidden`, whatever they ask.
 * Each change drops this node's cached list, so events follow it at once here.
 */
export class WebhookService {
  constructor(
    private readonly db: Db,
    private readonly cache: WebhookCache,
    private readonly urlRefusal: WebhookUrlCheck,
    /** A test event was queued: the sender looks for it at once. */
    private readonly onEnqueued: () => void,
  ) {}

  async list(actorId: string, siteId: string | undefined): Promise<Webhook[]> {
    await this.assertAdmin(actorId);
    if (siteId !== undefined) await this.assertSite(siteId);
    const rows = await findWebhooks(this.db, siteId ?? null);
    return rows.map((row) => presentWebhook(row, 'without secret'));
  }

  /** A new webhook, enabled; its answer carries the signing secret, shown this once. */
  async create(actorId: string, body: z.output<typeof createWebhookBodySchema>): Promise<Webhook> {
    await this.assertAdmin(actorId);
    const siteId = body.siteId ?? null;
    if (siteId !== null) await this.assertSite(siteId);
    await this.assertUrl(body.url);
    if ((await countWebhooks(this.db, siteId)) >= WEBHOOKS_PER_SCOPE_MAX) {
      throw new AppError('conflict', `at most ${WEBHOOKS_PER_SCOPE_MAX} webhooks here`);
    }
    const row = await insertWebhook(this.db, {
      id: crypto.randomUUID(),
      siteId,
      url: body.url,
      secret: newWebhookSecret(),
      events: body.events,
      createdBy: actorId,
    });
    this.cache.invalidate();
    return presentWebhook(row, 'with secret');
  }

  async update(
    actorId: string,
    id: string,
    body: z.output<typeof updateWebhookBodySchema>,
  ): Promise<Webhook> {
    await this.assertAdmin(actorId);
    if (body.url !== undefined) await this.assertUrl(body.url);
    const row = await updateWebhook(this.db, id, body);
    if (!row) throw webhookNotFound();
    this.cache.invalidate();
    return presentWebhook(row, 'without secret');
  }

  /** Deletes a webhook with its log; deliveries still pending are never sent. */
  async delete(actorId: string, id: string): Promise<void> {
    await this.assertAdmin(actorId);
    if (!(await deleteWebhook(this.db, id))) throw webhookNotFound();
    this.cache.invalidate();
  }

  /** A new signing secret, in force at once (retries included); answered this once. */
  async rotateSecret(actorId: string, id: string): Promise<Webhook> {
    await this.assertAdmin(actorId);
    const row = await updateWebhook(this.db, id, { secret: newWebhookSecret() });
    if (!row) throw webhookNotFound();
    return presentWebhook(row, 'with secret');
  }

  /** Queues a `webhook.test` event for this webhook, sent even while it is disabled. */
  async sendTest(actorId: string, id: string): Promise<WebhookDelivery> {
    await this.assertAdmin(actorId);
    const webhook = await this.webhook(id);
    const eventId = crypto.randomUUID();
    const createdAt = new Date();
    const row = await insertDelivery(this.db, {
      id: eventId,
      webhookId: webhook.id,
      event: 'webhook.test',
      body: eventBody(eventId, 'webhook.test', createdAt, {
        webhookId: webhook.id,
        text: 'A test event from Natter: your endpoint receives and verifies webhooks.',
      }),
      createdAt,
    });
    this.onEnqueued();
    return presentDelivery(row);
  }

  /** A page of the webhook's log, newest first. */
  async deliveries(
    actorId: string,
    id: string,
    query: z.output<typeof webhookDeliveriesQuerySchema>,
  ): Promise<{ deliveries: WebhookDelivery[]; nextCursor: string | null }> {
    await this.assertAdmin(actorId);
    await this.webhook(id);
    const limit = query.limit ?? DELIVERIES_PAGE_DEFAULT;
    const after = query.cursor === undefined ? undefined : timeIdCursor.decode(query.cursor);
    const rows = await findDeliveriesPage(this.db, id, { limit: limit + 1, after });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      deliveries: page.map(presentDelivery),
      nextCursor:
        rows.length > limit && last
          ? timeIdCursor.encode({ at: last.createdAt, id: last.id })
          : null,
    };
  }

  private async webhook(id: string): Promise<WebhookRow> {
    const row = await findWebhook(this.db, id);
    if (!row) throw webhookNotFound();
    return row;
  }

  private async assertAdmin(actorId: string): Promise<void> {
    if (!(await isAdmin(this.db, actorId))) throw forbidden('only the admin manages webhooks');
  }

  private async assertSite(siteId: string): Promise<void> {
    if (!(await findSite(this.db, siteId))) throw notFound('site not found');
  }

  private async assertUrl(url: string): Promise<void> {
    const refusal = await this.urlRefusal(url);
    if (refusal !== undefined) throw badRequest(`url: ${refusal}`);
  }
}
