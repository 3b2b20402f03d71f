import { useState } from 'react';
import { enablePush, usePushStatus } from '../state/browser-push.js';
import { useClient } from '../state/client-context.js';
import { usePushInvitationDismissed } from '../state/push-invitation.js';
import { Icon } from './icon.js';

/**
 * A gentle offer above the rooms list to be told of new messages while Natter is closed: only
 * while push is possible and off, until accepted or dismissed (remembered). It asks the browser
 * for nothing until its button is pressed. A refusal or a failure sends the user to the settings,
 * which explain.
 */
export function PushInvitation({
  meId,
  onOpenSettings,
}: {
  meId: string;
  onOpenSettings: () => void;
}) {
  const client = useClient();
  const status = usePushStatus();
  const [dismissed, dismiss] = usePushInvitationDismissed(meId);
  const [busy, setBusy] = useState(false);
  if (dismissed || status !== 'off') return null;

  const enable = () => {
    setBusy(true);
    enablePush(client.api)
      .catch(onOpenSettings)
      .finally(() => setBusy(false));
  };

  return (
    <aside className="push-invitation" aria-labelledby="push-invitation-title">
      <Icon name="bell" size={18} />
      <div className="push-invitation-text">
        <h2 id="push-invitation-title" className="push-invitation-title">
          Get notified of new messages
        </h2>
        <p className="muted small">
          Even when Natter is closed. You can change this in your profile.
        </p>
        <div className="push-invitation-actions">
          <button
            type="button"
            className="button primary small-button"
            disabled={busy}
            onClick={enable}
          >
            Enable notifications
          </button>
          <button type="button" className="link small" onClick={dismiss}>
            No thanks
          </button>
        </div>
      </div>
    </aside>
  );
}
