import { describe, expect, it } from 'vitest';
import { LATENCY_BOUNDS_MS } from '../util/latency-histogram.js';
import { CommitTimings } from './commit-timings.js';

const bucketHolding = (ms: number) => LATENCY_BOUNDS_MS.findIndex((bound) => ms <= bound);

describe('CommitTimings', () => {
  it('counts each message of a batch by its wait from queueing, and the batch by its statement time', () => {
    const timings = new CommitTimings();
    timings.record([100, 108, 109.5], 109.6, 110);
    const counted = timings.snapshot();
    expect(counted.batches).toBe(1);
    expect(counted.messages).toBe(3);
    expect(counted.waitMs[bucketHolding(10)]).toBe(1);
    expect(counted.waitMs[bucketHolding(2)]).toBe(1);
    expect(counted.waitMs[bucketHolding(0.5)]).toBe(1);
    expect(counted.statementMs[bucketHolding(0.4)]).toBe(1);
    expect(counted.statementMs.reduce((a, b) => a + b, 0)).toBe(1);
  });

  it('puts a wait beyond the last bound in the overflow bucket rather than dropping it', () => {
    const timings = new CommitTimings();
    timings.record([0], 0, 10 * 60_000);
    const counted = timings.snapshot();
    expect(counted.waitMs.at(-1)).toBe(1);
    expect(counted.statementMs.at(-1)).toBe(1);
  });

  it('hands out copies: a snapshot does not change when more batches are recorded', () => {
    const timings = new CommitTimings();
    const before = timings.snapshot();
    timings.record([0], 0, 1);
    expect(before.messages).toBe(0);
    expect(before.waitMs.every((n) => n === 0)).toBe(true);
  });
});
