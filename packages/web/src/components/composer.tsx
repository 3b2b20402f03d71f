import { useId, useLayoutEffect, useRef, useState } from 'react';
import type { ClipboardEvent, FormEvent, KeyboardEvent } from 'react';
import type { CannedResponse } from '@natter/protocol';
import { cannedQuery, filterCanned } from '../lib/canned-filter.js';
import type { ComposerMode } from '../lib/composer-mode.js';
import { measureContent } from '../lib/content-limit.js';
import { suggestionKey } from '../lib/suggestion-keys.js';
import { finePointer } from '../lib/pointer.js';
import { messageSummary } from '../lib/message-summary.js';
import { loadDraft, saveDraft } from '../state/drafts.js';
import { useClient } from '../state/client-context.js';
import { rememberRecent } from '../state/recent-store.js';
import { useMentionAutocomplete } from '../state/use-mention-autocomplete.js';
import { CannedPicker } from './canned-picker.js';
import { ContentLimit } from './content-limit.js';
import { EmojiButton } from './emoji-button.js';
import { FormattingHint } from './formatting-hint.js';
import { Icon } from './icon.js';
import { MentionPicker } from './mention-picker.js';
import { suggestionOptionId } from './suggestion-list.js';

interface ComposerProps {
  roomId: string;
  meId: string;
  mode: ComposerMode;
  onCancelMode: () => void;
  onEditLast: () => void;
  onProblem: (text: string) => void;
  /** Sends picked or pasted files (as a reply, in reply mode). */
  onFiles: (files: File[]) => void;
  /** Offered when the text starts with `/` (support rooms). */
  cannedResponses?: readonly CannedResponse[] | undefined;
  /** The message box's id, the target of the conversation's skip link. */
  inputId?: string | undefined;
  /**
   * A thread's composer: every new message replies to this one, and the draft is the thread's
   * own (the room's composer keeps its draft).
   */
  threadOf?: string | undefined;
}

/**
 * Enter sends, Shift+Enter breaks the line, Up on an empty box edits my last message, Esc leaves
 * reply/edit. The draft of a new message is saved per room; an edit never overwrites it. In a
 * support room, `/` at the start lists the canned responses: arrows choose, Enter or Tab insert,
 * Esc closes the list. Text over the length limit is kept whole (never cut), counted and not sent.
 * The emoji picker inserts at the caret (replacing a selection) and remembers the user's recent.
 * `@` lists the room's members to mention (use-mention-autocomplete.ts), with the same keys.
 */
export function Composer({
  roomId,
  meId,
  mode,
  onCancelMode,
  onEditLast,
  onProblem,
  onFiles,
  cannedResponses,
  inputId,
  threadOf,
}: ComposerProps) {
  const client = useClient();
  const draftKey = threadOf === undefined ? roomId : `${roomId}/thread/${threadOf}`;
  const [text, setText] = useState(() => loadDraft(meId, draftKey));
  const ref = useRef<HTMLTextAreaElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const editing = mode.kind === 'edit' ? mode.message : undefined;
  const listId = useId();
  const limitId = useId();
  const measure = measureContent(text);
  const [activeCanned, setActiveCanned] = useState(0);
  const [dismissedAt, setDismissedAt] = useState<string>();
  const query = cannedResponses && !editing ? cannedQuery(text) : undefined;
  const matches =
    query === undefined || !cannedResponses ? [] : filterCanned(cannedResponses, query);
  const pickerOpen = matches.length > 0 && dismissedAt !== text;
  const activeIndex = Math.min(activeCanned, matches.length - 1);
  const [caret, setCaret] = useState(0);

  // A layout effect, so the text is in the box by the time the click on "Edit" has returned.
  useLayoutEffect(() => {
    setText(editing ? editing.content : loadDraft(meId, draftKey));
    if (editing || mode.kind === 'reply' || finePointer()) ref.current?.focus();
  }, [editing, mode.kind, meId, draftKey]);

  // Where the caret goes once an inserted emoji is in the box (after React has set the value).
  const caretAfterInsert = useRef<number>(undefined);
  useLayoutEffect(() => {
    const area = ref.current;
    const caret = caretAfterInsert.current;
    if (!area || caret === undefined) return;
    caretAfterInsert.current = undefined;
    area.focus();
    area.setSelectionRange(caret, caret);
  }, [text]);

  // Grow with the text up to the CSS max-height, then scroll inside.
  useLayoutEffect(() => {
    const area = ref.current;
    if (!area) return;
    area.style.height = 'auto';
    area.style.height = `${area.scrollHeight}px`;
  }, [text]);

  const change = (value: string) => {
    setText(value);
    setActiveCanned(0);
    if (editing) return;
    saveDraft(meId, draftKey, value);
    if (value.trim()) client.typing.input(roomId);
    else client.typing.stop(roomId);
  };

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    const content = text.trim();
    if (!content || measure.over) return;
    if (editing?.id) {
      if (content !== editing.content) {
        client
          .editMessage(editing.id, content)
          .catch(() => onProblem('The edit could not be saved.'));
      }
      onCancelMode();
      return;
    }
    const replyTo = mode.kind === 'reply' ? mode.message.id : threadOf;
    client.send(roomId, content, replyTo ? { replyTo } : undefined);
    setText('');
    saveDraft(meId, draftKey, '');
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

  const insertCanned = (response: CannedResponse) => {
    change(response.content);
    ref.current?.focus();
  };

  /** Puts new text in the box with the caret at `at` (once React has set the value). */
  const replaceText = (next: string, at: number) => {
    caretAfterInsert.current = at;
    setCaret(at);
    change(next);
  };

  const insertEmoji = (emoji: string) => {
    const area = ref.current;
    const start = area?.selectionStart ?? text.length;
    const end = area?.selectionEnd ?? text.length;
    replaceText(text.slice(0, start) + emoji + text.slice(end), start + emoji.length);
    rememberRecent('emoji', meId, emoji);
  };

  const mentions = useMentionAutocomplete({
    roomId,
    meId,
    text,
    caret,
    disabled: pickerOpen,
    insert: (next) => replaceText(next.text, next.caret),
  });

  /** The picker's keys, while it is open; answers whether the key was its. */
  const pickerKey = (event: KeyboardEvent<HTMLTextAreaElement>): boolean => {
    const result = suggestionKey(event.key, event.shiftKey, activeIndex, matches.length);
    if (!result) return false;
    event.preventDefault();
    if (result.kind === 'move') setActiveCanned(result.index);
    else if (result.kind === 'close') setDismissedAt(text);
    else {
      const picked = matches[activeIndex];
      if (picked) insertCanned(picked);
    }
    return true;
  };

  const keyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (pickerOpen && !event.nativeEvent.isComposing && pickerKey(event)) return;
    if (!event.nativeEvent.isComposing && mentions.key(event)) return;
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
      {pickerOpen && (
        <CannedPicker
          id={listId}
          responses={matches}
          activeIndex={activeIndex}
          onPick={insertCanned}
        />
      )}
      {mentions.open && (
        <MentionPicker
          id={mentions.listId}
          suggestions={mentions.suggestions}
          activeIndex={mentions.activeIndex}
          onPick={mentions.pick}
        />
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
        <EmojiButton meId={meId} onPick={insertEmoji} />
        <textarea
          ref={ref}
          id={inputId}
          className="composer-input"
          aria-label={threadOf === undefined ? 'Message' : 'Reply in thread'}
          aria-autocomplete="list"
          aria-controls={pickerOpen ? listId : mentions.open ? mentions.listId : undefined}
          aria-activedescendant={
            pickerOpen ? suggestionOptionId(listId, activeIndex) : mentions.activeOptionId
          }
          placeholder={
            threadOf !== undefined
              ? 'Reply…'
              : cannedResponses
                ? 'Write a reply, or / for canned responses'
                : 'Write a message…'
          }
          rows={1}
          aria-invalid={measure.over || undefined}
          aria-describedby={measure.near ? limitId : undefined}
          value={text}
          onChange={(e) => {
            setCaret(e.target.selectionStart);
            change(e.target.value);
          }}
          onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
          onKeyDown={keyDown}
          onPaste={paste}
        />
        <button
          type="submit"
          className="send-button"
          aria-label="Send"
          title="Send (Enter)"
          disabled={!text.trim() || measure.over}
        >
          <Icon name="send" />
        </button>
      </div>
      <div className="composer-footer">
        <FormattingHint />
        <ContentLimit id={limitId} measure={measure} />
      </div>
    </form>
  );
}
