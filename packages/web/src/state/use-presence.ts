import type { ChatState } from '@natter/client';
import type { Presence } from '@natter/protocol';
import { useChat } from './client-context.js';

/** What the app can say about someone: unknown while it cannot hear the server. */
export type KnownPresence = Presence | 'unknown' | undefined;

/**
 * Someone's presence, or 'unknown' while the connection is down: the last state heard may be
 * stale (their "went offline" can be lost), so an "online" from before the drop is not shown.
 */
export function selectKnownPresence(state: ChatState, userId: string): KnownPresence {
  const connected = state.connection.status === 'ready' || state.connection.status === 'syncing';
  return connected ? state.presence[userId] : 'unknown';
}

export function useKnownPresence(userId: string | undefined): KnownPresence {
  return useChat((s) => (userId ? selectKnownPresence(s, userId) : undefined));
}

/** The avatar's dot: none when there is nobody to show or their presence is unknown. */
export function presenceDot(presence: KnownPresence, hasPerson: boolean): boolean | undefined {
  if (!hasPerson || presence === 'unknown') return undefined;
  return presence?.online ?? false;
}
