import type { TimelineMessage } from '@natter/client';
import type { TimelineRow } from './timeline-rows.js';

/** A rendered row's place in the scroll content, in pixels (as the virtualizer reports it). */
export interface RowSpan {
  index: number;
  start: number;
  end: number;
}

/** The part of the scroll content on screen. */
export interface Viewport {
  top: number;
  height: number;
}

export interface ViewportReading {
  /** The newest confirmed message at least partly on screen: what the read mark may move up to. */
  newestVisible: TimelineMessage | undefined;
  /** Index of the first row on screen, if any. */
  firstVisibleIndex: number | undefined;
  /** The "New messages" divider is above the screen (scrolled past, or never scrolled to). */
  dividerAbove: boolean;
}

/**
 * Reads what is on screen from the rendered rows. Read marks follow `newestVisible` only, so a
 * message that was never on screen is never marked read by being loaded or rendered off screen.
 */
export function readViewport(
  rows: readonly TimelineRow[],
  spans: readonly RowSpan[],
  { top, height }: Viewport,
): ViewportReading {
  let newestVisible: TimelineMessage | undefined;
  let firstVisibleIndex: number | undefined;
  for (const span of spans) {
    if (span.start >= top + height || span.end <= top) continue;
    firstVisibleIndex ??= span.index;
    const row = rows[span.index];
    if (row?.kind === 'message' && row.message.id) newestVisible = row.message;
  }
  const divider = rows.findIndex((row) => row.kind === 'unread');
  const dividerAbove =
    divider >= 0 && firstVisibleIndex !== undefined && divider < firstVisibleIndex;
  return { newestVisible, firstVisibleIndex, dividerAbove };
}
