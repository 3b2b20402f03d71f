import { inArray } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { messages } from '../db/schema.js';
import type { Logger } from '../logger.js';
import type { MessageRecord } from './message-presenter.js';
import { selectMessageRecords } from './message-repository.js';

/** How often the database is asked again while sends are unsettled. */
const CHECK_INTERVAL_MS = 1_000;
/**
 * How long a send not found is still looked for: a statement whose client connection broke may
 * still be running in its backend, and commit, until `statement_timeout` (30 s) ends it.
 */
const NOT_FOUND_GRACE_MS = 35_000;
/** How long a send is looked for while the database does not answer at all. */
const GIVE_UP_AFTER_MS = 10 * 60_000;
/** Sends remembered at most; the oldest go first (their resends settle them anyway). */
const MAX_UNSETTLED = 10_000;

/**
 * Sends whose commit outcome is unknown: the connection to PostgreSQL broke while their statement
 * ran, and the client was answered `unavailable`. The client resends with the same clientId and
 * gets the stored message if the statement had committed (D3), but a resend publishes nothing,
 * so the members' connected devices would not see that message live. Once the database answers,
 * the messages are looked up by the ids this node gave them: a row with such an id was stored by
 * the lost statement and is published now (once); a resend that stored the message itself gave
 * it another id and published it then; no row means the statement rolled back.
 */
export class UnsettledSends {
  /** Message id → when its outcome became unknown. */
  private readonly waiting = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly db: Db,
    private readonly publish: (record: MessageRecord) => Promise<void>,
    private readonly log: Logger,
  ) {}

  /** Remembers a send whose statement failed because the database could not be reached. */
  add(messageId: string): void {
    if (this.closed) return;
    if (this.waiting.size >= MAX_UNSETTLED) {
      const [oldest] = this.waiting.keys();
      if (oldest !== undefined) this.waiting.delete(oldest);
    }
    this.waiting.set(messageId, Date.now());
    this.schedule();
  }

  /** Stops looking; a check in progress finishes first. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.running = this.check()
        .catch((error: unknown) => this.log.warn({ err: error }, 'unsettled sends: check failed'))
        .finally(() => {
          this.running = undefined;
          if (this.waiting.size > 0) this.schedule();
        });
    }, CHECK_INTERVAL_MS);
    this.timer.unref();
  }

  private async check(): Promise<void> {
    const now = Date.now();
    const ids = [...this.waiting.keys()];
    let stored: MessageRecord[];
    try {
      stored = await selectMessageRecords(this.db).where(inArray(messages.id, ids));
    } catch {
      // Still unreachable: ask again later, up to a point.
      for (const [id, since] of this.waiting) {
        if (now - since > GIVE_UP_AFTER_MS) this.waiting.delete(id);
      }
      return;
    }
    for (const record of stored) {
      // Forgotten only once published: a publish that fails (the database gone again) is retried.
      await this.publish(record);
      this.waiting.delete(record.id);
    }
    for (const [id, since] of this.waiting) {
      if (now - since > NOT_FOUND_GRACE_MS) this.waiting.delete(id);
    }
  }
}
