// @vitest-environment jsdom
import { fireEvent, screen } from '@testing-library/preact';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { initialState } from '@natter/client';
import type { Room, User } from '@natter/protocol';
import { ProfileStore } from '../state/profile-store.js';
import { renderComposer } from './render-composer.test-support.js';
import { unmountRendered } from '../unmount-rendered.test-support.js';

const person = (id: string, username: string, displayName: string): User => ({
  id,
  username,
  displayName,
});
const PEOPLE = [
  person('me', 'maya', 'Maya'),
  person('b', 'bob', 'Bob Stone'),
  person('c', 'carol', 'Carol Boyd'),
  person('d', 'dave', 'Dave Cole'),
];

const client = { typing: { input: vi.fn(), stop: vi.fn() }, send: vi.fn() };
beforeEach(() => client.send.mockClear());

let rooms = 0;

/**
 * A composer in a room of `type` with everyone in PEOPLE, whose profiles are all known; a room of
 * its own each time, so no draft of another test leaks in.
 */
function renderIn(type: Room['type'] = 'group') {
  const room: Room = {
    id: `room-${++rooms}`,
    type,
    participants: PEOPLE.map((p) => p.id),
    unreadCount: 0,
    lastActivityAt: '2026-11-30T00:00:00.000Z',
    lastReadSeq: 0,
    lastSeq: 0,
  };
  const state = { ...initialState, rooms: { [room.id]: { ...room, unreadBase: {} } } };
  const profiles = new ProfileStore(async () => []);
  profiles.put(PEOPLE);
  const store = { getState: () => state, subscribe: () => () => undefined };
  renderComposer({ ...client, ...store }, { roomId: room.id }, profiles);
  return screen.getByRole<HTMLTextAreaElement>('textbox', { name: 'Message' });
}

const type = (box: HTMLTextAreaElement, value: string) =>
  fireEvent.change(box, { target: { value } });
const options = () => screen.queryAllByRole('option');
const selected = () =>
  options()
    .filter((o) => o.getAttribute('aria-selected') === 'true')
    .map((o) => o.textContent);

describe('@ mentions in the composer', () => {
  it('lists the members (never me) on "@", best match first, and the textbox points into it', () => {
    const box = renderIn();
    type(box, 'hi @');
    const list = screen.getByRole('listbox', { name: 'People to mention' });
    expect(box.getAttribute('aria-controls')).toBe(list.id);
    expect(options().map((o) => o.textContent)).toEqual([
      'BSBob Stone@bob',
      'CBCarol Boyd@carol',
      'DCDave Cole@dave',
      '@@allNotify everyone in this group',
      '@@hereNotify everyone online now',
    ]);
    expect(box.getAttribute('aria-activedescendant')).toBe(options()[0]?.id);
    type(box, 'hi @co');
    expect(options().map((o) => o.textContent)).toEqual(['DCDave Cole@dave']);
  });

  it('moves with the arrows (wrapping), inserts the chosen one with Enter or Tab, sending nothing', () => {
    const box = renderIn();
    type(box, 'hi @');
    fireEvent.keyDown(box, { key: 'ArrowDown' });
    expect(selected()).toEqual(['CBCarol Boyd@carol']);
    expect(box.getAttribute('aria-activedescendant')).toBe(options()[1]?.id);
    fireEvent.keyDown(box, { key: 'ArrowUp' });
    fireEvent.keyDown(box, { key: 'ArrowUp' });
    expect(selected()).toEqual(['@@hereNotify everyone online now']);
    fireEvent.keyDown(box, { key: 'ArrowDown' });
    fireEvent.keyDown(box, { key: 'ArrowDown' });
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(box.value).toBe('hi @carol ');
    expect(client.send).not.toHaveBeenCalled();
    expect(screen.queryByRole('listbox')).toBeNull();
    type(box, 'hi @carol and @b');
    fireEvent.keyDown(box, { key: 'Tab' });
    expect(box.value).toBe('hi @carol and @bob ');
  });

  it('closes on Escape and keeps the text; typing on opens it again; a click inserts', () => {
    const box = renderIn();
    type(box, '@d');
    fireEvent.keyDown(box, { key: 'Escape' });
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(box.value).toBe('@d');
    type(box, '@da');
    fireEvent.click(screen.getByRole('option', { name: /Dave Cole/ }));
    expect(box.value).toBe('@dave ');
  });

  it('offers nothing in an email address, and no @all in a direct room', () => {
    const box = renderIn();
    type(box, 'mail ann@b');
    expect(screen.queryByRole('listbox')).toBeNull();
    unmountRendered();
    const direct = renderIn('direct');
    type(direct, '@');
    expect(options().map((o) => o.textContent)).not.toContain('@@allNotify everyone in this group');
  });
});
