import type { TimelineMessage } from '@natter/client';

/**
 * What a room opened with unread messages does next: load an older page (the first unread is not
 * loaded yet), land on the "New messages" divider, or open at the bottom (nothing of someone else
 * is unread after all, e.g. the unread were read elsewhere meanwhile).
 */
export type LandingStep = 'load-older' | 'divider' | 'bottom';

export interface LandingInput {
  /** The caller's read mark when the room opened; undefined when nothing was unread. */
  unreadAfterSeq: number | undefined;
  /** Whether the server may hold messages older than those loaded. */
  hasOlder: boolean;
}

/**
 * Decides where an opened room lands. History loads newest first, so the first unread message is
 * only certainly loaded once a message at or below the read mark is (or nothing older remains):
 * before that, a later page could still hold an earlier unread message of someone else.
 */
export function landingStep(
  messages: readonly TimelineMessage[],
  { unreadAfterSeq, hasOlder }: LandingInput,
): LandingStep {
  if (unreadAfterSeq === undefined) return 'bottom';
  const reachedReadMark = messages.some((m) => m.seq !== undefined && m.seq <= unreadAfterSeq);
  if (hasOlder && !reachedReadMark) return 'load-older';
  const unreadFromOthers = messages.some(
    (m) => !m.own && m.seq !== undefined && m.seq > unreadAfterSeq,
  );
  return unreadFromOthers ? 'divider' : 'bottom';
}
