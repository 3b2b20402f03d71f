import { MissedEmailForm } from './missed-email-form.js';
import { PushSwitch } from './push-switch.js';
import { SoundSwitch } from './sound-switch.js';

/**
 * The Notifications card of the profile page: push for this browser, the email fallback, and a
 * sound for new messages while Natter is open. Nothing here asks the browser for anything until
 * a button is pressed.
 */
export function NotificationSettings() {
  return (
    <section className="settings-card stack" aria-labelledby="notifications-title">
      <h2 id="notifications-title" className="card-title">
        Notifications
      </h2>
      <PushSwitch />
      <div className="stack-tight">
        <h3 className="field-label">While Natter is open</h3>
        <SoundSwitch preference="messages" label="Play a sound for new messages" />
      </div>
      <MissedEmailForm />
    </section>
  );
}
