import type { MessagesPage } from '@natter/protocol';
import { receiveMessages, withTimeline } from './messages-reducer.js';
import { receiptsLoaded } from './rooms-reducer.js';
import type { ChatState } from './state.js';
import { advanceSyncedSeq, emptyTimeline } from './timeline.js';

/**
 * A page of history. The newest page (asked without a cursor) ends at the room's last message,
 * so everything up to it counts as synced; older pages are prepended and only move the cursor.
 */
export function applyHistoryPage(
  state: ChatState,
  roomId: string,
  page: MessagesPage,
  before: string | undefined,
): ChatState {
  const newest = before === undefined;
  const pageTop = page.messages.at(-1)?.seq ?? 0;
  const existing = state.timelines[roomId];
  let next = existing ? state : withTimeline(state, roomId, emptyTimeline(pageTop));
  next = receiveMessages(next, roomId, page.messages, { deliveredUpTo: page.messages.at(-1)?.seq });
  next = receiptsLoaded(next, roomId, page.receipts);
  const timeline = next.timelines[roomId];
  if (!timeline) return next;
  if (newest) {
    return withTimeline(next, roomId, {
      ...timeline,
      syncedSeq: advanceSyncedSeq(timeline.messages, Math.max(timeline.syncedSeq, pageTop)),
      changesCursor: timeline.changesCursor ?? page.changesCursor,
      historyLoaded: true,
      olderCursor: page.nextCursor,
      hasOlder: page.hasMore,
    });
  }
  return withTimeline(next, roomId, {
    ...timeline,
    olderCursor: page.nextCursor,
    hasOlder: page.hasMore,
  });
}
