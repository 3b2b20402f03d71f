import type { Conversation } from '@natter/protocol';
import { describe, expect, it } from 'vitest';
import { matchesFilters, visitorLabel } from './inbox-filter.js';

const conversation = (fields: Partial<Conversation> = {}): Conversation => ({
  roomId: 'r1',
  siteId: 's1',
  status: 'open',
  visitor: { id: '3f2a9c1e-0000-4000-8000-000000000000', displayName: 'Visitor', verified: false },
  context: {},
  createdAt: '2026-11-30T00:00:00.000Z',
  lastActivityAt: '2026-11-30T00:00:00.000Z',
  ...fields,
});

describe('matchesFilters', () => {
  const all = { status: 'open', assignee: 'all', siteId: undefined } as const;
  it('keeps a conversation of the status, any assignee, any site', () => {
    expect(matchesFilters(conversation({ assigneeId: 'x' }), all, 'me')).toBe(true);
    expect(matchesFilters(conversation({ status: 'resolved' }), all, 'me')).toBe(false);
  });
  it('tells mine from unassigned', () => {
    const mine = { ...all, assignee: 'mine' } as const;
    const unassigned = { ...all, assignee: 'unassigned' } as const;
    expect(matchesFilters(conversation({ assigneeId: 'me' }), mine, 'me')).toBe(true);
    expect(matchesFilters(conversation({ assigneeId: 'other' }), mine, 'me')).toBe(false);
    expect(matchesFilters(conversation(), unassigned, 'me')).toBe(true);
    expect(matchesFilters(conversation({ assigneeId: 'me' }), unassigned, 'me')).toBe(false);
  });
  it('filters by site when one is chosen', () => {
    expect(matchesFilters(conversation(), { ...all, siteId: 's2' }, 'me')).toBe(false);
    expect(matchesFilters(conversation(), { ...all, siteId: 's1' }, 'me')).toBe(true);
  });
});

describe('visitorLabel', () => {
  it('is the name the visitor gave', () => {
    const named = conversation({ visitor: { id: 'v', displayName: 'Dana', verified: true } });
    expect(visitorLabel(named)).toBe('Dana');
  });
  it('tells nameless visitors apart by their id', () => {
    expect(visitorLabel(conversation())).toBe('Visitor 3f2a');
  });
});
