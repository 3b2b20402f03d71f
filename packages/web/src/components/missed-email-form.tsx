import { useEffect, useId, useState } from 'react';
import type { FormEvent } from 'react';
import type { NotificationSettings } from '@natter/protocol';
import { errorMessage } from '../lib/error-message.js';
import { useClient } from '../state/client-context.js';
import { ActionOutcome } from './action-outcome.js';
import type { Outcome } from './action-outcome.js';

/**
 * "Email me messages I missed", with the address to send to. Shown disabled, with the reason,
 * when the server cannot send email: the choice would do nothing.
 */
export function MissedEmailForm() {
  const client = useClient();
  const [settings, setSettings] = useState<NotificationSettings>();
  const [email, setEmail] = useState('');
  const [emailMissed, setEmailMissed] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>();
  const [saving, setSaving] = useState(false);
  const hintId = useId();

  const show = (loaded: NotificationSettings) => {
    setSettings(loaded);
    setEmail(loaded.email ?? '');
    setEmailMissed(loaded.emailMissed);
  };
  useEffect(() => {
    client.api
      .notificationSettings()
      .then(show, () =>
        setOutcome({ ok: false, text: 'Your email settings could not be loaded.' }),
      );
  }, [client]);

  const save = (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setOutcome(undefined);
    client.api
      .updateNotificationSettings({ email: email.trim() || null, emailMissed })
      .then(
        (saved) => {
          show(saved);
          setOutcome({ ok: true, text: 'Saved.' });
        },
        (failure: unknown) =>
          setOutcome({ ok: false, text: errorMessage(failure, 'Could not save. Try again.') }),
      )
      .finally(() => setSaving(false));
  };

  const unavailable = settings?.emailAvailable === false;
  const disabled = !settings || unavailable || saving;
  return (
    <form className="stack-tight" onSubmit={save} aria-describedby={hintId}>
      <h3 className="field-label">By email</h3>
      <p id={hintId} className="field-hint">
        {unavailable
          ? 'This server cannot send email, so missed messages cannot be emailed. Ask its administrator to set it up.'
          : 'Messages still unread a few minutes after they arrive, and not told by a notification, come as one email.'}
      </p>
      <label className="switch">
        <input
          type="checkbox"
          checked={emailMissed}
          disabled={disabled}
          onChange={(e) => setEmailMissed(e.target.checked)}
        />
        Email me messages I missed
      </label>
      <label className="field">
        <span className="field-label">Email address</span>
        <input
          type="email"
          value={email}
          autoComplete="email"
          disabled={disabled}
          required={emailMissed}
          onChange={(e) => setEmail(e.target.value)}
        />
      </label>
      <div className="form-actions">
        <button type="submit" className="button" disabled={disabled}>
          Save email settings
        </button>
      </div>
      <ActionOutcome outcome={outcome} />
    </form>
  );
}
