import { describe, expect, it } from 'vitest';
import { reactionChipLabel, whoReacted } from './reaction-labels.js';

const names: Record<string, string> = { a: 'Alice', b: 'Bob', c: 'Carol', d: 'Dan', e: 'Eve' };
const nameOf = (id: string) => names[id];
const reaction = (...userIds: string[]) => ({ emoji: '👍', count: userIds.length, userIds });

describe('reaction labels', () => {
  it('name the emoji, the count, and whether the user is among them', () => {
    expect(reactionChipLabel(reaction('a'), 'me')).toBe('👍 1: React with 👍, 1 person');
    expect(reactionChipLabel(reaction('a', 'me', 'b'), 'me')).toBe(
      '👍 3: React with 👍, 3 people, including you',
    );
    expect(reactionChipLabel(reaction('me'), 'me')).toBe('👍 1: React with 👍, only you');
  });

  it('list who reacted, the user first as "You", past three the first two and a count', () => {
    expect(whoReacted(reaction('a'), 'me', nameOf)).toBe('Alice reacted with 👍');
    expect(whoReacted(reaction('a', 'b'), 'me', nameOf)).toBe('Alice and Bob reacted with 👍');
    expect(whoReacted(reaction('a', 'me', 'b'), 'me', nameOf)).toBe(
      'You, Alice and Bob reacted with 👍',
    );
    expect(whoReacted(reaction('a', 'b', 'c', 'd', 'e'), 'me', nameOf)).toBe(
      'Alice, Bob and 3 others reacted with 👍',
    );
    expect(whoReacted(reaction('a', 'b', 'c', 'x'), 'me', nameOf)).toBe(
      'Alice, Bob and 2 others reacted with 👍',
    );
    expect(whoReacted(reaction('x'), 'me', nameOf)).toBe('Someone reacted with 👍');
  });
});
