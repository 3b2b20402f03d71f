import { describe, expect, it } from 'vitest';
import { drainingError, RequestDrain } from './request-drain.js';

/** Whether a promise has settled by the time queued microtasks ran. */
async function isSettled(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void promise.then(() => (settled = true));
  await Promise.resolve();
  await Promise.resolve();
  return settled;
}

describe('RequestDrain', () => {
  it('drains at once when nothing is in flight', async () => {
    const drain = new RequestDrain();
    expect(drain.isDraining).toBe(false);
    expect(await isSettled(drain.drain())).toBe(true);
    expect(drain.isDraining).toBe(true);
  });

  it('waits for every request taken before, and takes none after', async () => {
    const drain = new RequestDrain();
    const first = drain.enter();
    const second = drain.enter();
    const drained = drain.drain();
    expect(drain.enter()).toBeUndefined();
    first?.();
    first?.(); // counted out once, however often it is called
    expect(await isSettled(drained)).toBe(false);
    second?.();
    expect(await isSettled(drained)).toBe(true);
    expect(drain.drain()).toBe(drained);
  });

  it('refuses with the retriable unavailable and a delay', () => {
    expect(drainingError()).toMatchObject({ code: 'unavailable', retryAfterMs: 1_000 });
  });
});
