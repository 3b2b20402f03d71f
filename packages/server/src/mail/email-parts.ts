/**
 * The pieces every email the server writes is built from, so each one escapes the same way and
 * looks the same: a user's words, names and links reach the HTML as text only.
 */

/** Every text that reaches an email's HTML (names, messages, links) goes through here. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** A message's words; an attachment is named, not linked (its signed URLs would expire). */
export function messageText(message: { content: string; type: string }): string {
  if (message.content !== '') return message.content;
  return message.type === 'image' ? '(sent an image)' : '(sent a file)';
}

/** "…and 3 more replies." for what an email leaves out (an email is not a transcript). */
export function moreLine(count: number, one: string, many: string): string {
  return count > 0 ? `…and ${count} more ${count === 1 ? one : many}.` : '';
}

/** A quoted message in HTML: its author, then its words as typed (line breaks kept). */
export function quoteHtml(author: string, text: string): string {
  return `<div style="margin: 0 0 1em; padding: 0.5em 0.75em; border-left: 3px solid #8c959f">
<strong>${escapeHtml(author)}</strong>
<div style="white-space: pre-wrap">${escapeHtml(text)}</div>
</div>`;
}

/** The small grey line at the end that says why the reader gets this email. */
export function footerHtml(text: string): string {
  return `<p style="color: #59636e; font-size: 0.875em">${escapeHtml(text)}</p>`;
}

/** The HTML document around an email's body (already HTML, its user strings escaped). */
export function emailDocument(subject: string, bodyHtml: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family: sans-serif; line-height: 1.5; color: #1f2328">
${bodyHtml}
</body></html>`;
}
