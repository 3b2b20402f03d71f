/**
 * The one rule for what a message may link to: an absolute `http:`, `https:` or `mailto:` URL,
 * written plainly. Everything else (`javascript:`, `data:`, `vbscript:`, `file:`, relative and
 * protocol-relative addresses) stays text.
 *
 * The allow-list is checked on what the WHATWG URL parser makes of the address — the same parser
 * the browser will use — and the address must also start with its scheme as written and hold no
 * whitespace, control or invisible formatting character, so the parser's forgiveness (it drops
 * tabs and newlines inside, spaces around, and reads `https:\\x` as `https://x`) cannot turn a
 * disguised address into a link. Entities are never decoded: the href is set as a DOM property,
 * not parsed from HTML, so `&#106;avascript:` is a relative address and refused. The returned
 * href is the parser's own serialisation, so what the browser follows is exactly what was checked.
 */
export function safeHref(address: string): string | undefined {
  if (HIDDEN_OR_SPACE.test(address)) return undefined;
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return undefined;
  }
  const written = address.toLowerCase();
  switch (url.protocol) {
    case 'http:':
    case 'https:':
      // Credentials in a link are a phishing trick ("https://bank.example@evil.example").
      if (url.username !== '' || url.password !== '') return undefined;
      return written.startsWith(`${url.protocol}//`) ? url.href : undefined;
    case 'mailto:':
      return written.startsWith('mailto:') && MAIL_ADDRESS.test(url.pathname)
        ? url.href
        : undefined;
    default:
      return undefined;
  }
}

const HIDDEN_OR_SPACE = /[\s\p{Cc}\p{Cf}]/u;

/** At least an address (`mailto:` alone, or `mailto:javascript:x`, is no mail link). */
const MAIL_ADDRESS = /^[^\s@/:]+@[^\s@/:]+$/u;
