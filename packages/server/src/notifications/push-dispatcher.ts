import type { Message } from '@natter/protocol';
import type { PushConfig } from '../config.js';
import type { Db } from '../db/database.js';
import type { Logger } from '../logger.js';
import type { MessageListener } from '../messages/message-listener.js';
import type { AttentionService } from '../presence/attention-service.js';
import type { PushNews } from './push-payload.js';
import type { PushSender } from './push-sender.js';
import type { PushCandidate, PushTarget } from './push-targets.js';
import { findPushTargets } from './push-targets.js';

/** Bounds of the dispatcher's memory. */
interface PushDispatcherLimits {
  /** Rooms with news waiting for a pass; news of further rooms is dropped (with a warning). */
  roomsMax: number;
  /** (user, room) collapse windows held open; pushes that would open more are dropped. */
  windowsMax: number;
}

const BOUNDS: PushDispatcherLimits = {
  roomsMax: 50_000,
  windowsMax: 200_000,
};

/**
 * A pass that failed (the database restarting or unreachable) keeps its news and is tried again
 * after 1 s, 2, 4… up to 30 s; after the last attempt (about two minutes of failures) the news is
 * given up: a push that late would no longer be news.
 */
const PASS_RETRY = { firstDelayMs: 1000, maxDelayMs: 30_000, attempts: 8 };

/** One message as the dispatcher keeps it: just what tells who may want it. */
interface Noted {
  id: string;
  seq: number;
  senderId: string;
}

/**
 * A room's news since the last pass: its latest message, and the latest by someone else, so a
 * member who wrote the latest still hears of the one before it (a reply to them); and the latest
 * that mentions someone (or `@all`), which reaches members who muted the room (mute-rule.ts) even
 * when plain messages followed it.
 */
interface RoomNews {
  latest: Noted;
  latestByOther?: Noted | undefined;
  latestMention?: Noted | undefined;
}

interface Pending {
  messageId: string;
  seq: number;
}

/** After a push to a user for a room: further news of it waits until `timer` fires. */
interface CollapseWindow {
  /** The newest message pushed to this user for this room: never pushed again. */
  pushedSeq: number;
  /** The newest message that arrived during the window, pushed when it ends. */
  pending?: Pending | undefined;
  /** The newest that mentioned this user: it may pass their mute where `pending` does not. */
  pendingMention?: Pending | undefined;
  timer: NodeJS.Timeout;
}

/**
 * Turns new messages into pushes, entirely off the send path. `messageCreated` only notes the
 * message (O(1), no I/O); a pass shortly after reads, for every room with news, who should hear
 * of it (push-targets.ts), drops users with a device showing the chat (AttentionService), and
 * hands each device's push to the sender; a pass the database fails is tried again (PASS_RETRY).
 * Per user and room, a push opens a collapse window: what arrives during it goes as one push when
 * it ends, so a burst is a handful of pushes. Only the node that committed a message is told of
 * it, so a cluster pushes each message once.
 */
export class PushDispatcher implements MessageListener {
  private news = new Map<string, RoomNews>();
  /** Due pushes of windows that ended, for one user each. */
  private due: PushCandidate[] = [];
  private readonly windows = new Map<string, CollapseWindow>();
  private passTimer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  /** Passes failed in a row; the next is tried after a back-off (PASS_RETRY). */
  private failedPasses = 0;
  private closed = false;

  constructor(
    private readonly db: Db,
    private readonly attention: AttentionService,
    private readonly sender: PushSender,
    private readonly config: PushConfig,
    private readonly log: Logger,
  ) {}

  /** A message was committed and published by this node. Never throws, never waits. */
  messageCreated(message: Message): void {
    // The room's own record (joins, renames) is not worth waking anyone for.
    if (this.closed || message.type === 'system') return;
    const noted: Noted = { id: message.id, seq: message.seq, senderId: message.senderId };
    const mentioning = message.mentions !== undefined || message.roomMention === 'all';
    const room = this.news.get(message.roomId);
    if (!room) {
      if (this.news.size >= BOUNDS.roomsMax) {
        this.log.warn({ roomId: message.roomId }, 'too many rooms waiting: push news dropped');
        return;
      }
      this.news.set(message.roomId, {
        latest: noted,
        latestMention: mentioning ? noted : undefined,
      });
    } else if (noted.seq > room.latest.seq) {
      if (noted.senderId !== room.latest.senderId) room.latestByOther = room.latest;
      room.latest = noted;
      if (mentioning) room.latestMention = noted;
    }
    this.schedulePass();
  }

  /** Stops taking work; lets a pass under way finish, then closes the sender. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.passTimer);
    for (const window of this.windows.values()) clearTimeout(window.timer);
    this.windows.clear();
    await this.running;
    await this.sender.close();
  }

  /**
   * Runs a pass now, after any under way, and resolves once its pushes were tried: for tests (and
   * operators' scripts), like the sweepers' `sweep`.
   */
  async flush(): Promise<void> {
    clearTimeout(this.passTimer);
    this.passTimer = undefined;
    this.running = this.running.then(() => this.pass());
    await this.running;
    await this.sender.settled();
  }

  private schedulePass(delayMs = this.config.passDelayMs): void {
    if (this.passTimer || this.closed) return;
    this.passTimer = setTimeout(() => {
      this.passTimer = undefined;
      // Passes run one after another: a slow one delays the next rather than racing it.
      this.running = this.running.then(() => this.pass());
    }, delayMs);
  }

  private async pass(): Promise<void> {
    const candidates: PushCandidate[] = [...this.due];
    for (const room of this.news.values()) {
      candidates.push({ messageId: room.latest.id });
      if (room.latestByOther) candidates.push({ messageId: room.latestByOther.id });
      if (room.latestMention && room.latestMention !== room.latest) {
        candidates.push({ messageId: room.latestMention.id });
      }
    }
    this.news = new Map();
    this.due = [];
    if (candidates.length === 0 || this.closed) return;
    let targets: PushTarget[];
    try {
      targets = await findPushTargets(this.db, candidates);
      const watching = await this.attention.watching([...new Set(targets.map((t) => t.userId))]);
      targets = targets.filter((t) => !watching.has(t.userId));
    } catch (error) {
      this.passFailed(candidates, error);
      return;
    }
    this.failedPasses = 0;
    this.dispatch(targets);
  }

  /**
   * The candidates wait for the next attempt, with the news that arrives meanwhile: a pass looks
   * each message up again, so one read, deleted or watched since is not pushed.
   */
  private passFailed(candidates: PushCandidate[], error: unknown): void {
    this.failedPasses += 1;
    if (this.failedPasses > PASS_RETRY.attempts) {
      this.failedPasses = 0;
      this.log.error({ err: error }, 'push pass failed again: its pushes are given up');
      return;
    }
    this.log.warn({ err: error, attempt: this.failedPasses }, 'push pass failed: tried again');
    this.due.push(...candidates);
    clearTimeout(this.passTimer);
    this.passTimer = undefined;
    const backOff = PASS_RETRY.firstDelayMs * 2 ** (this.failedPasses - 1);
    this.schedulePass(Math.min(backOff, PASS_RETRY.maxDelayMs));
  }

  /** Each (user, room) either pushes now and opens its window, or waits for the window's end. */
  private dispatch(targets: readonly PushTarget[]): void {
    const byWindow = new Map<string, { news: PushNews; userId: string; devices: PushTarget[] }>();
    for (const target of targets) {
      const key = `${target.userId}\u0000${target.news.roomId}`;
      const group = byWindow.get(key);
      if (group) group.devices.push(target);
      else byWindow.set(key, { news: target.news, userId: target.userId, devices: [target] });
    }
    for (const [key, { news, userId, devices }] of byWindow) {
      const window = this.windows.get(key);
      if (window) {
        const arrived = { messageId: news.messageId, seq: news.seq };
        if (news.seq > window.pushedSeq && news.seq > (window.pending?.seq ?? 0)) {
          window.pending = arrived;
        }
        if (news.mention && news.seq > (window.pendingMention?.seq ?? window.pushedSeq)) {
          window.pendingMention = arrived;
        }
        continue;
      }
      if (this.windows.size >= BOUNDS.windowsMax) {
        this.log.warn({ roomId: news.roomId }, 'too many collapse windows: push dropped');
        continue;
      }
      for (const device of devices) this.sender.send(device);
      this.openWindow(key, userId, news.seq);
    }
  }

  private openWindow(key: string, userId: string, pushedSeq: number): void {
    const timer = setTimeout(() => {
      const window = this.windows.get(key);
      this.windows.delete(key);
      const pending = [window?.pending, window?.pendingMention].filter((p) => p !== undefined);
      if (pending.length === 0) return;
      // Looked at again, like new news: read, deleted, muted or watched by now means no push.
      // With a mention among them, the pass pushes that one (push-targets.ts).
      for (const { messageId } of new Set(pending)) this.due.push({ messageId, userId });
      this.schedulePass();
    }, this.config.collapseWindowMs);
    this.windows.set(key, { pushedSeq, timer });
  }
}
