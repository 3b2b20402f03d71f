import { useState } from 'react';
import type { FormEvent } from 'react';
import { LIMITS } from '@natter/protocol';
import type { User } from '@natter/protocol';
import { errorMessage } from '../lib/error-message.js';
import { useClient } from '../state/client-context.js';
import { FormErrors } from './form-errors.js';

interface DisplayNameFormProps {
  me: User;
  onSaved: (user: User) => void;
}

/** The name others see beside one's messages and in their rooms list. */
export function DisplayNameForm({ me, onSaved }: DisplayNameFormProps) {
  const client = useClient();
  const [name, setName] = useState(me.displayName);
  const [state, setState] = useState<'idle' | 'saving' | 'saved'>('idle');
  const [error, setError] = useState<string>();
  const unchanged = name.trim() === me.displayName;
  const empty = !name.trim();

  const save = (event: FormEvent) => {
    event.preventDefault();
    setState('saving');
    setError(undefined);
    client.api.updateMe({ displayName: name.trim() }).then(
      (user) => {
        setState('saved');
        setName(user.displayName);
        onSaved(user);
      },
      (failure: unknown) => {
        setState('idle');
        setError(errorMessage(failure, 'Your name could not be saved. Try again.'));
      },
    );
  };

  return (
    <form className="settings-card stack" onSubmit={save} aria-labelledby="name-title">
      <h2 id="name-title" className="card-title">
        Display name
      </h2>
      <label className="field">
        <span className="field-label">Name shown to others</span>
        <input
          value={name}
          maxLength={LIMITS.displayNameMax}
          autoComplete="name"
          onChange={(e) => {
            setName(e.target.value);
            setState('idle');
          }}
        />
      </label>
      <p className="field-hint">Your username, @{me.username}, stays the same.</p>
      <FormErrors errors={[error]} />
      <div className="form-actions">
        <button
          type="submit"
          className="button primary"
          disabled={state === 'saving' || unchanged || empty}
          aria-describedby="name-save-why"
        >
          Save name
        </button>
        <span id="name-save-why" role="status" className="muted small">
          {state === 'saved'
            ? 'Saved.'
            : empty
              ? 'Enter a name to save.'
              : unchanged
                ? 'Change the name to save it.'
                : ''}
        </span>
      </div>
    </form>
  );
}
