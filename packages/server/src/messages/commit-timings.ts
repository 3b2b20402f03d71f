/**
 * How long group commit makes sends wait: per message, from the moment it was queued to the
 * answer of the statement that stored it (the part of the ack's latency the database decides);
 * per batch, the statement's own time and the batch's size. Kept as cumulative histograms with
 * fixed bucket bounds, so whoever reads them twice (the benchmark, before and after a step) gets
 * that interval's percentiles by subtracting the counts. Recording is a few array increments per
 * batch, cheap enough to stay on; who may read them is decided where they are served.
 */

/** Upper bounds of the buckets, in ms: 0.05 ms × 1.25^i, up to about a minute. */
export const COMMIT_TIMING_BOUNDS_MS: readonly number[] = Array.from({ length: 64 }, (_, i) =>
  Number((0.05 * 1.25 ** i).toPrecision(3)),
);

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
  private readonly wait = new Float64Array(COMMIT_TIMING_BOUNDS_MS.length + 1);
  private readonly statement = new Float64Array(COMMIT_TIMING_BOUNDS_MS.length + 1);

  /** One committed batch: when each of its messages was queued, and its statement's start and end. */
  record(queuedAt: readonly number[], statementStart: number, statementEnd: number): void {
    this.batches++;
    this.messages += queuedAt.length;
    count(this.statement, statementEnd - statementStart);
    for (const at of queuedAt) count(this.wait, statementEnd - at);
  }

  snapshot(): CommitTimingsSnapshot {
    return {
      boundsMs: COMMIT_TIMING_BOUNDS_MS,
      batches: this.batches,
      messages: this.messages,
      waitMs: Array.from(this.wait),
      statementMs: Array.from(this.statement),
    };
  }
}

function count(histogram: Float64Array, ms: number): void {
  const bucket = bucketOf(ms);
  histogram[bucket] = (histogram[bucket] ?? 0) + 1;
}

/** The first bucket whose bound holds `ms` (binary search over 64 bounds). */
function bucketOf(ms: number): number {
  let low = 0;
  let high = COMMIT_TIMING_BOUNDS_MS.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (ms <= (COMMIT_TIMING_BOUNDS_MS[mid] as number)) high = mid;
    else low = mid + 1;
  }
  return low;
}
