import type { User } from '@natter/protocol';
import { describe, expect, it } from 'vitest';
import { mayCallGroup, mentionSuggestions, mentionText } from './mention-suggestions.js';

const person = (id: string, username: string, displayName: string): User => ({
  id,
  username,
  displayName,
});

const members = [
  person('me', 'maya', 'Maya Me'),
  person('b', 'bob', 'Bob Stone'),
  person('c', 'carol', 'Carol Boyd'),
  person('e', 'erin', 'Érin Bó'),
  person('z', 'zed', 'Zed Lebowski'),
];

const names = (query: string, groupWords = false) =>
  mentionSuggestions(query, members, { meId: 'me', groupWords }).map(mentionText);

describe('mentionSuggestions', () => {
  it('lists every member but oneself for a bare @, alphabetically', () => {
    expect(names('')).toEqual(['bob', 'carol', 'erin', 'zed']);
  });

  it('puts username matches first, then a name or a word of it, then any match inside', () => {
    // bob (username), then Carol Boyd and Érin Bó (a word of the name, accents folded),
    // then Zed Lebowski (inside a word).
    expect(names('bo')).toEqual(['bob', 'carol', 'erin', 'zed']);
    expect(names('ST')).toEqual(['bob']);
    expect(names('nobody')).toEqual([]);
  });

  it('offers @all and @here in a group where the user may call everyone, after the people', () => {
    expect(names('', true).slice(-2)).toEqual(['all', 'here']);
    expect(names('al', true)).toEqual(['all']);
    expect(names('he', false)).toEqual([]);
  });

  it('shows at most eight', () => {
    const many = Array.from({ length: 20 }, (_, i) => person(`u${i}`, `user${i}`, `User ${i}`));
    expect(mentionSuggestions('user', many, { meId: 'me', groupWords: true })).toHaveLength(8);
  });
});

describe('mayCallGroup', () => {
  const ids = (n: number) => Array.from({ length: n }, (_, i) => `u${i}`);
  it('lets anyone call a group of up to 50, only its owner and admins a bigger one, nobody elsewhere', () => {
    expect(mayCallGroup({ type: 'group', participants: ids(50) }, 'u1')).toBe(true);
    expect(mayCallGroup({ type: 'group', participants: ids(51) }, 'u1')).toBe(false);
    expect(
      mayCallGroup({ type: 'group', participants: ids(51), roles: { u1: 'admin' } }, 'u1'),
    ).toBe(true);
    expect(mayCallGroup({ type: 'direct', participants: ids(2) }, 'u1')).toBe(false);
    expect(mayCallGroup({ type: 'support', participants: ids(3) }, 'u1')).toBe(false);
  });
});
