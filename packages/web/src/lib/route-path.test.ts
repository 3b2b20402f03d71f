import { describe, expect, it } from 'vitest';
import { pathOfRoute, routeOfPath } from './route-path.js';
import type { Route } from './route-path.js';

describe('routes and paths', () => {
  it.each<[string, Route]>([
    ['/', { view: 'chats' }],
    ['/rooms/r1', { view: 'chats', roomId: 'r1' }],
    ['/inbox', { view: 'inbox' }],
    ['/inbox/r2', { view: 'inbox', roomId: 'r2' }],
    ['/settings', { view: 'settings' }],
    ['/settings/sites/s1', { view: 'settings', siteId: 's1' }],
    ['/settings/webhooks', { view: 'settings', webhooks: true }],
    ['/settings/profile', { view: 'profile' }],
  ])('%s is a place, and the place spells it back', (path, route) => {
    expect(routeOfPath(path)).toEqual(expect.objectContaining(route));
    expect(pathOfRoute(route)).toBe(path);
  });
  it('opens the room a push notification links to (/chat/:id)', () => {
    expect(routeOfPath('/chat/r1')).toEqual({ view: 'chats', roomId: 'r1' });
  });
  it('reads unknown paths as the chats list', () => {
    expect(routeOfPath('/nope/x')).toEqual({ view: 'chats' });
  });
  it('opens a room at a message (a search result) and spells it back', () => {
    const route = { view: 'chats', roomId: 'r1', messageId: 'm 1' } as const;
    expect(routeOfPath('/rooms/r1', '?message=m%201')).toEqual(route);
    expect(pathOfRoute(route)).toBe('/rooms/r1?message=m%201');
    expect(routeOfPath('/inbox/r1', '?message=m1')).toEqual({ view: 'inbox', roomId: 'r1' });
  });
  it('encodes ids', () => {
    expect(pathOfRoute({ view: 'inbox', roomId: 'a/b' })).toBe('/inbox/a%2Fb');
    expect(routeOfPath('/inbox/a%2Fb')).toEqual({ view: 'inbox', roomId: 'a/b' });
  });
});
