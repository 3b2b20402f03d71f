import { useState } from 'react';
import { playChime } from '../lib/chime.js';
import { useCuePreference } from '../state/cue-preferences.js';
import { Icon } from './icon.js';

const notificationsSupported = () => typeof Notification !== 'undefined';

/**
 * The new-conversation cue's switches: the sound, and desktop notifications, whose permission
 * the browser asks for only when the agent presses the button.
 */
export function CueControls() {
  const [sound, setSound] = useCuePreference('sound');
  const [desktop, setDesktop] = useCuePreference('desktop');
  const [permission, setPermission] = useState(() =>
    notificationsSupported() ? Notification.permission : 'denied',
  );
  const desktopOn = desktop && permission === 'granted';

  const toggleDesktop = async () => {
    if (desktopOn) return setDesktop(false);
    const answer =
      Notification.permission === 'default'
        ? await Notification.requestPermission()
        : Notification.permission;
    setPermission(answer);
    setDesktop(answer === 'granted');
  };

  return (
    <div className="cue-controls">
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
        Sound
      </label>
      {notificationsSupported() && (
        <button
          type="button"
          className="link small"
          aria-pressed={desktopOn}
          disabled={permission === 'denied'}
          title={permission === 'denied' ? 'Notifications are blocked in this browser' : undefined}
          onClick={() => void toggleDesktop()}
        >
          <Icon name="bell" size={15} />
          {permission === 'denied'
            ? 'Desktop alerts blocked by the browser'
            : desktopOn
              ? 'Desktop alerts on'
              : 'Enable desktop alerts'}
        </button>
      )}
    </div>
  );
}
