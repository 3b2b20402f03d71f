// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { NatterClient } from '@natter/client';
import { NEW_MESSAGE } from '../lib/composer-mode.js';
import { ChatContext } from '../state/client-context.js';
import { ProfileStore } from '../state/profile-store.js';
import { Composer } from './composer.js';
import { DropZone } from './drop-zone.js';

afterEach(cleanup);

const client = { typing: { input: vi.fn(), stop: vi.fn() }, send: vi.fn() };
const png = new File(['png'], 'shot.png', { type: 'image/png' });

function renderComposer(onFiles: (files: File[]) => void) {
  const noop = () => undefined;
  return render(
    <ChatContext
      value={{
        client: client as unknown as NatterClient,
        profiles: new ProfileStore(async () => []),
      }}
    >
      <Composer
        roomId="room"
        meId="me"
        mode={NEW_MESSAGE}
        onCancelMode={noop}
        onEditLast={noop}
        onProblem={noop}
        onFiles={onFiles}
      />
    </ChatContext>,
  );
}

describe('Composer files', () => {
  it('"Attach files" opens a multiple file picker whose files are sent', () => {
    const onFiles = vi.fn();
    renderComposer(onFiles);
    const input = screen.getByLabelText<HTMLInputElement>('Files to attach');
    const click = vi.spyOn(input, 'click');
    fireEvent.click(screen.getByRole('button', { name: 'Attach files' }));
    expect(click).toHaveBeenCalled();
    expect(input.multiple).toBe(true);
    fireEvent.change(input, { target: { files: [png] } });
    expect(onFiles).toHaveBeenCalledWith([png]);
  });

  it('sends an image pasted into the message box', () => {
    const onFiles = vi.fn();
    renderComposer(onFiles);
    fireEvent.paste(screen.getByRole('textbox', { name: 'Message' }), {
      clipboardData: { files: [png], types: ['Files'] },
    });
    expect(onFiles).toHaveBeenCalledWith([png]);
  });
});

describe('DropZone', () => {
  it('shows a drop target while files hover, and sends the dropped ones', () => {
    const onFiles = vi.fn();
    render(
      <DropZone onFiles={onFiles}>
        <p>messages</p>
      </DropZone>,
    );
    const target = screen.getByText('messages');
    const dataTransfer = { types: ['Files'], files: [png], dropEffect: 'none' };
    fireEvent.dragEnter(target, { dataTransfer });
    expect(screen.getByText('Drop files to send')).toBeTruthy();
    fireEvent.drop(target, { dataTransfer });
    expect(onFiles).toHaveBeenCalledWith([png]);
    expect(screen.queryByText('Drop files to send')).toBeNull();
  });
});
