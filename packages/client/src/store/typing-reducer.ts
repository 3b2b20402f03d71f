import type { ChatState } from './state.js';
import { omit } from '../util/omit.js';

/**
 * How long an indicator shows without news. The server ends it (`isTyping: false`) about 5 s
 * after the typist's last `typing:start`, and on their disconnect, but announces a start only
 * once; so this is a safety net for a stop that never arrives, not the normal way indicators end.
 */
export const TYPING_INDICATOR_TTL_MS = 30_000;

export function typingChanged(
  state: ChatState,
  roomId: string,
  userId: string,
  isTyping: boolean,
  now: number,
): ChatState {
  const room = state.typing[roomId] ?? {};
  if (!isTyping && !(userId in room)) return state;
  const next = isTyping ? { ...room, [userId]: now + TYPING_INDICATOR_TTL_MS } : omit(room, userId);
  return { ...state, typing: { ...state.typing, [roomId]: next } };
}

/** Drops indicators whose time has passed. */
export function typingExpired(state: ChatState, now: number): ChatState {
  let changed = false;
  const typing: Record<string, Record<string, number>> = {};
  for (const [roomId, users] of Object.entries(state.typing)) {
    const live = Object.fromEntries(Object.entries(users).filter(([, until]) => until > now));
    if (Object.keys(live).length !== Object.keys(users).length) changed = true;
    if (Object.keys(live).length > 0) typing[roomId] = live;
  }
  return changed ? { ...state, typing } : state;
}
