import { describe, expect, it } from 'vitest';
import { HandshakeWindow } from './handshake-window.js';

describe('HandshakeWindow', () => {
  it('answers a change made to one of the channels after the window opened', () => {
    const window = new HandshakeWindow(true);
    window.changed('user:a');
    const openedAt = window.open();
    expect(window.changedSince(openedAt, ['user:a', 'session:a'])).toBe(false);
    window.changed('user:b');
    expect(window.changedSince(openedAt, ['user:a', 'session:a'])).toBe(false);
    window.changed('session:a');
    expect(window.changedSince(openedAt, ['user:a', 'session:a'])).toBe(true);
    // A window opened after that change has not seen it happen.
    expect(window.changedSince(window.open(), ['user:a', 'session:a'])).toBe(false);
  });

  it('a channel changed again is remembered at its latest change', () => {
    const window = new HandshakeWindow(true, 2);
    window.changed('user:a');
    const openedAt = window.open();
    window.changed('user:b');
    window.changed('user:a');
    // user:b and user:a are the two remembered; user:a's first change was replaced, not forgotten.
    expect(window.changedSince(openedAt, ['user:a'])).toBe(true);
    expect(window.changedSince(openedAt, ['user:c'])).toBe(false);
  });

  it('a window older than what is remembered is told that anything may have changed', () => {
    const window = new HandshakeWindow(true, 2);
    const old = window.open();
    window.changed('user:a');
    const recent = window.open();
    window.changed('user:b');
    window.changed('user:c'); // forgets user:a's change, made after `old` opened
    expect(window.changedSince(old, ['user:z'])).toBe(true);
    expect(window.changedSince(recent, ['user:z'])).toBe(false);
    expect(window.changedSince(recent, ['user:c'])).toBe(true);
  });

  it('on a node that is not alone, every window may have seen a change', () => {
    const window = new HandshakeWindow(false);
    expect(window.changedSince(window.open(), ['user:a'])).toBe(true);
  });
});
