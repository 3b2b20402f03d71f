import { describe, expect, it } from 'vitest';
import { typingPhrase } from './typing-phrase.js';

describe('typingPhrase', () => {
  it('is empty when nobody types', () => expect(typingPhrase([])).toBe(''));
  it('names one typist', () => expect(typingPhrase(['Alice'])).toBe('Alice is typing…'));
  it('names two typists', () =>
    expect(typingPhrase(['Alice', 'Bob'])).toBe('Alice and Bob are typing…'));
  it('stops naming at three, so the line never wraps', () =>
    expect(typingPhrase(['Alice', 'Bob', 'Carol'])).toBe('Several people are typing…'));
});
