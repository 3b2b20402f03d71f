import { describe, expect, it } from 'vitest';
import { BatchLane } from './batch-lane.js';

/** A lane whose batches finish only when the test says so. */
function heldLane(maxBatch: number) {
  const batches: number[][] = [];
  const releases: (() => void)[] = [];
  const lane = new BatchLane<number>(async (batch) => {
    batches.push(batch);
    await new Promise<void>((resolve) => releases.push(resolve));
  }, maxBatch);
  const releaseNext = async () => {
    while (releases.length === 0) await new Promise(setImmediate);
    releases.shift()!();
  };
  return { lane, batches, releaseNext };
}

describe('BatchLane', () => {
  it('runs the items of one turn together, and those queued meanwhile in the next batch', async () => {
    const { lane, batches, releaseNext } = heldLane(100);
    lane.add(1);
    lane.add(2);
    await releaseNext();
    lane.add(3);
    lane.add(4);
    await releaseNext();
    await lane.idle();
    expect(batches).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it('never runs more than maxBatch items at once, nor two batches at once', async () => {
    const { lane, batches, releaseNext } = heldLane(2);
    for (let i = 1; i <= 5; i++) lane.add(i);
    for (let i = 0; i < 3; i++) {
      await releaseNext();
      expect(batches).toHaveLength(i + 1);
    }
    await lane.idle();
    expect(batches).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('is idle at once when nothing is queued, and again after a drain', async () => {
    const { lane, releaseNext } = heldLane(10);
    await lane.idle();
    lane.add(1);
    let idle = false;
    const drained = lane.idle().then(() => (idle = true));
    await new Promise(setImmediate);
    expect(idle).toBe(false);
    await releaseNext();
    await drained;
    expect(idle).toBe(true);
  });
});
