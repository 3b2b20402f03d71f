// @vitest-environment jsdom
import { createEvent, fireEvent, render, screen } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { DropZone } from './drop-zone.js';
import { renderComposer } from './render-composer.test-support.js';

const client = { typing: { input: vi.fn(), stop: vi.fn() }, send: vi.fn() };
const png = new File(['png'], 'shot.png', { type: 'image/png' });

const renderFilesComposer = (onFiles: (files: File[]) => void) =>
  renderComposer(client, { roomId: 'room', onFiles });

describe('Composer files', () => {
  it('"Attach files" opens a multiple file picker whose files are sent', () => {
    const onFiles = vi.fn();
    renderFilesComposer(onFiles);
    const input = screen.getByLabelText<HTMLInputElement>('Files to attach');
    const click = vi.spyOn(input, 'click');
    fireEvent.click(screen.getByRole('button', { name: 'Attach files' }));
    expect(click).toHaveBeenCalled();
    expect(input.multiple).toBe(true);
    // A browser fires `change` when files are picked. Testing Library's `fireEvent.change`
    // fires `input` on Preact (what a text field's onChange listens to), so the event is built.
    fireEvent(input, createEvent.change(input, { target: { files: [png] } }));
    expect(onFiles).toHaveBeenCalledWith([png]);
  });

  it('sends an image pasted into the message box', () => {
    const onFiles = vi.fn();
    renderFilesComposer(onFiles);
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
