import type { SearchResult } from '@natter/protocol';
import { describe, expect, it } from 'vitest';
import { groupByRoom } from './search-groups.js';

const result = (id: string, roomId: string): SearchResult => ({
  message: {
    id,
    roomId,
    seq: 1,
    senderId: 'u1',
    sender: { id: 'u1', displayName: 'Ann' },
    type: 'text',
    content: id,
    status: 'sent',
    createdAt: '2026-11-30T10:00:00.000Z',
  },
  highlight: id,
});

describe('groupByRoom', () => {
  it('orders rooms by their best result and keeps the ranking inside each', () => {
    const groups = groupByRoom([
      result('a1', 'a'),
      result('b1', 'b'),
      result('a2', 'a'),
      result('c1', 'c'),
      result('b2', 'b'),
    ]);
    expect(groups.map((g) => [g.roomId, g.results.map((r) => r.message.id)])).toEqual([
      ['a', ['a1', 'a2']],
      ['b', ['b1', 'b2']],
      ['c', ['c1']],
    ]);
  });

  it('has no group without results', () => {
    expect(groupByRoom([])).toEqual([]);
  });
});
