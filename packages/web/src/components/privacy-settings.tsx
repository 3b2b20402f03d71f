import { useEffect, useId, useState } from 'react';
import type { PrivacySettings as Settings } from '@natter/protocol';
import { errorMessage } from '../lib/error-message.js';
import { useClient } from '../state/client-context.js';
import { ActionOutcome } from './action-outcome.js';
import type { Outcome } from './action-outcome.js';

/** Each switch and what it means; both work both ways, as in WhatsApp. */
const SWITCHES: readonly { setting: keyof Settings; label: string; hint: string }[] = [
  {
    setting: 'readReceipts',
    label: 'Read receipts',
    hint: "Others see when you've read their messages. If you turn off read receipts, you won't see read receipts from others.",
  },
  {
    setting: 'typingIndicators',
    label: 'Typing indicators',
    hint: "Others see when you're typing. If you turn them off, you won't see when others are typing either.",
  },
];

/**
 * The Privacy card of the profile page (`/api/me/privacy`): whether the user shares their reads
 * and their typing. A switch saves at once and holds on every device of theirs straight away.
 */
export function PrivacySettings() {
  const client = useClient();
  const [settings, setSettings] = useState<Settings>();
  const [saving, setSaving] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>();
  const titleId = useId();
  const hintIds = `${titleId}-hint`;

  useEffect(() => {
    client.api
      .privacySettings()
      .then(setSettings, () =>
        setOutcome({ ok: false, text: 'Your privacy settings could not be loaded.' }),
      );
  }, [client]);

  // The switch moves at once; a refusal puts it back and says why.
  const change = (setting: keyof Settings, on: boolean) => {
    if (!settings) return;
    const before = settings;
    setSettings({ ...settings, [setting]: on });
    setSaving(true);
    setOutcome(undefined);
    client.api
      .updatePrivacySettings({ [setting]: on })
      .then(
        (saved) => {
          setSettings(saved);
          setOutcome({ ok: true, text: 'Saved.' });
        },
        (failure: unknown) => {
          setSettings(before);
          setOutcome({ ok: false, text: errorMessage(failure, 'Could not save. Try again.') });
        },
      )
      .finally(() => setSaving(false));
  };

  return (
    <section className="settings-card stack" aria-labelledby={titleId}>
      <h2 id={titleId} className="card-title">
        Privacy
      </h2>
      {SWITCHES.map(({ setting, label, hint }) => (
        <div className="stack-tight" key={setting}>
          <label className="switch">
            <input
              type="checkbox"
              checked={settings?.[setting] ?? true}
              disabled={!settings || saving}
              aria-describedby={`${hintIds}-${setting}`}
              onChange={(e) => change(setting, e.target.checked)}
            />
            {label}
          </label>
          <p id={`${hintIds}-${setting}`} className="field-hint">
            {hint}
          </p>
        </div>
      ))}
      <ActionOutcome outcome={outcome} />
    </section>
  );
}
