import { playChime } from '../lib/chime.js';
import { useCuePreference } from '../state/cue-preferences.js';
import type { CuePreference } from '../state/cue-preferences.js';

/** A switch for one of the chimes (lib/chime.ts); turning it on plays the chime as a sample. */
export function SoundSwitch({ preference, label }: { preference: CuePreference; label: string }) {
  const [on, setOn] = useCuePreference(preference);
  return (
    <label className="switch">
      <input
        type="checkbox"
        checked={on}
        onChange={(e) => {
          setOn(e.target.checked);
          // The click is the user gesture that lets the page play audio from now on.
          if (e.target.checked) playChime();
        }}
      />
      {label}
    </label>
  );
}
