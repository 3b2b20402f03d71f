import type { User } from '@natter/protocol';
import { useChatContext } from '../state/client-context.js';
import { AvatarEditor } from './avatar-editor.js';
import { DisplayNameForm } from './display-name-form.js';
import { Icon } from './icon.js';
import { NotificationSettings } from './notification-settings.js';
import { PasswordForm } from './password-form.js';
import { PrivacySettings } from './privacy-settings.js';
import { SignOutEverywhere } from './sign-out-everywhere.js';

interface ProfileSettingsProps {
  me: User;
  onBack: () => void;
  /** After "Sign out everywhere": the session is gone, back to the sign-in screen. */
  onSignedOut: () => void;
}

/**
 * The signed-in user's own page: name, photo, notifications, privacy, password, and the sessions.
 */
export function ProfileSettings({ me, onBack, onSignedOut }: ProfileSettingsProps) {
  const { profiles } = useChatContext();
  // The answer updates this screen at once; `user:updated` follows for the SDK's store.
  const saved = (user: User) => profiles.put([user]);
  return (
    <section className="settings" aria-labelledby="profile-title">
      <header className="conversation-header">
        <button
          type="button"
          className="icon-button back-button"
          onClick={onBack}
          aria-label="Back to rooms"
        >
          <Icon name="back" />
        </button>
        <div className="conversation-title">
          <h1 id="profile-title">Profile and account</h1>
          <p className="subtitle">@{me.username}</p>
        </div>
      </header>
      <div className="settings-scroll">
        <div className="settings-columns">
          <div className="settings-column">
            <AvatarEditor me={me} onSaved={saved} />
            <DisplayNameForm me={me} onSaved={saved} />
            <NotificationSettings />
          </div>
          <div className="settings-column">
            <PrivacySettings />
            <PasswordForm />
            <SignOutEverywhere onSignedOut={onSignedOut} />
          </div>
        </div>
      </div>
    </section>
  );
}
