import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TypingInput } from './typing-input.js';

describe('TypingInput', () => {
  let signals: string[];
  let typing: TypingInput;

  beforeEach(() => {
    vi.useFakeTimers();
    signals = [];
    typing = new TypingInput({
      emitStart: (roomId) => signals.push(`start ${roomId}`),
      emitStop: (roomId) => signals.push(`stop ${roomId}`),
    });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** Types a key every `everyMs` for `forMs`. */
  const typeFor = (forMs: number, everyMs = 200) => {
    for (let t = 0; t < forMs; t += everyMs) {
      typing.input('r1');
      vi.advanceTimersByTime(everyMs);
    }
  };

  it('emits typing:start on the first key only, not on every key', () => {
    typeFor(1_000);
    expect(signals).toEqual(['start r1']);
  });

  it('repeats typing:start about every 3 s while typing goes on', () => {
    typeFor(7_000);
    expect(signals).toEqual(['start r1', 'start r1', 'start r1']);
  });

  it('emits typing:stop 2 s after the last key', () => {
    typing.input('r1');
    vi.advanceTimersByTime(1_999);
    expect(signals).toEqual(['start r1']);
    vi.advanceTimersByTime(1);
    expect(signals).toEqual(['start r1', 'stop r1']);
  });

  it('stops at once when the message is sent, and starts afresh on the next key', () => {
    typing.input('r1');
    typing.stop('r1');
    expect(signals).toEqual(['start r1', 'stop r1']);
    vi.advanceTimersByTime(5_000);
    expect(signals).toHaveLength(2);
    typing.input('r1');
    expect(signals).toEqual(['start r1', 'stop r1', 'start r1']);
  });

  it('tracks rooms separately', () => {
    typing.input('r1');
    typing.input('r2');
    vi.advanceTimersByTime(2_000);
    expect(signals.sort()).toEqual(['start r1', 'start r2', 'stop r1', 'stop r2']);
  });

  it('does not stop a room that is not typing', () => {
    typing.stop('r1');
    typing.stopAll();
    expect(signals).toEqual([]);
  });
});
