// @vitest-environment jsdom
import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import type { PrivacySettings as Settings, PrivacySettingsBody } from '@natter/protocol';
import { StubChatContext } from '../state/stub-chat-context.test-support.js';
import { PrivacySettings } from './privacy-settings.js';

/** A client whose privacy calls answer like the server, or refuse changes. */
function renderWith(answer: 'ok' | 'refuse') {
  let stored: Settings = { readReceipts: true, typingIndicators: true };
  const changes: PrivacySettingsBody[] = [];
  const client = {
    api: {
      privacySettings: async () => stored,
      updatePrivacySettings: async (body: PrivacySettingsBody) => {
        changes.push(body);
        if (answer === 'refuse') throw new Error('down');
        stored = { ...stored, ...body };
        return stored;
      },
    },
  };
  render(
    <StubChatContext client={client}>
      <PrivacySettings />
    </StubChatContext>,
  );
  return changes;
}

const box = (name: string) => screen.getByRole<HTMLInputElement>('checkbox', { name });

describe('the Privacy card', () => {
  it('shows both switches on, with what each means, and saves one when it is flipped', async () => {
    const changes = renderWith('ok');
    await waitFor(() => expect(box('Read receipts').disabled).toBe(false));
    expect(box('Read receipts').checked).toBe(true);
    expect(screen.getByText(/you won't see read receipts from others/)).toBeTruthy();
    expect(box('Read receipts').getAttribute('aria-describedby')).toBeTruthy();

    fireEvent.click(box('Read receipts'));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Saved.'));
    expect(box('Read receipts').checked).toBe(false);
    expect(box('Typing indicators').checked).toBe(true);
    expect(changes).toEqual([{ readReceipts: false }]);
  });

  it('says so when a change is refused, and leaves the switch as it was', async () => {
    renderWith('refuse');
    await waitFor(() => expect(box('Typing indicators').disabled).toBe(false));
    fireEvent.click(box('Typing indicators'));
    await waitFor(() =>
      expect(screen.getByRole('status').textContent).toBe('Could not save. Try again.'),
    );
    expect(box('Typing indicators').checked).toBe(true);
  });
});
