import { describe, expect, it } from 'vitest';
import type { Room, User } from '@natter/protocol';
import { filterBySearchText, foldForSearch, recentFirst, roomSearchText } from './room-filter.js';

const user = (id: string, displayName: string): User => ({ id, username: id, displayName });
const profiles = { me: user('me', 'Me'), zoe: user('zoe', 'Zoë Park'), bob: user('bob', 'Bob') };
const room = (id: string, type: Room['type'], participants: string[], name?: string): Room =>
  ({ id, type, participants, name, createdAt: '', lastActivityAt: '' }) as unknown as Room;

const direct = room('d1', 'direct', ['me', 'zoe']);
const club = room('g1', 'group', ['me', 'zoe', 'bob'], 'Book club');
const rooms = [direct, club];
const text = (r: Room) => roomSearchText(r, 'me', profiles);

describe('room filter', () => {
  it('folds case and accents', () => {
    expect(foldForSearch('Zoë PARK')).toBe('zoe park');
  });

  it('finds rooms by their name and by the people in them, as one types', () => {
    expect(filterBySearchText(rooms, '', text)).toEqual(rooms);
    expect(filterBySearchText(rooms, 'zoe', text)).toEqual(rooms);
    expect(filterBySearchText(rooms, 'book', text)).toEqual([club]);
    expect(filterBySearchText(rooms, 'BOB', text)).toEqual([club]);
    expect(filterBySearchText(rooms, 'club zo', text)).toEqual([club]);
    expect(filterBySearchText(rooms, 'nobody', text)).toEqual([]);
  });

  it('does not find a room by my own name', () => {
    expect(filterBySearchText([direct], 'me', text)).toEqual([]);
  });

  it('puts the recently opened rooms first, most recent first', () => {
    const items = [{ id: 'a' }, { id: 'b' }, { id: 'c' }, { id: 'd' }];
    expect(recentFirst(items, ['c', 'x', 'a']).map((i) => i.id)).toEqual(['c', 'a', 'b', 'd']);
  });
});
