import type { Message } from '@natter/protocol';
import type { LinkPreviewConfig } from '../config.js';
import type { Db } from '../db/database.js';
import type { StoredLinkPreview } from '../db/schema.js';
import { AppError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { MessageRecord } from '../messages/message-presenter.js';
import type { MessageListener } from '../messages/message-listener.js';
import { findMessage } from '../messages/message-repository.js';
import type { MessageService } from '../messages/message-service.js';
import { GuardedFetchError } from '../net/guarded-fetch.js';
import { ConcurrencyGate } from '../util/concurrency-gate.js';
import { PeriodicTask } from '../util/periodic-task.js';
import { firstLink } from './first-link.js';
import { deleteCachedBefore, findCachedPreview, saveCachedPreview } from './link-preview-cache.js';
import type { LinkPreviewFetcher } from './link-preview-fetcher.js';

/** Text that may hold an http(s) link: worth a job. */
const MAY_HAVE_LINK = /https?:\/\//i;

/** How often cache rows older than the longest lifetime are deleted. */
const CACHE_SWEEP_INTERVAL_MS = 60 * 60_000;

/**
 * Adds link previews to messages, off the send path (docs/link-previews.md). Told of each new or
 * edited message that may hold a link, it queues a job; the job reads the message, finds its
 * first link (outside code), reads the link's preview from the cache or fetches it (one fetch per
 * link at a time, however many messages wait for it), then sets it on the message as a change and
 * publishes `message:updated`, unless the message moved on meanwhile (deleted, edited to another
 * link, preview removed by its author).
 */
export class LinkPreviewService implements MessageListener {
  private readonly gate: ConcurrencyGate;
  /** Fetches under way, by link: a second message linking there waits for the same one. */
  private readonly fetching = new Map<string, Promise<StoredLinkPreview | undefined>>();
  /** Every queued or running job, so close() can wait for them. */
  private readonly jobs = new Set<Promise<void>>();
  private readonly stop = new AbortController();
  private readonly sweeper: PeriodicTask;

  constructor(
    private readonly db: Db,
    /** Resolved when a job runs: the message service is built after its listeners. */
    private readonly messages: () => MessageService,
    private readonly fetcher: LinkPreviewFetcher,
    private readonly config: LinkPreviewConfig,
    private readonly log: Logger,
  ) {
    this.gate = new ConcurrencyGate(config.concurrency, config.queueMax, {
      what: 'making link previews',
      retryAfterMs: 0,
    });
    this.sweeper = new PeriodicTask(() => this.sweepCache(), CACHE_SWEEP_INTERVAL_MS, log);
  }

  messageCreated(message: Message): void {
    this.consider(message);
  }

  messageEdited(message: Message): void {
    this.consider(message);
  }

  start(): void {
    this.sweeper.start();
  }

  /** Stops taking work, abandons fetches under way, and waits for the jobs to end. */
  async close(): Promise<void> {
    this.stop.abort();
    await this.sweeper.close();
    await Promise.allSettled([...this.jobs]);
  }

  /** Deletes cache rows no longer believed. Exposed for tests. */
  async sweepCache(now = Date.now()): Promise<void> {
    const oldest = Math.max(this.config.cacheTtlMs, this.config.failureTtlMs);
    const count = await deleteCachedBefore(this.db, new Date(now - oldest));
    if (count > 0) this.log.info({ count }, 'forgot stale link previews');
  }

  /** Resolves once every job queued so far has ended. Exposed for tests. */
  async settled(): Promise<void> {
    while (this.jobs.size > 0) await Promise.allSettled([...this.jobs]);
  }

  /**
   * Queues a look at a message that may have a link. On the send path: only a scan for `http://`
   * or `https://` happens here (a microsecond or so); finding the first link, outside code, is the
   * job's.
   */
  private consider(message: Message): void {
    if (this.stop.signal.aborted || message.type === 'system' || message.deletedAt) return;
    if (!MAY_HAVE_LINK.test(message.content)) return;
    const job = this.gate
      .run(() => this.previewMessage(message.id))
      .catch((error: unknown) => {
        if (error instanceof AppError && error.code === 'rate_limited') {
          this.log.warn({ messageId: message.id }, 'link preview queue full: preview dropped');
        } else {
          this.log.error({ err: error, messageId: message.id }, 'link preview failed');
        }
      })
      .finally(() => this.jobs.delete(job));
    this.jobs.add(job);
  }

  private async previewMessage(messageId: string): Promise<void> {
    if (this.stop.signal.aborted) return;
    // Read when its turn comes: the queue may have held it while it moved on.
    const queued = await findMessage(this.db, messageId);
    const url = queued && firstLink(queued.content);
    if (!url || !wantsPreview(queued, url)) return;
    const preview = await this.previewOf(url);
    if (!preview) return;
    const messages = this.messages();
    const changed = await messages.changeMessage(messageId, undefined, (record) =>
      wantsPreview(record, url) ? { preview } : undefined,
    );
    if (changed.applied) await messages.publishUpdated(changed.record);
  }

  /** The link's preview: cached, being fetched for another message, or fetched now. */
  private async previewOf(url: string): Promise<StoredLinkPreview | undefined> {
    const cached = await findCachedPreview(this.db, url, {
      ttlMs: this.config.cacheTtlMs,
      failureTtlMs: this.config.failureTtlMs,
    });
    if (cached) return cached.preview ?? undefined;
    let fetching = this.fetching.get(url);
    if (!fetching) {
      fetching = this.fetchAndCache(url).finally(() => this.fetching.delete(url));
      this.fetching.set(url, fetching);
    }
    return fetching;
  }

  private async fetchAndCache(url: string): Promise<StoredLinkPreview | undefined> {
    let preview: StoredLinkPreview | undefined;
    try {
      preview = await this.fetcher.fetch(url, this.stop.signal);
    } catch (error) {
      if (!(error instanceof GuardedFetchError)) throw error;
      // Shutting down is no verdict on the page.
      if (this.stop.signal.aborted) return undefined;
      this.log.info({ url, failure: error.failure, reason: error.message }, 'no link preview');
    }
    await saveCachedPreview(this.db, url, preview ?? null);
    return preview;
  }
}

/** Whether a message still wants a preview of `url`: its first link, not removed, not had. */
function wantsPreview(record: MessageRecord, url: string): boolean {
  return (
    !record.deletedAt &&
    !record.previewRemoved &&
    record.type !== 'system' &&
    record.preview?.url !== url &&
    firstLink(record.content) === url
  );
}
