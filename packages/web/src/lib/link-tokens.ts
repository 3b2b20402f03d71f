/**
 * Splits message text into plain text and safe links, for rendering as React text nodes and
 * `<a>` elements (never HTML strings).
 *
 * Written here rather than taking `linkifyjs`: we need four prefixes only (`http://`, `https://`,
 * `mailto:`, bare `www.`), and an allow-list of prefixes is the whole safety argument — an href
 * always starts with one of them, so `javascript:`, `data:` and friends cannot become links
 * whatever their case, whitespace or entities. ~80 lines with tests beat a tokenizer of every
 * TLD in the web bundle.
 */
export type LinkToken =
  { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

/**
 * Where a link may start: one of the prefixes, at the start or after whitespace or an opening
 * bracket/quote (not inside a word, an email address or another URL).
 */
const LINK_START = /(?<=^|[\s([{<"'])(?:https?:\/\/|mailto:|www\.)/giu;
/** A link runs until whitespace, a control character or a character URLs never carry raw. */
const LINK_BODY = /[^\s\p{Cc}<>"`]*/uy;
/** A host name (optionally with a port) right after `scheme://` or as the whole `www.` link. */
const HOST =
  /^[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?(?:\.[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?)*(?::\d{1,5})?(?:[/?#]|$)/u;
const MAILTO = /^mailto:[^\s@/]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+(?:\?|$)/iu;

const TRAILING = new Set(['.', ',', ';', ':', '!', '?', "'", '"']);
/** The opening bracket of each closing one. */
const OPENER_OF: ReadonlyMap<string, string> = new Map([
  [')', '('],
  [']', '['],
  ['}', '{'],
]);
const OPENERS = new Set(OPENER_OF.values());

/** Drops trailing punctuation, and closing brackets that close nothing inside the link. */
function trimTrailing(candidate: string): string {
  // Per opening bracket: how many more opened than closed in the whole candidate.
  const unclosed = new Map<string, number>();
  const add = (opener: string, by: number) =>
    unclosed.set(opener, (unclosed.get(opener) ?? 0) + by);
  for (const char of candidate) {
    if (OPENERS.has(char)) add(char, 1);
    const opener = OPENER_OF.get(char);
    if (opener) add(opener, -1);
  }
  let end = candidate.length;
  while (end > 0) {
    const last = candidate.charAt(end - 1);
    const opener = OPENER_OF.get(last);
    if (TRAILING.has(last)) {
      end -= 1;
    } else if (opener && (unclosed.get(opener) ?? 0) < 0) {
      // More closers than openers: this one belongs to the sentence, e.g. "(see http://x)".
      add(opener, 1);
      end -= 1;
    } else {
      break;
    }
  }
  return candidate.slice(0, end);
}

/**
 * The href of a candidate, or undefined when it is a prefix with nothing real behind it (trimming
 * may also have eaten into the prefix: "mailto:" becomes "mailto").
 */
function hrefOf(text: string): string | undefined {
  const lower = text.toLowerCase();
  if (lower.startsWith('mailto:')) return MAILTO.test(text) ? text : undefined;
  if (lower.startsWith('www.')) return HOST.test(text) ? `https://${text}` : undefined;
  const scheme = lower.startsWith('https://') ? 'https://' : 'http://';
  if (!lower.startsWith(scheme)) return undefined;
  return HOST.test(text.slice(scheme.length)) ? text : undefined;
}

export function linkTokens(text: string): LinkToken[] {
  const tokens: LinkToken[] = [];
  let textStart = 0;
  LINK_START.lastIndex = 0;
  for (let match = LINK_START.exec(text); match; match = LINK_START.exec(text)) {
    const start = match.index;
    LINK_BODY.lastIndex = start + match[0].length;
    const bodyEnd = LINK_BODY.exec(text) ? LINK_BODY.lastIndex : start + match[0].length;
    const candidate = trimTrailing(text.slice(start, bodyEnd));
    const href = hrefOf(candidate);
    if (href === undefined) {
      LINK_START.lastIndex = start + 1;
      continue;
    }
    if (start > textStart) tokens.push({ kind: 'text', text: text.slice(textStart, start) });
    tokens.push({ kind: 'link', text: candidate, href });
    textStart = start + candidate.length;
    LINK_START.lastIndex = textStart;
  }
  if (textStart < text.length) tokens.push({ kind: 'text', text: text.slice(textStart) });
  return tokens;
}
