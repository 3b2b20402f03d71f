import { LIMITS } from '@natter/protocol';

/** From this many characters on, the composer shows how many are left to the limit. */
export const COUNTER_FROM = 9_000;

/** Counted as the server counts: after trimming (`messageContentSchema`). */
export interface ContentMeasure {
  length: number;
  /** Near or over the limit: worth a counter. */
  near: boolean;
  /** Over the limit: the server would refuse it, so the composer does not send it. */
  over: boolean;
}

export function measureContent(text: string): ContentMeasure {
  const length = text.trim().length;
  return { length, near: length >= COUNTER_FROM, over: length > LIMITS.messageContentMax };
}

// One fixed format, so the counter reads "9,512 / 10,000" whatever the browser's language.
const count = new Intl.NumberFormat('en-US');

export const counterText = (length: number): string =>
  `${count.format(length)} / ${count.format(LIMITS.messageContentMax)}`;

export const overLimitText = (length: number): string =>
  `Too long to send: remove ${count.format(length - LIMITS.messageContentMax)} characters.`;
