import { useCuePreference } from '../state/cue-preferences.js';
import {
  requestNotificationPermission,
  useNotificationPermission,
} from '../state/notification-permission.js';
import { Icon } from './icon.js';
import { SoundSwitch } from './sound-switch.js';

/**
 * The new-conversation cue's switches: the sound, and desktop notifications, whose permission
 * the browser asks for only when the agent presses the button (the app's one permission flow,
 * shared with push notifications).
 */
export function CueControls() {
  const [desktop, setDesktop] = useCuePreference('desktop');
  const permission = useNotificationPermission();
  const desktopOn = desktop && permission === 'granted';

  const toggleDesktop = async () => {
    if (desktopOn) return setDesktop(false);
    setDesktop((await requestNotificationPermission()) === 'granted');
  };

  return (
    <div className="cue-controls">
      <SoundSwitch preference="sound" label="Sound" />
      {permission !== 'unsupported' && (
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
