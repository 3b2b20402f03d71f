import type { MessagesPage } from '@natter/protocol';
import { receiveMessages, withTimeline, withWindow } from './messages-reducer.js';
import { receiptsLoaded } from './rooms-reducer.js';
import type { ChatState, HistoryWindow } from './state.js';
import { advanceSyncedSeq, emptyTimeline, mergeMessages } from './timeline.js';
import { omit } from '../util/omit.js';

/**
 * A room opened at a message far back in its history (a `messages:load` page `around` it). Its
 * messages stay apart from the room's timeline, whose live messages keep arriving at the tail;
 * a page that already reaches the newest message joins that timeline at once.
 */
export function openWindow(
  state: ChatState,
  roomId: string,
  anchorId: string,
  page: MessagesPage,
): ChatState {
  const window: HistoryWindow = {
    anchorId,
    messages: mergeMessages([], page.messages),
    olderCursor: page.nextCursor,
    hasOlder: page.hasMore,
    newerCursor: page.newerCursor,
  };
  return settle(receiptsLoaded(state, roomId, page.receipts), roomId, window, page);
}

/**
 * A page before or after the window opened at `anchorId`. A page for a window that is no longer
 * shown (the user jumped to the latest, or opened another message meanwhile) is dropped.
 */
export function extendWindow(
  state: ChatState,
  roomId: string,
  anchorId: string,
  direction: 'older' | 'newer',
  page: MessagesPage,
): ChatState {
  const window = state.windows[roomId];
  if (window?.anchorId !== anchorId) return state;
  const messages = mergeMessages(window.messages, page.messages);
  const next = receiptsLoaded(state, roomId, page.receipts);
  if (direction === 'older') {
    return withWindow(next, roomId, {
      ...window,
      messages,
      olderCursor: page.nextCursor,
      hasOlder: page.hasMore,
    });
  }
  return settle(next, roomId, { ...window, messages, newerCursor: page.newerCursor }, page);
}

/** Back to the live tail: the window's messages are let go (the timeline keeps its own). */
export function closeWindow(state: ChatState, roomId: string): ChatState {
  return roomId in state.windows ? { ...state, windows: omit(state.windows, roomId) } : state;
}

/** Keeps the window while newer messages remain; else it has reached the live tail and joins it. */
function settle(
  state: ChatState,
  roomId: string,
  window: HistoryWindow,
  page: MessagesPage,
): ChatState {
  if (page.hasNewer !== false && page.newerCursor !== undefined)
    return withWindow(state, roomId, window);
  return joinLiveTail(closeWindow(state, roomId), roomId, window, page.changesCursor);
}

/**
 * The window ends at the room's newest message (as of its last page; live messages since are in
 * the timeline), so window and timeline together hold every message from the window's first on:
 * the timeline takes the window's messages, and pages further back from whichever of the two
 * reaches further.
 */
function joinLiveTail(
  state: ChatState,
  roomId: string,
  window: HistoryWindow,
  changesCursor: string,
): ChatState {
  const top = window.messages.at(-1)?.seq ?? 0;
  const before = state.timelines[roomId];
  const windowStart = window.messages[0]?.seq ?? Number.POSITIVE_INFINITY;
  const timelineReachesFurther =
    before?.historyLoaded === true && (before.messages[0]?.seq ?? windowStart) < windowStart;
  let next = before ? state : withTimeline(state, roomId, emptyTimeline(top));
  next = receiveMessages(next, roomId, window.messages);
  const timeline = next.timelines[roomId];
  if (!timeline) return next;
  return withTimeline(next, roomId, {
    ...timeline,
    syncedSeq: advanceSyncedSeq(timeline.messages, Math.max(timeline.syncedSeq, top)),
    changesCursor: timeline.changesCursor ?? changesCursor,
    historyLoaded: true,
    olderCursor: timelineReachesFurther ? timeline.olderCursor : window.olderCursor,
    hasOlder: timelineReachesFurther ? timeline.hasOlder : window.hasOlder,
  });
}
