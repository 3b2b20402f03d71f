import { playChime } from '../lib/chime.js';
import { useCuePreference } from '../state/cue-preferences.js';
import { MissedEmailForm } from './missed-email-form.js';
import { PushSwitch } from './push-switch.js';

/**
 * The Notifications card of the profile page: push for this browser, the email fallback, and a
 * sound for new messages while Natter is open. Nothing here asks the browser for anything until
 * a button is pressed.
 */
export function NotificationSettings() {
  const [sound, setSound] = useCuePreference('messages');
  return (
    <section className="settings-card stack" aria-labelledby="notifications-title">
      <h2 id="notifications-title" className="card-title">
        Notifications
      </h2>
      <PushSwitch />
      <div className="stack-tight">
        <h3 className="field-label">While Natter is open</h3>
        <label className="switch">
          <input
            type="checkbox"
            checked={sound}
            onChange={(e) => {
              setSound(e.target.checked);
              // The click is the user gesture that lets the page play audio from now on.
              if (e.target.checked) playChime();
            }}
          />
          Play a sound for new messages
        </label>
      </div>
      <MissedEmailForm />
    </section>
  );
}
