import type { OutgoingMail } from '../mail/mailer.js';
import type { UnreadReply } from './unread-reply-repository.js';
import type { UnreadReplies } from './visitor-notifier.js';

/** Every text that reaches the HTML (names, replies, the link) goes through here: text only. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** A reply's words; an attachment is named, not linked (its signed URLs would expire). */
function replyText(reply: UnreadReply): string {
  if (reply.content !== '') return reply.content;
  return reply.type === 'image' ? '(sent an image)' : '(sent a file)';
}

/**
 * The email that tells a visitor of replies they have not read: one per batch, both forms
 * written from the same parts, every string from agents, the visitor or the site as text.
 */
export function composeReplyEmail(unread: UnreadReplies): OutgoingMail {
  const { siteName, visitor, replies, moreCount, link } = unread;
  const more =
    moreCount > 0 ? `…and ${moreCount} more ${moreCount === 1 ? 'reply' : 'replies'}.` : '';
  const text = [
    `Hello ${visitor.displayName},`,
    '',
    `${siteName} replied to your conversation:`,
    '',
    ...replies.flatMap((reply) => [`${reply.authorName}:`, replyText(reply), '']),
    ...(more ? [more, ''] : []),
    `Continue the conversation: ${link}`,
    '',
    `You get this email because you left your address in the chat on ${siteName}.`,
  ].join('\n');

  const subject = `New reply from ${siteName}`;
  const e = escapeHtml;
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${e(subject)}</title></head>
<body style="font-family: sans-serif; line-height: 1.5; color: #1f2328">
<p>Hello ${e(visitor.displayName)},</p>
<p>${e(siteName)} replied to your conversation:</p>
${replies
  .map(
    (reply) => `<div style="margin: 0 0 1em; padding: 0.5em 0.75em; border-left: 3px solid #8c959f">
<strong>${e(reply.authorName)}</strong>
<div style="white-space: pre-wrap">${e(replyText(reply))}</div>
</div>`,
  )
  .join('\n')}
${more ? `<p>${e(more)}</p>` : ''}
<p><a href="${e(link)}">Continue the conversation</a></p>
<p style="color: #59636e; font-size: 0.875em">You get this email because you left your address in the chat on ${e(siteName)}.</p>
</body></html>`;

  return { to: visitor.email, subject, text, html };
}
