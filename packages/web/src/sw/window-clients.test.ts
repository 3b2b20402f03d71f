import { describe, expect, it } from 'vitest';
import { clickPlan, pathShowsRoom, roomOnScreen } from './window-clients.js';
import type { WindowLike } from './window-clients.js';

const tab = (path: string, focused = false, visible = true): WindowLike => ({
  url: `https://chat.example${path}`,
  focused,
  visibilityState: visible ? 'visible' : 'hidden',
});

describe('pathShowsRoom', () => {
  it('knows a room by the chat and inbox paths, or by the push url (a visitor page)', () => {
    expect(pathShowsRoom('/rooms/r1', 'r1', '/rooms/r1')).toBe(true);
    expect(pathShowsRoom('/inbox/r1', 'r1', '/rooms/r1')).toBe(true);
    expect(pathShowsRoom('/rooms/r1', 'r1', '/chat/r1')).toBe(true);
    expect(pathShowsRoom('/c/abc', 'r1', '/c/abc')).toBe(true);
    expect(pathShowsRoom('/rooms/r2', 'r1', '/rooms/r1')).toBe(false);
    expect(pathShowsRoom('/', 'r1', '/rooms/r1')).toBe(false);
  });
});

describe('roomOnScreen', () => {
  it('is true only for a focused, visible tab on that room', () => {
    expect(roomOnScreen([tab('/rooms/r1', true)], 'r1', '/rooms/r1')).toBe(true);
    expect(roomOnScreen([tab('/rooms/r1', false)], 'r1', '/rooms/r1')).toBe(false);
    expect(roomOnScreen([tab('/rooms/r1', true, false)], 'r1', '/rooms/r1')).toBe(false);
    expect(roomOnScreen([tab('/rooms/r2', true)], 'r1', '/rooms/r1')).toBe(false);
    expect(roomOnScreen([], 'r1', '/rooms/r1')).toBe(false);
  });
});

describe('clickPlan', () => {
  it('focuses a tab already on the room', () => {
    const onRoom = tab('/rooms/r1');
    expect(clickPlan([tab('/', true), onRoom], 'r1', '/rooms/r1')).toEqual({
      action: 'focus',
      window: onRoom,
    });
  });

  it('else navigates a tab of the same app, the focused one first', () => {
    const focused = tab('/rooms/r9', true);
    expect(clickPlan([tab('/'), focused], 'r1', '/rooms/r1')).toEqual({
      action: 'navigate',
      window: focused,
    });
  });

  it('never turns a visitor page into the chat app (or back): it opens a window instead', () => {
    expect(clickPlan([tab('/c/abc', true)], 'r1', '/rooms/r1')).toEqual({ action: 'open' });
    expect(clickPlan([tab('/rooms/r1', true)], 'r1', '/c/xyz')).toEqual({
      action: 'focus',
      window: tab('/rooms/r1', true),
    });
    expect(clickPlan([tab('/', true)], 'r1', '/c/xyz')).toEqual({ action: 'open' });
    expect(clickPlan([], 'r1', '/rooms/r1')).toEqual({ action: 'open' });
  });
});
