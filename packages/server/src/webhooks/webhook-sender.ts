import { WEBHOOK_HEADERS } from '@natter/protocol';
import type { WebhookConfig } from '../config.js';
import type { Db } from '../db/database.js';
import type { Logger } from '../logger.js';
import type { AttemptOutcome, ClaimedDelivery } from './delivery-repository.js';
import { claimDueDeliveries, recordAttempt } from './delivery-repository.js';
import { isExpired, nextAttemptAt } from './retry-schedule.js';
import { signatureHeader } from './webhook-signature.js';

/** What one POST came to: the receiver's status, or why there was none. */
export type PostResult = { status: number } | { error: string };

/** Sends one POST to a webhook's URL, through the outgoing-request guard (webhook-poster.ts). */
export interface WebhookPoster {
  post(
    url: string,
    request: {
      headers: Record<string, string>;
      body: string;
      timeoutMs: number;
      signal: AbortSignal;
    },
  ): Promise<PostResult>;
}

/** A claim outlives the attempt's time cap by this much: a slow event loop must not lose it. */
const LEASE_MARGIN_MS = 30_000;

/**
 * Sends due deliveries: claims them in the database (`FOR UPDATE SKIP LOCKED` and a lease, so no
 * two nodes send one at once), POSTs each signed body, and records the outcome: `delivered` on a
 * 2xx, else another attempt after a doubling wait, until a day after the event (`failed`). It
 * looks every `pollIntervalMs`, at once when woken (deliveries queued on this node), and when a
 * retry it scheduled falls due. At most `concurrency` sends at once: a receiver that hangs holds
 * one slot for the time cap, not the node.
 */
export class WebhookSender {
  private readonly inFlight = new Map<string, { abort: AbortController; done: Promise<void> }>();
  private timer: NodeJS.Timeout | undefined;
  private timerDueAt = Number.POSITIVE_INFINITY;
  private passing: Promise<void> | undefined;
  private passAgain = false;
  private closed = false;

  constructor(
    private readonly db: Db,
    private readonly poster: WebhookPoster,
    private readonly config: WebhookConfig,
    private readonly log: Logger,
    private readonly random: () => number = Math.random,
  ) {}

  start(): void {
    this.wake();
  }

  /** Looks for due deliveries now (after the pass under way, if any). */
  wake(): void {
    if (this.closed) return;
    if (this.passing) {
      this.passAgain = true;
      return;
    }
    this.passing = this.passes().finally(() => {
      this.passing = undefined;
      this.wakeAt(Date.now() + this.config.pollIntervalMs);
    });
  }

  /**
   * Stops claiming, and interrupts the sends under way: each is recorded as due again at once, so
   * another node takes it (with the same event id) instead of this one holding up its shutdown.
   */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    await this.passing;
    for (const send of this.inFlight.values()) send.abort.abort();
    await Promise.all([...this.inFlight.values()].map((send) => send.done));
  }

  /** Resolves once the sends under way are recorded (tests). */
  async settled(): Promise<void> {
    await this.passing;
    await Promise.all([...this.inFlight.values()].map((send) => send.done));
  }

  private wakeAt(at: number): void {
    if (this.closed || at >= this.timerDueAt) return;
    clearTimeout(this.timer);
    this.timerDueAt = at;
    this.timer = setTimeout(
      () => {
        this.timerDueAt = Number.POSITIVE_INFINITY;
        this.wake();
      },
      Math.max(0, at - Date.now()),
    );
    this.timer.unref();
  }

  private async passes(): Promise<void> {
    do {
      this.passAgain = false;
      try {
        await this.claimAndSend();
      } catch (error) {
        this.log.error({ err: error }, 'webhook pass failed');
        return;
      }
    } while (this.passAgain && !this.closed);
  }

  private async claimAndSend(): Promise<void> {
    const free = this.config.concurrency - this.inFlight.size;
    if (free <= 0 || this.closed) return;
    const now = new Date();
    const leaseUntil = new Date(now.getTime() + this.config.timeoutMs + LEASE_MARGIN_MS);
    const claimed = await claimDueDeliveries(this.db, {
      now,
      leaseUntil,
      expiredBefore: new Date(now.getTime() - this.config.giveUpAfterMs),
      limit: free,
    });
    for (const delivery of claimed) this.startSend(delivery, leaseUntil);
    // A full batch may have left more due: look again once a slot is free (a send's end wakes).
  }

  private startSend(delivery: ClaimedDelivery, leaseUntil: Date): void {
    const abort = new AbortController();
    const done = this.attempt(delivery, abort.signal)
      .then((outcome) => recordAttempt(this.db, delivery.id, leaseUntil, outcome))
      .catch((error: unknown) => {
        // The lease runs out and the delivery is tried again: at worst a duplicate, same id.
        this.log.error({ err: error, deliveryId: delivery.id }, 'webhook attempt not recorded');
      })
      .finally(() => {
        this.inFlight.delete(delivery.id);
        this.wake();
      });
    this.inFlight.set(delivery.id, { abort, done });
  }

  private async attempt(delivery: ClaimedDelivery, signal: AbortSignal): Promise<AttemptOutcome> {
    const startedAt = new Date();
    if (isExpired(this.config, delivery.createdAt, startedAt)) {
      return {
        status: 'failed',
        attempted: false,
        at: startedAt,
        httpStatus: null,
        error: delivery.enabled
          ? 'expired: not sent within its retry window'
          : 'expired while the webhook was disabled',
        nextAttemptAt: null,
      };
    }
    const result = await this.poster.post(delivery.url, {
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Natter-Webhooks/1',
        [WEBHOOK_HEADERS.signature]: signatureHeader(delivery.secret, delivery.body, startedAt),
        [WEBHOOK_HEADERS.eventId]: delivery.id,
        [WEBHOOK_HEADERS.eventType]: delivery.event,
      },
      body: delivery.body,
      timeoutMs: this.config.timeoutMs,
      signal,
    });
    const httpStatus = 'status' in result ? result.status : null;
    const base = { attempted: true, at: startedAt, httpStatus };
    if (httpStatus !== null && httpStatus >= 200 && httpStatus < 300) {
      return { ...base, status: 'delivered', error: null, nextAttemptAt: null };
    }
    const error = 'error' in result ? result.error : failureOfStatus(result.status);
    if (this.closed) {
      // Interrupted by this node's shutdown: due again at once, for another node.
      return { ...base, status: 'pending', error, nextAttemptAt: new Date() };
    }
    const next = nextAttemptAt(
      this.config,
      delivery.createdAt,
      delivery.attempts + 1,
      new Date(),
      this.random(),
    );
    if (next) this.wakeAt(next.getTime());
    return { ...base, status: next ? 'pending' : 'failed', error, nextAttemptAt: next ?? null };
  }
}

/** Why an answer that is not a 2xx failed, when its status alone does not say. */
function failureOfStatus(status: number): string | null {
  return status >= 300 && status < 400 ? 'redirects are not followed' : null;
}
