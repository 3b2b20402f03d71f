import type { UpdateVisitorBody } from '@natter/protocol';
import { useState } from 'preact/hooks';
import { updateVisitor } from '../visitor-api.js';
import type { VisitorChat } from './visitor-chat.js';

/**
 * Asks the visitor for their name and/or email and saves them (`PATCH /api/widget/visitor`):
 * the pre-chat form (before the first message) and the offline form (where to send the reply).
 */
export function VisitorForm(props: {
  chat: VisitorChat;
  title: string;
  askName: boolean;
  askEmail: boolean;
  submitLabel: string;
  onDone?: () => void;
}) {
  const { chat } = props;
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const idPrefix = props.askName && props.askEmail ? 'prechat' : 'offline';

  const submit = async () => {
    const body: UpdateVisitorBody = {};
    if (props.askName && name.trim()) body.name = name.trim();
    if (props.askEmail && email.trim()) body.email = email.trim();
    setBusy(true);
    setError(undefined);
    try {
      const { visitor } = await updateVisitor(chat.current.token, body);
      chat.updateVisitor(visitor);
      props.onDone?.();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : 'Could not save');
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      class="visitor-form"
      aria-label={props.title}
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <p class="form-title">{props.title}</p>
      {props.askName && (
        <>
          <label for={`${idPrefix}-name`}>Your name</label>
          <input
            id={`${idPrefix}-name`}
            required
            maxLength={64}
            autocomplete="name"
            value={name}
            onInput={(event) => setName(event.currentTarget.value)}
          />
        </>
      )}
      {props.askEmail && (
        <>
          <label for={`${idPrefix}-email`}>Your email</label>
          <input
            id={`${idPrefix}-email`}
            type="email"
            required
            maxLength={254}
            autocomplete="email"
            value={email}
            onInput={(event) => setEmail(event.currentTarget.value)}
          />
        </>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" class="primary" disabled={busy}>
        {props.submitLabel}
      </button>
    </form>
  );
}
