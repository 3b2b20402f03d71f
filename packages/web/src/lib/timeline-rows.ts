import type { TimelineMessage } from '@natter/client';
import { dayKey, formatDayLabel } from './format-time.js';

/** Messages by one sender closer together than this share one group (one name, one avatar). */
export const GROUP_GAP_MS = 5 * 60 * 1000;

export type TimelineRow =
  | { kind: 'day'; key: string; label: string }
  | { kind: 'unread'; key: string }
  | {
      kind: 'message';
      key: string;
      message: TimelineMessage;
      /** First of a run by one sender: shows the name (in groups) and the avatar. */
      groupStart: boolean;
      /** Last of the run: gets the bubble's tail and a little more space below. */
      groupEnd: boolean;
    };

export interface RowOptions {
  /** Others' messages with a seq above this are new: a "New messages" divider goes before the first. */
  unreadAfterSeq?: number | undefined;
  now?: Date;
}

/** A system line stands alone: it ends the run before it and starts nothing. */
const sameGroup = (a: TimelineMessage, b: TimelineMessage) =>
  a.type !== 'system' &&
  b.type !== 'system' &&
  a.senderId === b.senderId &&
  dayKey(a.createdAt) === dayKey(b.createdAt) &&
  Date.parse(b.createdAt) - Date.parse(a.createdAt) < GROUP_GAP_MS;

/**
 * Turns a timeline into the rows the list renders: a separator at each new day, the "New
 * messages" divider at the first unread message of someone else (system lines are never
 * unread), and each message with whether it starts or ends a run by one sender. Pure, so it
 * is tested without a DOM.
 */
export function buildTimelineRows(
  messages: readonly TimelineMessage[],
  options: RowOptions = {},
): TimelineRow[] {
  const rows: TimelineRow[] = [];
  const { unreadAfterSeq } = options;
  let dividerPlaced = false;
  messages.forEach((message, i) => {
    const previous = messages[i - 1];
    const next = messages[i + 1];
    const day = dayKey(message.createdAt);
    const newDay = !previous || dayKey(previous.createdAt) !== day;
    if (newDay) {
      rows.push({
        kind: 'day',
        key: `day:${day}`,
        label: formatDayLabel(message.createdAt, options.now),
      });
    }
    const unread =
      !dividerPlaced &&
      unreadAfterSeq !== undefined &&
      !message.own &&
      message.type !== 'system' &&
      message.seq !== undefined &&
      message.seq > unreadAfterSeq;
    if (unread) {
      dividerPlaced = true;
      rows.push({ kind: 'unread', key: 'unread' });
    }
    rows.push({
      kind: 'message',
      key: message.key,
      message,
      groupStart: newDay || unread || !previous || !sameGroup(previous, message),
      groupEnd: !next || !sameGroup(message, next) || dayKey(next.createdAt) !== day,
    });
  });
  return rows;
}
