import type { Message, Reaction } from '@natter/protocol';
import { omit } from '../util/omit.js';
import { changeMessages } from './messages-reducer.js';
import type { ChatState, ReactionIntents } from './state.js';

/** Records that this user wants to have reacted with `emoji` to a message (`on`), or not. */
export function intendReaction(
  state: ChatState,
  roomId: string,
  messageId: string,
  emoji: string,
  on: boolean,
): ChatState {
  const room = state.reactionIntents[roomId] ?? {};
  const intents = room[messageId] ?? {};
  if (intents[emoji] === on) return state;
  return storeIntents(state, roomId, messageId, { ...intents, [emoji]: on });
}

/**
 * A reaction request for `on` is over. Its answer (when it succeeded) is the message as stored;
 * the intent goes when it is what the request asked for, or when the request failed (rolled
 * back: the server's copy shows again). A newer, opposite intent stays for the next request.
 */
export function settleReaction(
  state: ChatState,
  event: { roomId: string; messageId: string; emoji: string; on: boolean; message?: Message },
): ChatState {
  const { roomId, messageId, emoji, on, message } = event;
  const next = message ? changeMessages(state, roomId, [message]) : state;
  const intents = next.reactionIntents[roomId]?.[messageId];
  if (intents?.[emoji] === undefined || (message && intents[emoji] !== on)) return next;
  return storeIntents(next, roomId, messageId, omit(intents, emoji));
}

/**
 * A message's reactions as this user sees them: the server's, with their own unconfirmed
 * changes applied (a new emoji goes last, as the server would put it). Answers `reactions`
 * itself when no intent changes it.
 */
export function withIntents(
  reactions: readonly Reaction[] | undefined,
  intents: ReactionIntents | undefined,
  me: string | undefined,
): readonly Reaction[] | undefined {
  if (!intents || me === undefined) return reactions;
  let next = reactions ?? [];
  for (const [emoji, on] of Object.entries(intents)) {
    const existing = next.find((r) => r.emoji === emoji);
    if (on === (existing?.userIds.includes(me) ?? false)) continue;
    const userIds = on
      ? [...(existing?.userIds ?? []), me]
      : (existing?.userIds ?? []).filter((id) => id !== me);
    const changed: Reaction = { emoji, count: userIds.length, userIds };
    next = existing
      ? next.map((r) => (r === existing ? changed : r)).filter((r) => r.count > 0)
      : [...next, changed];
  }
  if (next === reactions) return reactions;
  return next.length > 0 ? next : undefined;
}

function storeIntents(
  state: ChatState,
  roomId: string,
  messageId: string,
  intents: ReactionIntents,
): ChatState {
  const room = state.reactionIntents[roomId] ?? {};
  const nextRoom =
    Object.keys(intents).length > 0 ? { ...room, [messageId]: intents } : omit(room, messageId);
  return {
    ...state,
    reactionIntents:
      Object.keys(nextRoom).length > 0
        ? { ...state.reactionIntents, [roomId]: nextRoom }
        : omit(state.reactionIntents, roomId),
  };
}
