import type { KnownPresence } from '../state/use-presence.js';
import { formatLastSeen } from './format-time.js';

/**
 * What to say of someone's presence: "online", "last seen …", "last seen unknown" while the
 * connection is down; undefined when nothing is known (callers show something else instead).
 */
export function presenceText(presence: KnownPresence): string | undefined {
  if (presence === 'unknown') return 'last seen unknown';
  if (presence?.online) return 'online';
  if (presence?.lastSeenAt) return formatLastSeen(presence.lastSeenAt);
  return undefined;
}
