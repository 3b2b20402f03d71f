import type { Room, User } from '@natter/protocol';
import { describe, expect, it } from 'vitest';
import { peopleSuggestions, recentPeopleIds } from './people-suggestions.js';

const room = (id: string, type: Room['type'], participants: string[]): Room => ({
  id,
  type,
  participants,
  unreadCount: 0,
  lastActivityAt: '2026-11-30T09:00:00.000Z',
  lastReadSeq: 0,
  lastSeq: 0,
});
const user = (id: string): User => ({ id, username: id, displayName: id.toUpperCase() });

describe('people before typing', () => {
  it('lists people of the most recent rooms first, each once, never oneself or support visitors', () => {
    const rooms = [
      room('r1', 'direct', ['me', 'bob']),
      room('r2', 'support', ['me', 'visitor']),
      room('r3', 'group', ['me', 'carol', 'bob', 'dave']),
    ];
    expect(recentPeopleIds(rooms, 'me')).toEqual(['bob', 'carol', 'dave']);
  });

  it('puts known recent people first, then the directory without them', () => {
    const profiles = { bob: user('bob'), carol: user('carol') };
    const directory = [user('alice'), user('bob'), user('erin')];
    const { recent, everyone } = peopleSuggestions(
      ['carol', 'bob', 'unknown'],
      profiles,
      directory,
    );
    expect(recent.map((u) => u.id)).toEqual(['carol', 'bob']);
    expect(everyone.map((u) => u.id)).toEqual(['alice', 'erin']);
  });
});
