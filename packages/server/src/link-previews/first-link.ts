/** Longer links are not previewed (nor stored as a cache key): no real page needs more. */
const LINK_CHARS_MAX = 2048;

/**
 * Code the author quoted rather than linked: fenced blocks (``` or ~~~, to the closing fence or
 * the end of the text) and inline code spans. Close enough to Markdown for this purpose; the web
 * app's renderer is the one that must be exact.
 */
const CODE = /(^|\n)[ \t]*(`{3,}|~{3,})[\s\S]*?(\n[ \t]*\2|$)|`[^`\n]+`/g;
/** An http(s) URL as people write it in text: up to whitespace, quotes or angle brackets. */
const LINK = /\bhttps?:\/\/[^\s<>"'`]+/gi;
/** Punctuation that ends a sentence rather than the URL. */
const TRAILING_PUNCTUATION = /[.,;:!?*_~]+$/;

/**
 * The first http(s) link of a message's text outside code, normalised (`new URL(...).href`
 * without its `#fragment`), or undefined. The same text always gives the same link: it is what
 * a preview is made for, what the cache is keyed by, and what tells whether an edit changed it.
 */
export function firstLink(text: string): string | undefined {
  const prose = text.replace(CODE, ' ');
  for (const [match] of prose.matchAll(LINK)) {
    const candidate = trimEnd(match);
    if (candidate.length > LINK_CHARS_MAX || !URL.canParse(candidate)) continue;
    const url = new URL(candidate);
    if (url.hostname === '') continue;
    url.hash = '';
    return url.href;
  }
  return undefined;
}

/**
 * Drops what follows a URL in prose: sentence punctuation, and a closing parenthesis that has no
 * opening one in the URL (`(see https://a.example/x)`, Markdown's `[text](https://…)`), while
 * `https://en.wikipedia.org/wiki/Go_(game)` keeps its own.
 */
function trimEnd(url: string): string {
  let trimmed = url;
  for (;;) {
    const before = trimmed;
    trimmed = trimmed.replace(TRAILING_PUNCTUATION, '');
    const opens = trimmed.split('(').length - 1;
    const closes = trimmed.split(')').length - 1;
    if (trimmed.endsWith(')') && closes > opens) trimmed = trimmed.slice(0, -1);
    if (trimmed === before) return trimmed;
  }
}
