import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { ConcurrencyGate } from './concurrency-gate.js';

/** A task that runs until released, recording how many ran at once. */
function controlledTasks() {
  let active = 0;
  let peak = 0;
  const releases: (() => void)[] = [];
  const started: string[] = [];
  const task = (name: string) => async () => {
    active += 1;
    peak = Math.max(peak, active);
    started.push(name);
    await new Promise<void>((resolve) => releases.push(resolve));
    active -= 1;
    return name;
  };
  return { task, releases, started, peak: () => peak };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('ConcurrencyGate', () => {
  it('runs at most `concurrency` tasks at once and the queued ones in arrival order', async () => {
    const gate = new ConcurrencyGate(2, 10, { what: 'checking files', retryAfterMs: 1000 });
    const t = controlledTasks();
    const results = ['a', 'b', 'c', 'd'].map((name) => gate.run(t.task(name)));
    await flush();
    expect(t.started).toEqual(['a', 'b']);
    while (t.started.length < 4 || t.releases.length > 0) {
      t.releases.shift()?.();
      await flush();
    }
    expect(await Promise.all(results)).toEqual(['a', 'b', 'c', 'd']);
    expect(t.started).toEqual(['a', 'b', 'c', 'd']);
    expect(t.peak()).toBe(2);
  });

  it('refuses a task past the bounded queue with rate_limited and retryAfterMs', async () => {
    const gate = new ConcurrencyGate(1, 1, { what: 'checking files', retryAfterMs: 1000 });
    const t = controlledTasks();
    const first = gate.run(t.task('running'));
    const second = gate.run(t.task('queued'));
    const refused = await gate.run(t.task('refused')).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: 'rate_limited', retryAfterMs: 1000 });
    await flush();
    t.releases.shift()?.();
    await flush();
    t.releases.shift()?.();
    expect(await Promise.all([first, second])).toEqual(['running', 'queued']);
    expect(t.started).toEqual(['running', 'queued']);
  });

  it('refuses with the code it was given', async () => {
    const gate = new ConcurrencyGate(1, 0, {
      what: 'with handshakes',
      retryAfterMs: 500,
      code: 'unavailable',
    });
    const t = controlledTasks();
    const running = gate.run(t.task('running'));
    await expect(gate.run(t.task('refused'))).rejects.toMatchObject({
      code: 'unavailable',
      retryAfterMs: 500,
    });
    await flush();
    t.releases.shift()?.();
    await expect(running).resolves.toBe('running');
  });

  it('frees the slot of a task that fails', async () => {
    const gate = new ConcurrencyGate(1, 0, { what: 'checking files', retryAfterMs: 1000 });
    await expect(gate.run(() => Promise.reject(new Error('broken image')))).rejects.toThrow(
      'broken image',
    );
    await expect(gate.run(() => Promise.resolve('next'))).resolves.toBe('next');
  });
});
