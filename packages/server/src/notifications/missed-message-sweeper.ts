import type { PushConfig } from '../config.js';
import type { DatabaseClock } from '../db/database-clock.js';
import type { Db } from '../db/database.js';
import type { Logger } from '../logger.js';
import type { Mailer } from '../mail/mailer.js';
import { PeriodicTask } from '../util/periodic-task.js';
import type { RetryPolicy } from '../util/retry-backoff.js';
import { RetryBackoff } from '../util/retry-backoff.js';
import { composeMissedMessageEmail } from './missed-message-email.js';
import type { DueRecipient, DueRoom } from './missed-message-repository.js';
import {
  claimRooms,
  findDueRecipients,
  findMissedMessages,
  releaseRooms,
} from './missed-message-repository.js';

/** Users emailed per pass at most: a backlog drains over several passes. */
const USERS_PER_PASS = 100;
/** Rooms quoted in one email, and messages quoted per room; the rest are counted. */
const ROOMS_PER_EMAIL = 10;
const MESSAGES_PER_ROOM = 5;
/**
 * A message older than this is never emailed: turning the email on does not mail a backlog of
 * weeks, and the scan stays on rooms active lately.
 */
const WINDOW_MS = 24 * 60 * 60_000;
/** A failed send waits a minute, doubling, and is given up after five tries (as for visitors). */
const RETRY: RetryPolicy = { maxAttempts: 5, retryAfterMs: 60_000 };

/**
 * The email fallback for users: every pass finds users who turned on `emailMissed`, with messages
 * by others that stayed unread and were told by no push for longer than the delay, and sends each
 * ONE email covering all their rooms. It runs beside the send path, never in it.
 *
 * Once only, across overlapping passes, nodes and the push sender: a pass claims a user's rooms by
 * moving `room_members.notified_seq` with a conditional UPDATE before sending (the push sender
 * moves the same mark when a push service accepts a push), so only one claimer tells a message.
 * A failed send gives the claims back and the user waits (doubling) before the next try; after
 * the last try the messages are given up (logged), so a refused address cannot keep the job busy.
 */
export class MissedMessageSweeper {
  private readonly task: PeriodicTask;
  private readonly backoff = new RetryBackoff(RETRY);

  constructor(
    private readonly db: Db,
    /** Messages are timed on it (db/database-clock.ts): so is what is due. */
    private readonly clock: DatabaseClock,
    private readonly mailer: Mailer,
    private readonly publicUrl: string,
    private readonly config: Pick<PushConfig, 'missedEmailDelayMs' | 'missedEmailSweepIntervalMs'>,
    private readonly log: Logger,
  ) {
    this.task = new PeriodicTask(
      async () => void (await this.sweep()),
      config.missedEmailSweepIntervalMs,
      log,
    );
  }

  start(): void {
    this.task.start();
  }

  /** One pass; answers how many users it claimed rooms of (emailed or failed). */
  async sweep(now = this.clock.now().getTime()): Promise<number> {
    const due = await findDueRecipients(this.db, {
      dueBefore: new Date(now - this.config.missedEmailDelayMs),
      activeSince: new Date(now - WINDOW_MS),
      limit: USERS_PER_PASS,
      skip: this.backoff.waiting(now),
    });
    let claimed = 0;
    for (const recipient of due) {
      const rooms = await claimRooms(this.db, recipient.userId, recipient.rooms);
      if (rooms.length === 0) continue; // another pass, node or a push has them
      claimed++;
      await this.tell(recipient, rooms, now);
    }
    return claimed;
  }

  close(): Promise<void> {
    return this.task.close();
  }

  /** Sends the claimed rooms' news; on failure gives the claims back (or gives up at the last try). */
  private async tell(recipient: DueRecipient, rooms: DueRoom[], now: number): Promise<void> {
    const { userId } = recipient;
    try {
      const missed = await findMissedMessages(this.db, userId, rooms, MESSAGES_PER_ROOM);
      // Read, deleted or muted between the look and the claim: nothing left to tell.
      if (missed.length === 0) return;
      await this.mailer.send(
        composeMissedMessageEmail({
          recipient,
          rooms: missed.slice(0, ROOMS_PER_EMAIL),
          moreRooms: Math.max(0, missed.length - ROOMS_PER_EMAIL),
          publicUrl: this.publicUrl,
        }),
      );
      this.backoff.succeeded(userId);
      this.log.info({ userId, rooms: missed.length }, 'emailed missed messages');
    } catch (error) {
      const { verdict, failures } = this.backoff.failed(userId, now);
      if (verdict === 'give-up') {
        this.log.error({ err: error, userId, failures }, 'gave up emailing missed messages');
        return; // the claims stay: these messages are not tried again
      }
      this.log.warn(
        { err: error, userId, failures },
        'emailing missed messages failed; will retry',
      );
      await releaseRooms(this.db, userId, rooms);
    }
  }
}
