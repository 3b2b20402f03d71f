import type { ErrorCode } from '@natter/protocol';
import { AppError } from '../errors.js';

/** What a refusal says: what is busy, how long to wait, and its code (`rate_limited` unless set). */
export interface GateRefusal {
  what: string;
  retryAfterMs: number;
  code?: Extract<ErrorCode, 'rate_limited' | 'unavailable'>;
}

/**
 * A semaphore with a bounded queue: at most `concurrency` tasks run at once, at most `queueMax`
 * wait, and a task arriving past that is refused (an AppError with `retryAfterMs`) rather than
 * queued without end. Image inspection runs behind one: decoding is CPU- and memory-heavy, and a
 * burst of uploads must not starve the event loop's other work nor grow memory without bound.
 * Socket handshakes run behind another: each reads the database, and a node restarting with
 * thousands of clients must not send them all to PostgreSQL at once.
 */
export class ConcurrencyGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly concurrency: number,
    private readonly queueMax: number,
    /** What the refusal says is busy, and how long it suggests waiting. */
    private readonly busy: GateRefusal,
  ) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) {
      if (this.waiting.length >= this.queueMax) {
        throw new AppError(
          this.busy.code ?? 'rate_limited',
          `the server is busy ${this.busy.what}; try again shortly`,
          this.busy.retryAfterMs,
        );
      }
      // The finishing task hands its slot over: `running` stays counted for this one.
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running += 1;
    }
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
  }
}
