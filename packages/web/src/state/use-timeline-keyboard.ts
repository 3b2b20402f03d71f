import { useCallback, useLayoutEffect, useRef, useState } from 'react';
import type { FocusEvent, KeyboardEvent, RefObject } from 'react';
import { focusTarget, isTimelineKey } from '../lib/timeline-focus.js';
import type { TimelineRow } from '../lib/timeline-rows.js';

/** What may take focus inside a message: its actions, links, image buttons, Retry and Discard. */
const INNER_FOCUSABLE = 'a[href], button, input, select, textarea, [tabindex]';
/** Marks the controls this hook took out of the Tab order, so it gives back only those. */
const MUTED = 'data-timeline-muted';

/**
 * Makes the message at `stopIndex` the list's one Tab stop: its article gets tabindex 0 and its
 * controls stay in the Tab order (Tab from the message reaches its actions); every other message
 * and its controls get tabindex -1, so Tab leaves the list instead of walking every button of
 * every message. Done on the DOM because the rows' content belongs to message-item and its
 * children; the list alone knows which message holds the stop. Click and programmatic focus
 * still reach muted controls.
 */
export function applyTabStop(canvas: HTMLElement, stopIndex: number | undefined): void {
  for (const row of canvas.querySelectorAll<HTMLElement>(':scope > [data-index]')) {
    const article = row.querySelector<HTMLElement>(':scope > article');
    if (!article) continue;
    const isStop = Number(row.dataset.index) === stopIndex;
    article.tabIndex = isStop ? 0 : -1;
    for (const control of article.querySelectorAll<HTMLElement>(INNER_FOCUSABLE)) {
      if (isStop && control.hasAttribute(MUTED)) {
        control.removeAttribute('tabindex');
        control.removeAttribute(MUTED);
      } else if (!isStop && !control.hasAttribute(MUTED) && control.tabIndex >= 0) {
        control.tabIndex = -1;
        control.setAttribute(MUTED, '');
      }
    }
  }
}

const rowOf = (target: EventTarget) =>
  target instanceof HTMLElement ? target.closest<HTMLElement>('[data-index]') : null;

export interface TimelineKeyboardOptions {
  rows: readonly TimelineRow[];
  canvasRef: RefObject<HTMLElement | null>;
  /**
   * The message that holds the Tab stop while none was focused yet (the newest on screen); read
   * after rendering, since what is on screen is known only once the list has laid out.
   */
  fallbackKey: () => string | undefined;
  /** Arrow Up or Home on the oldest loaded message asks for an older page. */
  onTopReached: () => void;
  /** Focus moved and scrolled into view: the list checks whether it is still at the bottom. */
  onFocusMoved: () => void;
}

/**
 * The timeline as one Tab stop with a roving tabindex: Up/Down move between messages, Home/End
 * to the first/last loaded one, Enter goes into the focused message's controls and Esc comes
 * back out. Focus moves with the browser's own focus(), which scrolls the message into view.
 * Returns the index that must stay rendered (a virtualised list would otherwise unmount the
 * focused message when it scrolls away, and focus would fall to the page) and the handlers for
 * the list's content element.
 */
export function useTimelineKeyboard({
  rows,
  canvasRef,
  fallbackKey,
  onTopReached,
  onFocusMoved,
}: TimelineKeyboardOptions) {
  const [focusKey, setFocusKey] = useState<string>();
  const pendingFocus = useRef<{ key: string; preventScroll: boolean } | undefined>(undefined);
  const indexOfKey = useCallback(
    (key: string | undefined) => (key === undefined ? -1 : rows.findIndex((r) => r.key === key)),
    [rows],
  );
  const focusIndex = indexOfKey(focusKey);

  useLayoutEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const stopIndex = focusIndex >= 0 ? focusIndex : indexOfKey(fallbackKey());
    applyTabStop(canvas, stopIndex < 0 ? undefined : stopIndex);
    const pending = pendingFocus.current;
    const index = indexOfKey(pending?.key);
    const article = canvas.querySelector<HTMLElement>(`:scope > [data-index="${index}"] > article`);
    if (pending && article) {
      pendingFocus.current = undefined;
      article.focus({ preventScroll: pending.preventScroll });
      // Only the browser's own scroll-into-view is done by now; a caller that scrolls itself
      // (preventScroll) has set the list's state already.
      if (!pending.preventScroll) onFocusMoved();
    }
  });

  /** Moves focus to the message in row `index` (scrolling it into view unless told not to). */
  const focusRow = useCallback(
    (index: number, { preventScroll = false } = {}) => {
      const key = rows[index]?.key;
      if (key === undefined) return;
      setFocusKey(key);
      pendingFocus.current = { key, preventScroll };
    },
    [rows],
  );

  const onFocus = (event: FocusEvent) => {
    const index = Number(rowOf(event.target)?.dataset.index);
    const row = rows[index];
    if (row?.kind === 'message') setFocusKey(row.key);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const target = event.target as HTMLElement;
    const row = rowOf(target);
    if (!row) return;
    const onMessage = target.tagName === 'ARTICLE';
    if (onMessage && isTimelineKey(event.key)) {
      event.preventDefault();
      const next = focusTarget(rows, Number(row.dataset.index), event.key);
      if (next !== undefined) focusRow(next);
      else if (event.key === 'ArrowUp' || event.key === 'Home') onTopReached();
    } else if (onMessage && event.key === 'Enter') {
      const first = target.querySelector<HTMLElement>(INNER_FOCUSABLE);
      if (first) {
        event.preventDefault();
        first.focus();
      }
    } else if (!onMessage && event.key === 'Escape' && !target.closest('dialog')) {
      // A dialog inside the message (the image lightbox) handles its own Esc.
      row.querySelector<HTMLElement>(':scope > article')?.focus();
    }
  };

  return {
    /** Keep this row rendered: it holds the Tab stop and maybe the focus. */
    keepIndex: focusIndex < 0 ? undefined : focusIndex,
    focusRow,
    onFocus,
    onKeyDown,
  };
}
