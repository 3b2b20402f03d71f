// @vitest-environment jsdom
import { fireEvent, screen } from '@testing-library/preact';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { renderComposer } from './render-composer.test-support.js';

const client = { typing: { input: vi.fn(), stop: vi.fn() }, send: vi.fn() };
beforeEach(() => client.send.mockClear());

function renderLimitComposer() {
  const view = renderComposer(client);
  const box = screen.getByRole<HTMLTextAreaElement>('textbox', { name: 'Message' });
  const send = screen.getByRole<HTMLButtonElement>('button', { name: 'Send' });
  const refusal = view.container.querySelector('[aria-live="polite"]');
  return { view, box, send, refusal };
}

const described = (box: HTMLElement) =>
  document.getElementById(box.getAttribute('aria-describedby') ?? '')?.textContent;

describe('Composer length limit', () => {
  it('shows no counter for short text, then counts from 9,000 characters', () => {
    const { view, box } = renderLimitComposer();
    fireEvent.change(box, { target: { value: 'a'.repeat(8_999) } });
    expect(view.container.querySelector('.composer-counter')).toBeNull();
    expect(box.getAttribute('aria-describedby')).toBeNull();

    fireEvent.change(box, { target: { value: `  ${'a'.repeat(9_512)}  ` } });
    expect(screen.getByText('9,512 / 10,000')).toBeTruthy();
    expect(described(box)).toContain('9,512 / 10,000');
    expect(box.getAttribute('aria-invalid')).toBeNull();
  });

  it('sends text at exactly the limit', () => {
    const { box, send } = renderLimitComposer();
    const text = 'a'.repeat(10_000);
    fireEvent.change(box, { target: { value: text } });
    expect(send.disabled).toBe(false);
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(client.send).toHaveBeenCalledWith(expect.any(String), text, undefined);
  });

  it('refuses text over the limit, says why in a live region, and keeps all of it', () => {
    const { view, box, send, refusal } = renderLimitComposer();
    // The box itself must not cut pasted or typed text at the limit.
    expect(box.hasAttribute('maxlength')).toBe(false);
    const text = 'b'.repeat(12_000);
    fireEvent.change(box, { target: { value: text } });

    expect(send.disabled).toBe(true);
    fireEvent.keyDown(box, { key: 'Enter' });
    fireEvent.submit(box.closest('form') as HTMLFormElement);
    expect(client.send).not.toHaveBeenCalled();
    expect(box.value).toBe(text);

    expect(box.getAttribute('aria-invalid')).toBe('true');
    expect(refusal?.textContent).toBe('Too long to send: remove 2,000 characters.');
    expect(described(box)).toContain('Too long to send');
    expect(view.container.querySelector('.composer-counter.over')?.textContent).toBe(
      '12,000 / 10,000',
    );

    // Shortened back under the limit, it sends again and the refusal goes.
    fireEvent.change(box, { target: { value: 'b'.repeat(9_999) } });
    expect(refusal?.textContent).toBe('');
    expect(send.disabled).toBe(false);
  });
});
