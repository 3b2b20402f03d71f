import { useState } from 'react';
import type { FormEvent } from 'react';
import { NatterError } from '@natter/client';
import { errorMessage } from '../lib/error-message.js';
import { useClient } from '../state/client-context.js';
import { FormErrors } from './form-errors.js';

const PASSWORD_MIN = 8;

/** Changes the password; the server signs out every other device (docs/security.md). */
export function PasswordForm() {
  const client = useClient();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [status, setStatus] = useState('');

  let why = '';
  if (!current) why = 'Enter your current password.';
  else if (next.length < PASSWORD_MIN) why = `The new password needs ${PASSWORD_MIN} characters.`;
  else if (next !== repeat) why = 'Repeat the new password exactly.';

  const change = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setStatus('');
    client.api.changePassword({ currentPassword: current, newPassword: next }).then(
      () => {
        setBusy(false);
        setCurrent('');
        setNext('');
        setRepeat('');
        setStatus('Password changed. Your other devices were signed out.');
      },
      (failure: unknown) => {
        setBusy(false);
        setError(
          failure instanceof NatterError && failure.code === 'forbidden'
            ? 'That is not your current password.'
            : errorMessage(failure, 'The password could not be changed. Try again.'),
        );
      },
    );
  };

  const field = (label: string, value: string, set: (v: string) => void, auto: string) => (
    <label className="field">
      <span className="field-label">{label}</span>
      <input
        type="password"
        value={value}
        autoComplete={auto}
        maxLength={256}
        onChange={(e) => set(e.target.value)}
      />
    </label>
  );

  return (
    <form className="settings-card stack" onSubmit={change} aria-labelledby="password-title">
      <h2 id="password-title" className="card-title">
        Password
      </h2>
      {field('Current password', current, setCurrent, 'current-password')}
      {field('New password', next, setNext, 'new-password')}
      {field('Repeat the new password', repeat, setRepeat, 'new-password')}
      <FormErrors errors={[error]} />
      <div className="form-actions">
        <button
          type="submit"
          className="button primary"
          disabled={busy || why !== ''}
          aria-describedby="password-why"
        >
          Change password
        </button>
        <span id="password-why" role="status" className="muted small">
          {status || why}
        </span>
      </div>
    </form>
  );
}
