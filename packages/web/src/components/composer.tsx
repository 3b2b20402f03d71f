import { useLayoutEffect, useRef, useState } from 'react';
import type { ClipboardEvent, FormEvent, KeyboardEvent } from 'react';
import { LIMITS } from '@natter/protocol';
import type { ComposerMode } from '../lib/composer-mode.js';
import { messageSummary } from '../lib/message-summary.js';
import { loadDraft, saveDraft } from '../state/drafts.js';
import { useClient } from '../state/client-context.js';
import { Icon } from './icon.js';

interface ComposerProps {
  roomId: string;
  meId: string;
  mode: ComposerMode;
  onCancelMode: () => void;
  onEditLast: () => void;
  onProblem: (text: string) => void;
  /** Sends picked or pasted files (as a reply, in reply mode). */
  onFiles: (files: File[]) => void;
}

/** Touch screens open the keyboard on focus: only desktop focuses the composer by itself. */
const finePointer = () => window.matchMedia?.('(pointer: fine)').matches ?? true;

/**
 * Enter sends, Shift+Enter breaks the line, Up on an empty box edits my last message, Esc leaves
 * reply/edit. The draft of a new message is saved per room; an edit never overwrites it.
 */
export function Composer({
  roomId,
  meId,
  mode,
  onCancelMode,
  onEditLast,
  onProblem,
  onFiles,
}: ComposerProps) {
  const client = useClient();
  const [text, setText] = useState(() => loadDraft(meId, roomId));
  const ref = useRef<HTMLTextAreaElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const editing = mode.kind === 'edit' ? mode.message : undefined;

  // A layout effect, so the text is in the box by the time the click on "Edit" has returned.
  useLayoutEffect(() => {
    setText(editing ? editing.content : loadDraft(meId, roomId));
    if (editing || mode.kind === 'reply' || finePointer()) ref.current?.focus();
  }, [editing, mode.kind, meId, roomId]);

  // Grow with the text up to the CSS max-height, then scroll inside.
  useLayoutEffect(() => {
    const area = ref.current;
    if (!area) return;
    area.style.height = 'auto';
    area.style.height = `${area.scrollHeight}px`;
  }, [text]);

  const change = (value: string) => {
    setText(value);
    if (editing) return;
    saveDraft(meId, roomId, value);
    if (value.trim()) client.typing.input(roomId);
    else client.typing.stop(roomId);
  };

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    const content = text.trim();
    if (!content) return;
    if (editing?.id) {
      if (content !== editing.content) {
        client
          .editMessage(editing.id, content)
          .catch(() => onProblem('The edit could not be saved.'));
      }
      onCancelMode();
      return;
    }
    const replyTo = mode.kind === 'reply' ? mode.message.id : undefined;
    client.send(roomId, content, replyTo ? { replyTo } : undefined);
    setText('');
    saveDraft(meId, roomId, '');
    if (mode.kind !== 'new') onCancelMode();
  };

  // Pasted images (screenshots) are sent as files; pasted text stays text.
  const paste = (event: ClipboardEvent<HTMLTextAreaElement>) => {
    if (editing) return;
    const files = [...event.clipboardData.files];
    if (files.length === 0) return;
    event.preventDefault();
    onFiles(files);
  };

  const keyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    } else if (event.key === 'ArrowUp' && text === '' && !editing) {
      event.preventDefault();
      onEditLast();
    } else if (event.key === 'Escape' && mode.kind !== 'new') {
      event.preventDefault();
      onCancelMode();
    }
  };

  return (
    <form className="composer" onSubmit={submit}>
      {mode.kind !== 'new' && (
        <div className="composer-context">
          <Icon name={mode.kind === 'edit' ? 'edit' : 'reply'} size={16} />
          <div className="composer-context-text">
            <strong>
              {mode.kind === 'edit'
                ? 'Editing message'
                : `Replying to ${mode.message.sender.displayName}`}
            </strong>
            <span>{messageSummary(mode.message)}</span>
          </div>
          <button
            type="button"
            className="icon-button small"
            onClick={onCancelMode}
            aria-label="Cancel"
            title="Cancel (Esc)"
          >
            <Icon name="close" size={16} />
          </button>
        </div>
      )}
      <div className="composer-row">
        {!editing && (
          <>
            <button
              type="button"
              className="icon-button attach-button"
              aria-label="Attach files"
              title="Attach files"
              onClick={() => fileInput.current?.click()}
            >
              <Icon name="paperclip" />
            </button>
            <input
              ref={fileInput}
              type="file"
              multiple
              hidden
              tabIndex={-1}
              aria-label="Files to attach"
              onChange={(e) => {
                const files = [...(e.target.files ?? [])];
                // Cleared, so picking the same file again still fires a change.
                e.target.value = '';
                if (files.length > 0) onFiles(files);
              }}
            />
          </>
        )}
        <textarea
          ref={ref}
          className="composer-input"
          aria-label="Message"
          placeholder="Write a message…"
          rows={1}
          maxLength={LIMITS.messageContentMax}
          value={text}
          onChange={(e) => change(e.target.value)}
          onKeyDown={keyDown}
          onPaste={paste}
        />
        <button
          type="submit"
          className="send-button"
          aria-label="Send"
          title="Send (Enter)"
          disabled={!text.trim()}
        >
          <Icon name="send" />
        </button>
      </div>
    </form>
  );
}
