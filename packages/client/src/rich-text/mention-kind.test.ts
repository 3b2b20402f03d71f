import { describe, expect, it } from 'vitest';
import { mentionKinds } from './mention-kind.js';

const me = { id: 'u-me', username: 'Sam' };
const usernames: Record<string, string> = { 'u-bob': 'bob', 'u-eve': 'eve' };
const usernameOf = (id: string) => usernames[id];

describe('mentionKinds', () => {
  it('marks the mentions the server resolved: mine as mine, others by their loaded profile', () => {
    const kind = mentionKinds(
      { senderId: 'u-bob', mentions: ['u-me', 'u-eve', 'u-unknown'] },
      me,
      usernameOf,
    );
    expect(kind('sam')).toBe('me');
    expect(kind('eve')).toBe('other');
    // Not resolved by the server, or a profile not loaded yet: text.
    expect(kind('bob')).toBeUndefined();
    expect(kind('nobody')).toBeUndefined();
  });

  it('counts @all and @here only as the message says, as mine unless I sent it', () => {
    expect(mentionKinds({ senderId: 'u-bob', roomMention: 'all' }, me, usernameOf)('all')).toBe(
      'me',
    );
    expect(mentionKinds({ senderId: 'u-me', roomMention: 'here' }, me, usernameOf)('here')).toBe(
      'other',
    );
    expect(mentionKinds({ senderId: 'u-bob', roomMention: 'here' }, me, usernameOf)('all')).toBe(
      undefined,
    );
    expect(mentionKinds({ senderId: 'u-bob' }, me, usernameOf)('all')).toBeUndefined();
  });
});
