import { LATENCY_BOUNDS_MS, LatencyHistogram } from './latency-histogram.js';

/** How often the loop is sampled: often enough for percentiles over a benchmark step of seconds. */
const SAMPLE_EVERY_MS = 5;

export interface EventLoopLagSnapshot {
  boundsMs: readonly number[];
  /** Per sample: how late a timer ran (cumulative, util/latency-histogram.ts). */
  lagMs: number[];
}

/**
 * How late this node's event loop runs a timer asked for every few milliseconds: about how long
 * a packet that arrives waits before its handler starts, because the loop is busy with other
 * work (the part of a send's latency that is neither the network nor the commit). Timers fire
 * with about a millisecond of granularity, so lags under that are noise. Sampled only while
 * started: the benchmark's `DEBUG_STATS=on` nodes.
 */
export class EventLoopLag {
  private readonly lag = new LatencyHistogram();
  private timer: NodeJS.Timeout | undefined;

  start(): void {
    let due = performance.now() + SAMPLE_EVERY_MS;
    const sample = () => {
      const now = performance.now();
      this.lag.record(Math.max(0, now - due));
      due = now + SAMPLE_EVERY_MS;
      this.timer = setTimeout(sample, SAMPLE_EVERY_MS).unref();
    };
    this.timer = setTimeout(sample, SAMPLE_EVERY_MS).unref();
  }

  stop(): void {
    clearTimeout(this.timer);
  }

  snapshot(): EventLoopLagSnapshot {
    return { boundsMs: LATENCY_BOUNDS_MS, lagMs: this.lag.snapshot() };
  }
}
