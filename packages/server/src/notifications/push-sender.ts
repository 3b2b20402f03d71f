import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import webpush from 'web-push';
import type { PushConfig } from '../config.js';
import type { Db } from '../db/database.js';
import { roomMembers } from '../db/schema.js';
import type { Logger } from '../logger.js';
import { endpointAllowed } from './endpoint-origins.js';
import { buildPushPayload } from './push-payload.js';
import { deleteSubscriptions } from './push-subscription-repository.js';
import type { PushTarget } from './push-targets.js';
import { VapidAuthorization } from './vapid-authorization.js';
import type { VapidKeyPair } from './vapid-keys.js';

/** Bounds of the sender, sized for one node. */
interface PushSenderLimits {
  /** Requests to push services open at once. */
  maxInFlight: number;
  /** Pushes waiting for a free slot; more are dropped (with a warning). */
  queueMax: number;
  /** A push service that does not answer within this is treated like a network failure. */
  timeoutMs: number;
  /** The longest wait before a retry, whatever `Retry-After` asks. */
  maxRetryDelayMs: number;
}

const BOUNDS: PushSenderLimits = {
  maxInFlight: 16,
  queueMax: 10_000,
  timeoutMs: 10_000,
  maxRetryDelayMs: 10 * 60_000,
};

interface PushJob {
  target: PushTarget;
  /** Tries made so far. */
  attempts: number;
}

/**
 * Sends pushes (RFC 8030, encrypted per RFC 8291, signed per RFC 8292) with bounded concurrency.
 * What a push service answers decides what follows:
 * - 2xx: accepted; the member's `notified_seq` moves up to the message (the email fallback tells
 *   only what lies past it);
 * - 404/410: the subscription is gone (unsubscribed, expired): its row is deleted;
 * - 429, 5xx, a timeout or a network failure: tried again after a doubling wait (or the service's
 *   `Retry-After`, when longer), up to `maxAttempts` tries in all;
 * - any other 4xx: our request is wrong for that service; logged and dropped.
 */
export class PushSender {
  /**
   * Pushes waiting for their turn, one per device and room (`queueKey`): a newer message of the
   * room replaces the one waiting, in its place. A backlog (the budget spent, services slow) thus
   * collapses like a window does, and stays bounded by devices × rooms.
   */
  private readonly queue = new Map<string, PushJob>();
  /** Sends the budget allows now (`PushConfig.maxPerSecond`), refilled as time passes. */
  private tokens: number;
  private refilledAt = Date.now();
  private refillTimer: NodeJS.Timeout | undefined;
  private readonly retries = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly vapid: VapidAuthorization;
  private closed = false;

  constructor(
    private readonly db: Db,
    vapidKeys: VapidKeyPair,
    private readonly config: PushConfig,
    private readonly log: Logger,
  ) {
    this.vapid = new VapidAuthorization(vapidKeys, config.vapidSubject);
    this.tokens = config.maxPerSecond;
  }

  /** Queues one push to one device; never throws, never waits. */
  send(target: PushTarget): void {
    this.enqueue({ target, attempts: 0 });
  }

  /** Resolves once every push queued so far was tried (retries waiting for their turn aside). */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0 || this.queue.size > 0) {
      if (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
      // Waiting for the budget: the next refill starts one.
      else await new Promise((resolve) => setTimeout(resolve, 1000 / this.config.maxPerSecond));
    }
  }

  /** Stops taking work, drops pending retries, and waits (at most `waitMs`) for sends in flight. */
  async close(waitMs = 5_000): Promise<void> {
    this.closed = true;
    this.queue.clear();
    clearTimeout(this.refillTimer);
    for (const timer of this.retries) clearTimeout(timer);
    this.retries.clear();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)));
    await Promise.race([Promise.allSettled([...this.inFlight]), deadline]);
    clearTimeout(timer);
  }

  private enqueue(job: PushJob): void {
    if (this.closed) return;
    const key = queueKey(job.target);
    const waiting = this.queue.get(key);
    if (waiting) {
      if (job.target.news.seq > waiting.target.news.seq) this.queue.set(key, job);
    } else if (this.queue.size >= BOUNDS.queueMax) {
      this.log.warn({ roomId: job.target.news.roomId }, 'push queue full: push dropped');
      return;
    } else {
      this.queue.set(key, job);
    }
    this.pump();
  }

  private pump(): void {
    this.refill();
    while (this.inFlight.size < BOUNDS.maxInFlight && this.queue.size > 0) {
      if (this.tokens < 1) {
        this.refillTimer ??= setTimeout(() => {
          this.refillTimer = undefined;
          this.pump();
        }, 1000 / this.config.maxPerSecond);
        return;
      }
      const [key, job] = this.queue.entries().next().value as [string, PushJob];
      this.queue.delete(key);
      this.tokens -= 1;
      const running = this.attempt(job).finally(() => {
        this.inFlight.delete(running);
        this.pump();
      });
      this.inFlight.add(running);
    }
  }

  /** The budget refills continuously, up to one second's worth (a burst no bigger than that). */
  private refill(now = Date.now()): void {
    const { maxPerSecond } = this.config;
    this.tokens = Math.min(
      maxPerSecond,
      this.tokens + ((now - this.refilledAt) / 1000) * maxPerSecond,
    );
    this.refilledAt = now;
  }

  private async attempt(job: PushJob): Promise<void> {
    const { target } = job;
    // The list may have changed since the subscription was stored: it is the law at send time.
    if (!endpointAllowed(target.subscription.endpoint, this.config.endpointOrigins)) {
      this.log.warn({ subscriptionId: target.subscription.id }, 'push endpoint no longer allowed');
      return;
    }
    job.attempts += 1;
    // Each push's encryption (about a millisecond of CPU) runs in a turn of its own, so a batch of
    // pushes never holds up the messages being sent and delivered meanwhile.
    await new Promise(setImmediate);
    try {
      await webpush.sendNotification(
        {
          endpoint: target.subscription.endpoint,
          keys: { p256dh: target.subscription.p256dh, auth: target.subscription.auth },
        },
        JSON.stringify(buildPushPayload(target.news)),
        {
          // Signed once per push service and reused (vapid-authorization.ts). Without
          // `vapidDetails` (and its global ones, never set here) web-push signs nothing itself.
          headers: { Authorization: this.vapid.headerFor(target.subscription.endpoint) },
          TTL: this.config.ttlSeconds,
          urgency: target.news.roomType === 'direct' ? 'high' : 'normal',
          topic: topicOf(target.news.roomId),
          timeout: BOUNDS.timeoutMs,
          contentEncoding: 'aes128gcm',
        },
      );
    } catch (error) {
      await this.failed(job, error);
      return;
    }
    // Apart from the send: a failed write must not send the accepted push again.
    await this.markNotified(target).catch((error: unknown) =>
      this.log.warn({ err: error }, 'notified mark not written'),
    );
  }

  private async markNotified({ userId, news }: PushTarget): Promise<void> {
    await this.db
      .update(roomMembers)
      .set({ notifiedSeq: sql`GREATEST(${roomMembers.notifiedSeq}, ${news.seq})` })
      .where(and(eq(roomMembers.roomId, news.roomId), eq(roomMembers.userId, userId)));
  }

  /** Never throws: a database error while cleaning up is logged, like the failure itself. */
  private async failed(job: PushJob, error: unknown): Promise<void> {
    const status = error instanceof webpush.WebPushError ? error.statusCode : undefined;
    const context = { subscriptionId: job.target.subscription.id, status, attempts: job.attempts };
    if (status === 404 || status === 410) {
      await deleteSubscriptions(this.db, [job.target.subscription.id]).then(
        () => this.log.info(context, 'push subscription gone: deleted'),
        (err: unknown) => this.log.warn({ ...context, err }, 'gone subscription not deleted'),
      );
      return;
    }
    const retriable = status === undefined || status === 429 || status >= 500;
    if (!retriable) {
      this.log.warn({ ...context, err: error }, 'push refused: dropped');
      return;
    }
    if (job.attempts >= this.config.maxAttempts) {
      this.log.warn({ ...context, err: error }, 'push failed after every retry: dropped');
      return;
    }
    const delay = Math.min(
      BOUNDS.maxRetryDelayMs,
      Math.max(
        this.config.retryAfterMs * 2 ** (job.attempts - 1),
        retryAfterHeaderMs(error instanceof webpush.WebPushError ? error.headers : {}),
      ),
    );
    if (this.closed) return;
    const timer = setTimeout(() => {
      this.retries.delete(timer);
      this.enqueue(job);
    }, delay);
    this.retries.add(timer);
  }
}

/** One waiting push per device and room. */
const queueKey = ({ subscription, news }: PushTarget) => `${subscription.id}\u0000${news.roomId}`;

/**
 * The `Topic` of a room's pushes: a push service keeps only the newest undelivered push of a
 * topic, so a device that comes back online gets one per room, not a flood. At most 32 base64url
 * characters (RFC 8030 §5.4): a hash, which also keeps room ids off the push service.
 */
export const topicOf = (roomId: string): string =>
  createHash('sha256').update(roomId).digest('base64url').slice(0, 32);

/** `Retry-After` in milliseconds: seconds or an HTTP date (RFC 9110 §10.2.3); 0 when absent. */
function retryAfterHeaderMs(headers: Record<string, string | string[] | undefined>): number {
  const value = headers['retry-after'];
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return 0;
  const seconds = Number(text);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(text);
  return Number.isNaN(at) ? 0 : Math.max(0, at - Date.now());
}
