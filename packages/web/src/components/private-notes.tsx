import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { LIMITS } from '@natter/protocol';
import { formatListTime } from '../lib/format-time.js';
import { errorMessage } from '../lib/error-message.js';
import { useNotes } from '../state/use-notes.js';
import { Icon } from './icon.js';
import { FormErrors } from './form-errors.js';

/** Agents' remarks on a conversation, which the visitor never receives (see docs/widget.md). */
export function PrivateNotes({ roomId }: { roomId: string }) {
  const { notes, error, add } = useNotes(roomId);
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string>();
  const [saving, setSaving] = useState(false);
  const titleId = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const content = text.trim();
    if (!content) return;
    setSaving(true);
    setProblem(undefined);
    add(content).then(
      () => {
        setText('');
        setSaving(false);
      },
      (e: unknown) => {
        setProblem(errorMessage(e, 'The note could not be saved.'));
        setSaving(false);
      },
    );
  };

  return (
    <section className="details-section notes" aria-labelledby={titleId}>
      <h2 id={titleId} className="details-title">
        <Icon name="lock" size={15} />
        Private notes
      </h2>
      <p className="notes-hint">Only agents see these. The visitor never does.</p>
      <FormErrors errors={[error]} />
      {notes.length > 0 && (
        <ul className="notes-list" aria-label="Notes">
          {notes.map((note) => (
            <li key={note.id} className="note">
              <p className="note-text">{note.content}</p>
              <p className="note-meta">
                {note.author.displayName} ·{' '}
                <time dateTime={note.createdAt}>{formatListTime(note.createdAt)}</time>
              </p>
            </li>
          ))}
        </ul>
      )}
      <form className="note-form" onSubmit={submit}>
        <textarea
          aria-label="Private note"
          placeholder="Add a note for your team…"
          rows={2}
          maxLength={LIMITS.messageContentMax}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <button type="submit" className="button" disabled={saving || !text.trim()}>
          Add note
        </button>
      </form>
      <FormErrors errors={[problem]} />
    </section>
  );
}
