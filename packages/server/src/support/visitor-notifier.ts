import type { UnreadReply } from './unread-reply-repository.js';

/** What a visitor who left is told: the replies they have not read and where to read them. */
export interface UnreadReplies {
  siteName: string;
  visitor: { displayName: string; email: string };
  replies: UnreadReply[];
  /** How many more replies there are than `replies` holds (an email is not a transcript). */
  moreCount: number;
  /** The conversation's standalone page, absolute: `PUBLIC_URL` + `/c/<link>`. */
  link: string;
}

/**
 * Reaches a visitor who is no longer on the page. Email today (`EmailVisitorNotifier`). The seam
 * for Web Push (issue #13): a push driver implements this same call for visitors who opted in
 * on the `/c/` page, and `UnreadReplySweeper` then notifies through it too (push first, email
 * as the fallback, or both); the sweeper's claim on `emailed_seq` keeps each reply told once.
 */
export interface VisitorNotifier {
  /** Resolves once the visitor's channel accepted the news; rejects so it can be retried. */
  notify(unread: UnreadReplies): Promise<void>;
}
