import { useState } from 'react';
import type { FormEvent } from 'react';
import { LIMITS, cannedResponseBodySchema } from '@natter/protocol';
import { errorMessage } from '../lib/error-message.js';
import { supportApi } from '../state/support-access.js';
import { useCannedResponses } from '../state/use-site-data.js';
import { FormErrors } from './form-errors.js';

/** Replies agents insert by typing `/shortcut` in a conversation of this site. */
export function SiteCannedResponses({ siteId }: { siteId: string }) {
  const canned = useCannedResponses(siteId);
  const [shortcut, setShortcut] = useState('');
  const [content, setContent] = useState('');
  const [problem, setProblem] = useState<string>();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = {
      shortcut: shortcut.trim().replace(/^\//, '').toLowerCase(),
      content: content.trim(),
    };
    const parsed = cannedResponseBodySchema.safeParse(body);
    if (!parsed.success) {
      return setProblem(
        parsed.error.issues
          .map((issue) => `${issue.path.join('.') || 'response'}: ${issue.message}`)
          .join(' '),
      );
    }
    setProblem(undefined);
    supportApi()
      .createCannedResponse(siteId, body)
      .then(
        (created) => {
          canned.set(
            [...(canned.value ?? []), created].sort((a, b) => a.shortcut.localeCompare(b.shortcut)),
          );
          setShortcut('');
          setContent('');
        },
        (error: unknown) => setProblem(errorMessage(error, 'The response could not be saved.')),
      );
  };
  const remove = (responseId: string) =>
    supportApi()
      .deleteCannedResponse(siteId, responseId)
      .then(
        () => canned.set((canned.value ?? []).filter((c) => c.id !== responseId)),
        (error: unknown) => setProblem(errorMessage(error, 'The response could not be deleted.')),
      );

  return (
    <section className="settings-card stack" aria-labelledby="site-canned-title">
      <h2 id="site-canned-title" className="card-title">
        Canned responses
      </h2>
      <FormErrors errors={[canned.error]} />
      {canned.value?.length === 0 && (
        <p className="muted small">None yet. Agents type / in a reply to insert one.</p>
      )}
      {canned.value && canned.value.length > 0 && (
        <ul className="canned-list" aria-label="Canned responses of this site">
          {canned.value.map((response) => (
            <li key={response.id} className="canned-row">
              <code className="canned-shortcut">/{response.shortcut}</code>
              <span className="canned-content">{response.content}</span>
              <button
                type="button"
                className="link danger small"
                aria-label={`Delete /${response.shortcut}`}
                onClick={() => void remove(response.id)}
              >
                Delete
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="canned-form" onSubmit={submit} noValidate>
        <label className="field">
          <span className="field-label">Shortcut</span>
          <input
            value={shortcut}
            placeholder="refund"
            maxLength={33}
            onChange={(e) => setShortcut(e.target.value)}
          />
        </label>
        <label className="field grow">
          <span className="field-label">Response</span>
          <textarea
            rows={2}
            value={content}
            maxLength={LIMITS.messageContentMax}
            placeholder="Refunds reach your card within 5 business days."
            onChange={(e) => setContent(e.target.value)}
          />
        </label>
        <button type="submit" className="button">
          Add response
        </button>
      </form>
      <FormErrors errors={[problem]} />
    </section>
  );
}
