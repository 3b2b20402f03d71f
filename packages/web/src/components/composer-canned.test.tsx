// @vitest-environment jsdom
import { fireEvent, screen } from '@testing-library/preact';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { CannedResponse } from '@natter/protocol';
import { renderComposer } from './render-composer.test-support.js';
import { unmountRendered } from '../unmount-rendered.test-support.js';

const canned = (shortcut: string, content: string): CannedResponse => ({
  id: `id-${shortcut}`,
  siteId: 'site',
  shortcut,
  content,
  createdAt: '2026-11-30T00:00:00.000Z',
});
const RESPONSES = [
  canned('hello', 'Hi! How can I help?'),
  canned('hours', 'We answer from 9 to 5.'),
  canned('refund', 'Refunds take 5 business days.'),
];

const client = { typing: { input: vi.fn(), stop: vi.fn() }, send: vi.fn() };
beforeEach(() => client.send.mockClear());

function renderCannedComposer(cannedResponses?: readonly CannedResponse[]) {
  renderComposer(client, { cannedResponses });
  return screen.getByRole<HTMLTextAreaElement>('textbox', { name: 'Message' });
}

const options = () => screen.queryAllByRole('option');
const selected = () =>
  options()
    .filter((o) => o.getAttribute('aria-selected') === 'true')
    .map((o) => o.textContent);

describe('canned responses in the composer', () => {
  it('opens a listbox on "/" that the textbox points into, filtered by what follows', () => {
    const box = renderCannedComposer(RESPONSES);
    fireEvent.change(box, { target: { value: '/' } });
    const list = screen.getByRole('listbox', { name: 'Canned responses' });
    expect(options()).toHaveLength(3);
    expect(box.getAttribute('aria-controls')).toBe(list.id);
    expect(box.getAttribute('aria-activedescendant')).toBe(options()[0]?.id);

    fireEvent.change(box, { target: { value: '/re' } });
    expect(options().map((o) => o.textContent)).toEqual(['/refundRefunds take 5 business days.']);
  });

  it('moves with the arrow keys (wrapping) and inserts the chosen one with Enter, sending nothing', () => {
    const box = renderCannedComposer(RESPONSES);
    fireEvent.change(box, { target: { value: '/h' } });
    expect(selected()).toEqual(['/helloHi! How can I help?']);
    fireEvent.keyDown(box, { key: 'ArrowDown' });
    expect(selected()).toEqual(['/hoursWe answer from 9 to 5.']);
    expect(box.getAttribute('aria-activedescendant')).toBe(options()[1]?.id);
    fireEvent.keyDown(box, { key: 'ArrowDown' });
    expect(selected()).toEqual(['/helloHi! How can I help?']);
    fireEvent.keyDown(box, { key: 'ArrowUp' });
    expect(selected()).toEqual(['/hoursWe answer from 9 to 5.']);

    fireEvent.keyDown(box, { key: 'Enter' });
    expect(box.value).toBe('We answer from 9 to 5.');
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(client.send).not.toHaveBeenCalled();
    // The next Enter sends the inserted text.
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(client.send).toHaveBeenCalledWith(
      expect.any(String),
      'We answer from 9 to 5.',
      undefined,
    );
  });

  it('closes on Escape and keeps the text; typing on opens it again', () => {
    const box = renderCannedComposer(RESPONSES);
    fireEvent.change(box, { target: { value: '/' } });
    fireEvent.keyDown(box, { key: 'Escape' });
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(box.value).toBe('/');
    expect(box.hasAttribute('aria-activedescendant')).toBe(false);
    fireEvent.change(box, { target: { value: '/ref' } });
    expect(options()).toHaveLength(1);
  });

  it('inserts a clicked option', () => {
    const box = renderCannedComposer(RESPONSES);
    fireEvent.change(box, { target: { value: '/' } });
    fireEvent.click(options()[2] as HTMLElement);
    expect(box.value).toBe('Refunds take 5 business days.');
  });

  it('offers nothing when no response matches, mid-text, or outside a support room', () => {
    const box = renderCannedComposer(RESPONSES);
    fireEvent.change(box, { target: { value: '/zzz' } });
    expect(screen.queryByRole('listbox')).toBeNull();
    fireEvent.change(box, { target: { value: 'see /hello' } });
    expect(screen.queryByRole('listbox')).toBeNull();
    unmountRendered();
    const plain = renderCannedComposer(undefined);
    fireEvent.change(plain, { target: { value: '/' } });
    expect(screen.queryByRole('listbox')).toBeNull();
    // The box still completes a list: `@` mentions, in every room.
    expect(plain.getAttribute('aria-autocomplete')).toBe('list');
    expect(plain.hasAttribute('aria-controls')).toBe(false);
  });
});
