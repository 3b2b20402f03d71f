/**
 * How long group commit makes sends wait: per message, from the moment it was queued to the
 * answer of the statement that stored it (the part of the ack's latency the database decides);
 * per batch, the statement's own time and the batch's size. Kept as cumulative histograms
 * (util/latency-histogram.ts); recording is a few array increments per batch, cheap enough to
 * stay on; who may read them is decided where they are served.
 */
import { LATENCY_BOUNDS_MS, LatencyHistogram } from '../util/latency-histogram.js';

export interface CommitTimingsSnapshot {
  boundsMs: readonly number[];
  batches: number;
  messages: number;
  /** Per message: queued → its batch's statement answered (the last count is "over the last bound"). */
  waitMs: number[];
  /** Per batch: the statement alone (the final attempt's, when a race made it run again). */
  statementMs: number[];
}

export class CommitTimings {
  private batches = 0;
  private messages = 0;
  private readonly wait = new LatencyHistogram();
  private readonly statement = new LatencyHistogram();

  /** One committed batch: when each of its messages was queued, and its statement's start and end. */
  record(queuedAt: readonly number[], statementStart: number, statementEnd: number): void {
    this.batches++;
    this.messages += queuedAt.length;
    this.statement.record(statementEnd - statementStart);
    for (const at of queuedAt) this.wait.record(statementEnd - at);
  }

  snapshot(): CommitTimingsSnapshot {
    return {
      boundsMs: LATENCY_BOUNDS_MS,
      batches: this.batches,
      messages: this.messages,
      waitMs: this.wait.snapshot(),
      statementMs: this.statement.snapshot(),
    };
  }
}
