/**
 * Latencies (ms) in a log-scale histogram with 1% wide buckets: small to ship between
 * processes, mergeable, and percentiles within 1%.
 * @typedef {{ counts: Record<string, number>, max: number }} LatencyData
 */

const GROWTH = Math.log(1.01);
/** Latencies below this (ms) share the first bucket. */
const FLOOR = 0.001;

export class Latencies {
  constructor() {
    /** @type {Map<number, number>} */
    this.counts = new Map();
    this.max = 0;
    this.count = 0;
  }

  /** @param {number} ms */
  add(ms) {
    const bucket = ms <= FLOOR ? 0 : Math.ceil(Math.log(ms / FLOOR) / GROWTH);
    this.counts.set(bucket, (this.counts.get(bucket) ?? 0) + 1);
    if (ms > this.max) this.max = ms;
    this.count++;
  }

  /** @returns {LatencyData} */
  toJSON() {
    return { counts: Object.fromEntries(this.counts), max: this.max };
  }

  /** @param {LatencyData[]} parts */
  static merge(parts) {
    const merged = new Latencies();
    for (const part of parts) {
      for (const [bucket, n] of Object.entries(part.counts)) {
        merged.counts.set(Number(bucket), (merged.counts.get(Number(bucket)) ?? 0) + n);
        merged.count += n;
      }
      merged.max = Math.max(merged.max, part.max);
    }
    return merged;
  }

  /** @returns {{ count: number, p50: number, p95: number, p99: number, max: number }} */
  summary() {
    const buckets = [...this.counts.entries()].sort((a, b) => a[0] - b[0]);
    const at = (/** @type {number} */ q) => {
      let seen = 0;
      for (const [bucket, n] of buckets) {
        seen += n;
        if (seen > q * this.count)
          return round(Math.min(this.max, FLOOR * Math.exp(bucket * GROWTH)));
      }
      return NaN;
    };
    return { count: this.count, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: round(this.max) };
  }
}

/** @param {Iterable<number>} values */
export function summarise(values) {
  const l = new Latencies();
  for (const v of values) l.add(v);
  return l.summary();
}

/** @param {number} n */
const round = (n) => (Number.isNaN(n) ? n : Math.round(n * 100) / 100);
