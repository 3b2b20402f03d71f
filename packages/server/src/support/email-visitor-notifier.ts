import type { Mailer } from '../mail/mailer.js';
import { composeReplyEmail } from './reply-email.js';
import type { UnreadReplies, VisitorNotifier } from './visitor-notifier.js';

/** Tells a visitor of unread replies by email: one message per batch. */
export class EmailVisitorNotifier implements VisitorNotifier {
  constructor(private readonly mailer: Mailer) {}

  notify(unread: UnreadReplies): Promise<void> {
    return this.mailer.send(composeReplyEmail(unread));
  }
}
