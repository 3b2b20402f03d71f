import {
  emailDocument,
  escapeHtml as e,
  footerHtml,
  messageText,
  moreLine,
  quoteHtml,
} from '../mail/email-parts.js';
import type { OutgoingMail } from '../mail/mailer.js';
import type { UnreadReplies } from './visitor-notifier.js';

/**
 * The email that tells a visitor of replies they have not read: one per batch, both forms
 * written from the same parts, every string from agents, the visitor or the site as text.
 */
export function composeReplyEmail(unread: UnreadReplies): OutgoingMail {
  const { siteName, visitor, replies, moreCount, link } = unread;
  const more = moreLine(moreCount, 'reply', 'replies');
  const why = `You get this email because you left your address in the chat on ${siteName}.`;
  const text = [
    `Hello ${visitor.displayName},`,
    '',
    `${siteName} replied to your conversation:`,
    '',
    ...replies.flatMap((reply) => [`${reply.authorName}:`, messageText(reply), '']),
    ...(more ? [more, ''] : []),
    `Continue the conversation: ${link}`,
    '',
    why,
  ].join('\n');

  const subject = `New reply from ${siteName}`;
  const html = emailDocument(
    subject,
    `<p>Hello ${e(visitor.displayName)},</p>
<p>${e(siteName)} replied to your conversation:</p>
${replies.map((reply) => quoteHtml(reply.authorName, messageText(reply))).join('\n')}
${more ? `<p>${e(more)}</p>` : ''}
<p><a href="${e(link)}">Continue the conversation</a></p>
${footerHtml(why)}`,
  );

  return { to: visitor.email, subject, text, html };
}
