import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { defaultRangeExtractor, useVirtualizer } from '@tanstack/react-virtual';
import { selectTimeline, selectWindow } from '@natter/client';
import type { TimelineMessage } from '@natter/client';
import type { TimelineRow } from '../lib/timeline-rows.js';
import { buildTimelineRows } from '../lib/timeline-rows.js';
import { landingStep } from '../lib/unread-landing.js';
import { readViewport } from '../lib/viewport-reading.js';
import { useChat, useClient } from '../state/client-context.js';
import { usePageActive } from '../state/use-page-active.js';
import { useTimelineKeyboard } from '../state/use-timeline-keyboard.js';
import { DaySeparator } from './day-separator.js';
import { Icon } from './icon.js';
import { MessageItem } from './message-item.js';
import { SystemMessage } from './system-message.js';
import { UnreadDivider } from './unread-divider.js';

interface MessageListProps {
  roomId: string;
  onReply: (message: TimelineMessage) => void;
  onEdit: (message: TimelineMessage) => void;
  onDelete: (message: TimelineMessage) => void;
  onOpenThread: (message: TimelineMessage) => void;
  /** Open the room at this message (a search result), however far back, with its surroundings. */
  messageId?: string | undefined;
  /** The user left the message for the newest ones ("Jump to latest"): the URL forgets it. */
  onLatest?: (() => void) | undefined;
}

/** Within this many pixels of the bottom counts as "at the bottom": new messages keep it there. */
const STICK_PX = 64;
/** Start fetching older history this far before the top, so scrolling rarely waits. */
const PREFETCH_PX = 800;
const HIGHLIGHT_MS = 1600;

const estimate = (row: TimelineRow | undefined) => {
  if (row?.kind !== 'message') return 44;
  const { attachments, uploads } = row.message;
  return 52 + ((attachments?.length ?? 0) + (uploads?.length ?? 0)) * 120;
};

/** `rows` plus one index kept rendered even when far from the viewport (the focused message). */
const withIndex = (indexes: number[], keep: number | undefined) =>
  keep === undefined || indexes.includes(keep) ? indexes : [...indexes, keep].sort((a, b) => a - b);

/**
 * The room's messages, virtualised (only the rows near the viewport are in the DOM, so 10,000
 * messages scroll like 50). A room with unread messages opens at the first of them, the "New
 * messages" divider near the top (loading older pages until it is there); any other room opens at
 * the bottom and stays there as messages arrive. Loads older pages when scrolled near the top
 * while keeping what is on screen in place, and marks messages read only once they have been on
 * screen in a focused, visible tab. The list is one Tab stop; arrows move between messages.
 *
 * Opened at a message (`messageId`, a search result) it shows the SDK's history window around
 * it, apart from the live tail: scrolling loads older and newer pages, and once the newest is
 * reached the window joins the live tail; "Jump to latest" goes straight back to it.
 */
export function MessageList({
  roomId,
  onReply,
  onEdit,
  onDelete,
  onOpenThread,
  messageId,
  onLatest,
}: MessageListProps) {
  const client = useClient();
  const liveMessages = useChat((s) => selectTimeline(s, roomId));
  const windowMessages = useChat((s) => selectWindow(s, roomId));
  const detached = windowMessages !== undefined;
  const messages = windowMessages ?? liveMessages;
  const windowHasOlder = useChat((s) => s.windows[roomId]?.hasOlder ?? false);
  const timeline = useChat((s) => s.timelines[roomId]);
  const room = useChat((s) => s.rooms[roomId]);
  const meId = useChat((s) => s.me?.id) ?? '';
  const ready = useChat((s) => s.connection.status === 'ready');
  const pageActive = usePageActive();
  const showSenders = room?.type !== 'direct';

  // The divider stays where unread messages began when the room opened, while reading moves on.
  const [unreadAfterSeq] = useState(() =>
    room && room.unreadCount > 0 ? room.lastReadSeq : undefined,
  );
  const rows = useMemo(
    () => buildTimelineRows(messages, { unreadAfterSeq }),
    [messages, unreadAfterSeq],
  );
  const byId = useMemo(() => {
    const map = new Map<string, TimelineMessage>();
    for (const m of messages) if (m.id) map.set(m.id, m);
    return map;
  }, [messages]);

  // Until it has landed on the first unread, the list neither sticks to the bottom nor marks read.
  // Opened at a message, it lands there instead.
  const [landing, setLanding] = useState(unreadAfterSeq !== undefined && !messageId);
  // Sticky bottom: a ref for the layout effects (no re-render per scroll), state for the button.
  const stick = useRef(!landing && !messageId);
  const [atBottom, setAtBottom] = useState(true);
  const scrollRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLDivElement>(null);
  // Whether the list is at the bottom now: after a scroll, and after focus moved a message into
  // view (before the pinned-bottom effect could pull the list back down).
  const syncBottom = useCallback(() => {
    const el = scrollRef.current;
    if (!el) return;
    const bottom = el.scrollHeight - el.scrollTop - el.clientHeight < STICK_PX;
    stick.current = bottom;
    setAtBottom(bottom);
  }, []);
  // Read after layout by the keyboard hook: the message that takes the Tab stop by default.
  const newestVisibleKey = useRef<string | undefined>(undefined);
  const keyboard = useTimelineKeyboard({
    rows,
    canvasRef,
    fallbackKey: () => newestVisibleKey.current,
    onTopReached: () => loadOlder(),
    onFocusMoved: syncBottom,
  });
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => estimate(rows[i]),
    getItemKey: (i) => rows[i]?.key ?? i,
    overscan: 10,
    paddingStart: 16,
    paddingEnd: 8,
    rangeExtractor: (range) => withIndex(defaultRangeExtractor(range), keyboard.keepIndex),
  });

  const [loading, setLoading] = useState(false);
  // The last page request failed (offline, refused): the landing stops asking and shows what it has.
  const [loadFailed, setLoadFailed] = useState(false);
  const loadingRef = useRef(false);
  const historyLoaded = timeline?.historyLoaded ?? false;
  const hasOlder = detached
    ? windowHasOlder
    : timeline
      ? timeline.hasOlder || !timeline.historyLoaded
      : true;

  const loadingNewer = useRef(false);
  /** One page request at a time per direction; the last one's failure stops the landing. */
  const loadOnce = useCallback(
    (
      busy: { current: boolean },
      load: () => Promise<unknown>,
      showBusy?: (on: boolean) => void,
    ) => {
      if (busy.current || !ready) return;
      busy.current = true;
      showBusy?.(true);
      load()
        .then(
          () => setLoadFailed(false),
          () => setLoadFailed(true),
        )
        .finally(() => {
          busy.current = false;
          showBusy?.(false);
        });
    },
    [ready],
  );
  const loadOlder = useCallback(
    () => loadOnce(loadingRef, () => client.history.loadOlder(roomId), setLoading),
    [loadOnce, client, roomId],
  );
  const loadNewer = useCallback(
    () => loadOnce(loadingNewer, () => client.history.loadNewer(roomId)),
    [loadOnce, client, roomId],
  );

  // The newest page, the first time this room is opened (and once connected).
  useEffect(() => {
    if (!historyLoaded && !detached) loadOlder();
  }, [historyLoaded, detached, loadOlder]);

  // Opened at a message: the window around it, then the message centred and highlighted. Once
  // per message, not again at a reconnection (the user may have scrolled on). Without one, a
  // window left from an earlier visit gives way to the live tail.
  const openedAt = useRef<string | undefined>(undefined);
  const [openFailed, setOpenFailed] = useState(false);
  useEffect(() => {
    if (!messageId) {
      openedAt.current = undefined;
      client.history.jumpToLatest(roomId);
      return;
    }
    if (!ready || openedAt.current === messageId) return;
    openedAt.current = messageId;
    stick.current = false;
    setAtBottom(false);
    setLanding(false);
    setOpenFailed(false);
    client.history.openAt(roomId, messageId).then(
      () => {
        focusTarget.current = true;
        setJumpTarget(messageId);
      },
      () => setOpenFailed(true),
    );
  }, [client, roomId, messageId, ready]);

  // Keep what is on screen in place when older messages are prepended: shift by how far the
  // previously first message moved down. Items measured later are corrected by the virtualizer.
  const firstKey = messages[0]?.key;
  const anchor = useRef<{ key: string | undefined; start: number }>({ key: undefined, start: 0 });
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const previous = anchor.current;
    const startOf = (key: string | undefined) => {
      const index = rows.findIndex((r) => r.key === key);
      return index < 0 ? undefined : virtualizer.getOffsetForIndex(index, 'start')?.[0];
    };
    if (previous.key && previous.key !== firstKey && !stick.current) {
      const moved = startOf(previous.key);
      if (moved !== undefined) el.scrollTop += moved - previous.start;
    }
    anchor.current = { key: firstKey, start: startOf(firstKey) ?? 0 };
  }, [firstKey, rows, virtualizer]);

  // Pinned to the bottom: follow new messages and rows that grow once measured.
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  });

  // My own new message always brings the list down to it.
  const lastKey = messages[messages.length - 1]?.key;
  const lastOwnPending = messages[messages.length - 1]?.status === 'sending';
  useEffect(() => {
    if (lastOwnPending) {
      stick.current = true;
      setAtBottom(true);
    }
  }, [lastKey, lastOwnPending]);

  const onScroll = () => {
    const el = scrollRef.current;
    if (!el) return;
    syncBottom();
    if (el.scrollTop < PREFETCH_PX && hasOlder) loadOlder();
    if (detached && el.scrollHeight - el.scrollTop - el.clientHeight < PREFETCH_PX) loadNewer();
  };

  // A short page does not fill the screen (no scrollbar, no scroll event): keep loading.
  useEffect(() => {
    const el = scrollRef.current;
    if (!el || el.scrollHeight > el.clientHeight + PREFETCH_PX) return;
    if (hasOlder && (historyLoaded || detached)) loadOlder();
    if (detached) loadNewer();
  }, [rows.length, hasOlder, historyLoaded, detached, loadOlder, loadNewer]);

  // Opening with unread messages: load back to the first of them, then put the divider on top.
  const dividerIndex = rows.findIndex((r) => r.kind === 'unread');
  useEffect(() => {
    if (!landing) return;
    const step = landingStep(messages, { unreadAfterSeq, hasOlder });
    if (step === 'load-older' && !loadFailed) {
      if (!loading) loadOlder();
      return;
    }
    // Landed, or a page failed: the divider if it is loaded, else the bottom.
    if (step !== 'bottom' && dividerIndex >= 0) {
      virtualizer.scrollToIndex(dividerIndex, { align: 'start' });
    } else {
      stick.current = true;
    }
    setLanding(false);
  }, [
    landing,
    messages,
    unreadAfterSeq,
    hasOlder,
    loading,
    loadFailed,
    loadOlder,
    dividerIndex,
    virtualizer,
  ]);

  // What is on screen, for the jump controls and the default Tab stop.
  const items = virtualizer.getVirtualItems();
  const { newestVisible, dividerAbove } = readViewport(rows, items, {
    top: virtualizer.scrollOffset ?? 0,
    height: virtualizer.scrollRect?.height ?? 0,
  });
  newestVisibleKey.current = newestVisible?.key;
  const unread = room?.unreadCount ?? 0;
  const readSeq = room?.lastReadSeq ?? 0;

  // Mark read up to the newest message actually on screen, only while someone can see it. The
  // scroll position comes from the element, not the virtualizer: right after a programmatic
  // scroll (the landing) the virtualizer still holds the old one until the scroll event, and the
  // messages there were never seen.
  useEffect(() => {
    const el = scrollRef.current;
    if (landing || !pageActive || unread === 0 || !el) return;
    const seen = readViewport(rows, virtualizer.getVirtualItems(), {
      top: el.scrollTop,
      height: el.clientHeight,
    }).newestVisible;
    // Only forward: the SDK's ReadMarker also refuses to move a mark back.
    if (seen?.id && (seen.seq ?? 0) > readSeq) client.markRead(roomId, seen.id);
  });

  // Reply quotes jump to their parent, loading older pages until it is there; a search result's
  // message also takes focus (the search dialog that chose it is gone).
  const [jumpTarget, setJumpTarget] = useState<string>();
  const focusTarget = useRef(false);
  const [highlight, setHighlight] = useState<string>();
  useEffect(() => {
    if (!jumpTarget) return;
    const index = rows.findIndex((r) => r.kind === 'message' && r.message.id === jumpTarget);
    if (index >= 0) {
      stick.current = false;
      setAtBottom(false);
      virtualizer.scrollToIndex(index, { align: 'center' });
      if (focusTarget.current) keyboard.focusRow(index, { preventScroll: true });
      focusTarget.current = false;
      setHighlight(jumpTarget);
      setJumpTarget(undefined);
    } else if (hasOlder) loadOlder();
    else setJumpTarget(undefined);
  }, [jumpTarget, rows, hasOlder, loadOlder, virtualizer, keyboard]);
  useEffect(() => {
    if (!highlight) return;
    const timer = setTimeout(() => setHighlight(undefined), HIGHLIGHT_MS);
    return () => clearTimeout(timer);
  }, [highlight]);

  const jumpToLatest = () => {
    stick.current = true;
    setAtBottom(true);
    if (detached || messageId) {
      // The live tail replaces the window; the pinned bottom takes the list down to it.
      client.history.jumpToLatest(roomId);
      onLatest?.();
      return;
    }
    virtualizer.scrollToIndex(rows.length - 1, { align: 'end' });
  };

  // Back to where the unread messages began; focus goes to the first of them (the button goes).
  const jumpToFirstUnread = () => {
    stick.current = false;
    setAtBottom(false);
    virtualizer.scrollToIndex(dividerIndex, { align: 'start' });
    keyboard.focusRow(dividerIndex + 1, { preventScroll: true });
  };

  return (
    <div className="message-list">
      {!landing && dividerAbove && unread > 0 && (
        <button type="button" className="jump-unread" onClick={jumpToFirstUnread}>
          <Icon name="up" size={16} />
          Jump to first unread
        </button>
      )}
      <div
        className={landing ? 'message-scroll landing' : 'message-scroll'}
        ref={scrollRef}
        onScroll={onScroll}
        role="log"
        aria-label="Messages"
        aria-busy={landing || undefined}
      >
        {(loading || landing) && (
          <div className="history-loading" aria-hidden="true">
            <span className="spinner" />
          </div>
        )}
        {historyLoaded && !detached && messages.length === 0 && (
          <div className="no-messages">No messages yet. Say hello!</div>
        )}
        {openFailed && (
          <div className="no-messages" role="alert">
            That message could not be opened: it may have been deleted.
          </div>
        )}
        <div
          className="message-canvas"
          ref={canvasRef}
          style={{ height: virtualizer.getTotalSize() }}
          onFocus={keyboard.onFocus}
          onKeyDown={keyboard.onKeyDown}
        >
          {items.map((item) => {
            const row = rows[item.index];
            if (!row) return null;
            return (
              <div
                key={item.key}
                data-index={item.index}
                ref={virtualizer.measureElement}
                className="row"
                style={{ transform: `translateY(${item.start}px)` }}
              >
                {row.kind === 'day' && <DaySeparator label={row.label} />}
                {row.kind === 'unread' && <UnreadDivider />}
                {row.kind === 'message' && row.message.type === 'system' && (
                  <SystemMessage message={row.message} />
                )}
                {row.kind === 'message' && row.message.type !== 'system' && (
                  <MessageItem
                    message={row.message}
                    meId={meId}
                    groupStart={row.groupStart}
                    groupEnd={row.groupEnd}
                    showSenders={showSenders}
                    parent={row.message.replyTo ? byId.get(row.message.replyTo) : undefined}
                    highlighted={highlight !== undefined && highlight === row.message.id}
                    onReply={onReply}
                    onEdit={onEdit}
                    onDelete={onDelete}
                    onJumpTo={setJumpTarget}
                    onOpenThread={onOpenThread}
                  />
                )}
              </div>
            );
          })}
        </div>
      </div>
      {(!atBottom || detached) && !landing && (
        <button
          type="button"
          className="jump-latest"
          onClick={jumpToLatest}
          // The badge's number is part of the name, as axe's label-in-name rule asks.
          aria-label={unread > 0 ? `Jump to latest, ${unread} unread` : 'Jump to latest'}
        >
          <Icon name="down" size={18} />
          {unread > 0 && <span className="jump-count">{unread}</span>}
        </button>
      )}
    </div>
  );
}
