/** Upper bounds of the buckets, in ms: 0.05 ms × 1.25^i, up to about a minute. */
export const LATENCY_BOUNDS_MS: readonly number[] = Array.from({ length: 64 }, (_, i) =>
  Number((0.05 * 1.25 ** i).toPrecision(3)),
);

/**
 * A cumulative latency histogram with fixed bucket bounds: whoever reads it twice (the benchmark,
 * before and after a step) gets that interval's percentiles by subtracting the counts, so any
 * number of readers can share it and nothing is ever reset. Recording is a binary search and an
 * increment. The last count is "over the last bound".
 */
export class LatencyHistogram {
  private readonly counts = new Float64Array(LATENCY_BOUNDS_MS.length + 1);

  record(ms: number): void {
    const bucket = bucketOf(ms);
    this.counts[bucket] = (this.counts[bucket] ?? 0) + 1;
  }

  snapshot(): number[] {
    return Array.from(this.counts);
  }
}

/** The first bucket whose bound holds `ms` (binary search over 64 bounds). */
function bucketOf(ms: number): number {
  let low = 0;
  let high = LATENCY_BOUNDS_MS.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (ms <= (LATENCY_BOUNDS_MS[mid] as number)) high = mid;
    else low = mid + 1;
  }
  return low;
}
