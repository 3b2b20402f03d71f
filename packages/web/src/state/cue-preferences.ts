import { useCallback, useSyncExternalStore } from 'react';

/**
 * Choices for the cues, kept in localStorage: the agent's new-conversation sound (on unless
 * turned off) and desktop notifications (off until the agent turns them on with a button, which
 * is when the browser asks for permission: never on load), and everyone's sound for new chat
 * messages (off until turned on in the Notifications settings).
 */
export type CuePreference = 'sound' | 'desktop' | 'messages';

const key = (preference: CuePreference) => `natter:cue:${preference}`;
const DEFAULTS: Record<CuePreference, boolean> = {
  sound: true,
  desktop: false,
  messages: false,
};
const listeners = new Set<() => void>();

export function cueEnabled(preference: CuePreference): boolean {
  try {
    const stored = localStorage.getItem(key(preference));
    return stored === null ? DEFAULTS[preference] : stored === 'on';
  } catch {
    return DEFAULTS[preference];
  }
}

function setCue(preference: CuePreference, on: boolean): void {
  try {
    localStorage.setItem(key(preference), on ? 'on' : 'off');
  } catch {
    // Storage disabled: the choice lasts until the page reloads.
  }
  listeners.forEach((l) => l());
}

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

export function useCuePreference(preference: CuePreference): [boolean, (on: boolean) => void] {
  const on = useSyncExternalStore(subscribe, () => cueEnabled(preference));
  const set = useCallback((next: boolean) => setCue(preference, next), [preference]);
  return [on, set];
}

/** Desktop notifications may show: the agent turned them on and the browser allows them. */
export const desktopCueAllowed = (): boolean =>
  cueEnabled('desktop') &&
  typeof Notification !== 'undefined' &&
  Notification.permission === 'granted';
