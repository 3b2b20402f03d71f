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
 * Reaches a visitor who is no longer on the page, after the delay: email (`EmailVisitorNotifier`).
 * It is the fallback to Web Push, which reaches visitors who opted in on the `/c/` page as soon as
 * a reply arrives (notifications/push-dispatcher.ts, as for every member): a reply a push service
 * accepted (`room_members.notified_seq`) is not emailed. Another channel (SMS, a chat app) would
 * be a second implementation of this call.
 */
export interface VisitorNotifier {
  /** Resolves once the visitor's channel accepted the news; rejects so it can be retried. */
  notify(unread: UnreadReplies): Promise<void>;
}
