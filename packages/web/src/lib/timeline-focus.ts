import type { TimelineRow } from './timeline-rows.js';

/** The keys that move focus through the timeline (one Tab stop, a roving tabindex). */
export const TIMELINE_KEYS = ['ArrowUp', 'ArrowDown', 'Home', 'End'] as const;
export type TimelineKey = (typeof TIMELINE_KEYS)[number];

export const isTimelineKey = (key: string): key is TimelineKey =>
  (TIMELINE_KEYS as readonly string[]).includes(key);

/**
 * The row index focus moves to from the message at `from`: Up/Down to the previous/next message
 * (skipping day separators and the divider), Home/End to the first/last loaded message. Undefined
 * when there is nowhere to go, so the key does nothing.
 */
export function focusTarget(
  rows: readonly TimelineRow[],
  from: number,
  key: TimelineKey,
): number | undefined {
  const isMessage = (i: number) => rows[i]?.kind === 'message';
  const first = rows.findIndex((_, i) => isMessage(i));
  if (first < 0) return undefined;
  let target: number | undefined;
  if (key === 'Home') target = first;
  else if (key === 'End') target = rows.findLastIndex((_, i) => isMessage(i));
  else {
    const step = key === 'ArrowUp' ? -1 : 1;
    for (let i = from + step; i >= 0 && i < rows.length; i += step) {
      if (isMessage(i)) {
        target = i;
        break;
      }
    }
  }
  return target === from ? undefined : target;
}
