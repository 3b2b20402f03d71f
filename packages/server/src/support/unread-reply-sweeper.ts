import type { ReplyEmailConfig } from '../config.js';
import type { DatabaseClock } from '../db/database-clock.js';
import type { Db } from '../db/database.js';
import type { Logger } from '../logger.js';
import { PeriodicTask } from '../util/periodic-task.js';
import { RetryBackoff } from '../util/retry-backoff.js';
import { conversationLinkPath } from './conversation-link.js';
import type { DueConversation } from './unread-reply-repository.js';
import {
  claimReplies,
  findClaimedReplies,
  findDueConversations,
  releaseReplies,
} from './unread-reply-repository.js';
import type { VisitorNotifier } from './visitor-notifier.js';

/** Replies quoted in one email; the rest are counted ("…and 3 more"). */
const REPLIES_PER_EMAIL = 20;

/**
 * Reaches visitors who left: every pass finds support conversations whose visitor gave an email
 * and has agent replies unread for longer than the delay, and tells each visitor once, in one
 * email per conversation with all those replies. It runs beside the send path, never in it.
 *
 * Once only, across overlapping passes and nodes: a pass claims a conversation's replies by
 * moving `support_conversations.emailed_seq` with a conditional UPDATE before sending, so only one
 * claimer sends. A failed send gives the claim back and the conversation waits (doubling each
 * time) before it is tried again; after `maxAttempts` failures it is given up (logged), so a
 * refused address cannot keep the job busy. The wait is this node's memory: another node may
 * try sooner, which only retries earlier.
 */
export class UnreadReplySweeper {
  private readonly task: PeriodicTask;
  private readonly backoff: RetryBackoff;

  constructor(
    private readonly db: Db,
    /** Messages are timed on it (db/database-clock.ts): so is what is due. */
    private readonly clock: DatabaseClock,
    private readonly notifier: VisitorNotifier,
    private readonly publicUrl: string,
    private readonly config: ReplyEmailConfig,
    private readonly log: Logger,
  ) {
    this.backoff = new RetryBackoff(config);
    this.task = new PeriodicTask(
      async () => void (await this.sweep()),
      config.sweepIntervalMs,
      log,
    );
  }

  start(): void {
    this.task.start();
  }

  /** One pass; answers how many conversations it claimed (sent or failed). */
  async sweep(now = this.clock.now().getTime()): Promise<number> {
    const due = await findDueConversations(this.db, {
      dueBefore: new Date(now - this.config.delayMs),
      activeSince: new Date(now - this.config.activityWindowMs),
      limit: this.config.conversationsPerSweep,
      skip: this.backoff.waiting(now),
    });
    let claimed = 0;
    for (const conversation of due) {
      if (
        !(await claimReplies(
          this.db,
          conversation.roomId,
          conversation.emailedSeq,
          conversation.upToSeq,
        ))
      ) {
        continue; // another pass or node has it
      }
      claimed++;
      await this.tell(conversation, now);
    }
    return claimed;
  }

  close(): Promise<void> {
    return this.task.close();
  }

  /** Sends the claimed replies; on failure gives the claim back (or gives up after the last try). */
  private async tell(conversation: DueConversation, now: number): Promise<void> {
    const { roomId, emailedSeq, upToSeq } = conversation;
    try {
      const { replies, total } = await findClaimedReplies(this.db, roomId, {
        after: emailedSeq,
        upTo: upToSeq,
        limit: REPLIES_PER_EMAIL,
      });
      // Read or deleted between the look and the claim: nothing left to tell.
      if (replies.length === 0) return;
      await this.notifier.notify({
        siteName: conversation.siteName,
        visitor: { displayName: conversation.visitorName, email: conversation.visitorEmail },
        replies,
        moreCount: total - replies.length,
        link: new URL(conversationLinkPath(conversation.linkToken), this.publicUrl).href,
      });
      this.backoff.succeeded(roomId);
      this.log.info({ roomId, replies: total }, 'emailed unread replies to the visitor');
    } catch (error) {
      await this.failed(conversation, now, error);
    }
  }

  private async failed(conversation: DueConversation, now: number, error: unknown): Promise<void> {
    const { roomId, emailedSeq, upToSeq } = conversation;
    const { verdict, failures } = this.backoff.failed(roomId, now);
    if (verdict === 'give-up') {
      this.log.error({ err: error, roomId, failures }, 'gave up emailing unread replies');
      return; // the claim stays: these replies are not tried again
    }
    this.log.warn({ err: error, roomId, failures }, 'emailing unread replies failed; will retry');
    await releaseReplies(this.db, roomId, emailedSeq, upToSeq);
  }
}
