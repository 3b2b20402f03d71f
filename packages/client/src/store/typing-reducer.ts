import type { ChatState } from './state.js';
import { omit } from '../util/omit.js';

/**
 * How long an indicator shows after the last `isTyping: true` for it. The server announces every
 * `typing:start` (the SDK sends one at most every 3 s while keys are pressed) and ends an
 * indicator itself about 5 s after the last one; lapsing a little later than that keeps the
 * indicator steady while the typist types, and ends it even if the server's stop never arrives.
 */
export const TYPING_INDICATOR_TTL_MS = 6_000;

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
