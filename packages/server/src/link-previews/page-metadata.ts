import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DecodeStream } from 'encoding-sniffer';
import type { Handler } from 'htmlparser2';
import { Parser } from 'htmlparser2';

/** What a page says about itself, cleaned and trimmed: the text of a preview card. */
export interface PageMetadata {
  title?: string;
  description?: string;
  siteName?: string;
  /** Absolute http(s) URL of the page's image (not fetched yet). */
  imageUrl?: string;
}

export const TITLE_CHARS_MAX = 200;
export const DESCRIPTION_CHARS_MAX = 500;
const SITE_NAME_CHARS_MAX = 100;

/** Each field's sources, best first: Open Graph, then Twitter's cards, then plain HTML. */
const SOURCES = {
  title: ['og:title', 'twitter:title', '<title>'],
  description: ['og:description', 'twitter:description', 'description'],
  siteName: ['og:site_name'],
  image: ['og:image:secure_url', 'og:image', 'og:image:url', 'twitter:image', 'twitter:image:src'],
} as const;

/**
 * Reads a page's metadata from its HTML as it arrives: the bytes are decoded in the page's
 * charset (the `Content-Type` header's, else a BOM or `<meta charset>` in the first 1024 bytes,
 * else windows-1252: the HTML standard's sniffing, by encoding-sniffer), parsed by htmlparser2
 * (entities decoded), and reading stops at `</head>` or `<body>`: the rest of the page is never
 * downloaded. `pageUrl` (after redirects) resolves a relative image URL.
 */
export async function readPageMetadata(
  body: AsyncIterable<Buffer>,
  charset: string | undefined,
  pageUrl: URL,
): Promise<PageMetadata> {
  const head = new HeadCollector();
  const parser = new Parser(head, { decodeEntities: true });
  try {
    await pipeline(
      // One chunk at a time: nothing is read ahead of the parser once the head is over.
      Readable.from(body, { highWaterMark: 1 }),
      new DecodeStream(charset ? { transportLayerEncodingLabel: charset } : {}),
      async (texts: AsyncIterable<string>) => {
        for await (const text of texts) {
          parser.write(text);
          if (head.done) return;
        }
        parser.end();
      },
    );
  } catch (error) {
    // Leaving early (the head is over) aborts the rest of the pipeline: that is the point.
    if (!head.done) throw error;
  }
  return head.metadata(pageUrl);
}

/** The `charset` parameter of a `Content-Type` header, if any. */
export function charsetOf(contentType: string | undefined): string | undefined {
  return /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '')?.[1];
}

/** htmlparser2's handler: collects the title and the `<meta>` tags of the head. */
class HeadCollector implements Partial<Handler> {
  /** The first value of each meta name or property (lower-cased), and `<title>`. */
  private readonly found = new Map<string, string>();
  private title: string | undefined;
  done = false;

  onopentag(name: string, attributes: Record<string, string>): void {
    // The rest of a chunk is still parsed after the head ends: none of it counts.
    if (this.done) return;
    if (name === 'body') this.done = true;
    else if (name === 'title' && this.title === undefined && !this.found.has('<title>')) {
      this.title = '';
    } else if (name === 'meta') {
      const key = (attributes.property ?? attributes.name ?? '').trim().toLowerCase();
      const content = attributes.content;
      if (key && content !== undefined && !this.found.has(key)) this.found.set(key, content);
    }
  }

  ontext(text: string): void {
    if (this.title !== undefined && !this.done) this.title += text;
  }

  onclosetag(name: string): void {
    if (this.done) return;
    if (name === 'title' && this.title !== undefined) {
      this.found.set('<title>', this.title);
      this.title = undefined;
    } else if (name === 'head') {
      this.done = true;
    }
  }

  metadata(pageUrl: URL): PageMetadata {
    const first = (keys: readonly string[], max: number) =>
      keys.map((key) => cleanText(this.found.get(key) ?? '', max)).find((text) => text !== '');
    const metadata: PageMetadata = {};
    const title = first(SOURCES.title, TITLE_CHARS_MAX);
    const description = first(SOURCES.description, DESCRIPTION_CHARS_MAX);
    const siteName = first(SOURCES.siteName, SITE_NAME_CHARS_MAX);
    const imageUrl = SOURCES.image
      .map((key) => absoluteHttpUrl(this.found.get(key), pageUrl))
      .find((url) => url !== undefined);
    if (title) metadata.title = title;
    if (description) metadata.description = description;
    if (siteName) metadata.siteName = siteName;
    if (imageUrl) metadata.imageUrl = imageUrl;
    return metadata;
  }
}

/** An image URL as written on the page, made absolute; undefined unless it is http(s). */
function absoluteHttpUrl(written: string | undefined, pageUrl: URL): string | undefined {
  const trimmed = written?.trim();
  if (!trimmed || !URL.canParse(trimmed, pageUrl.href)) return undefined;
  const url = new URL(trimmed, pageUrl);
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
}

/**
 * Control characters (C0 and C1, whitespace aside), bidirectional marks, overrides
 * and isolates (which could make a title read backwards into the text around it), and invisible
 * zero-widths. The zero-width joiners stay: emoji sequences and some scripts need them.
 */
const INVISIBLE =
  /(?![\t\n\v\f\r])\p{Cc}|[\u061C\u200B\u200E\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/gu;
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Text fit for a card: invisible and control characters removed, whitespace runs made one space,
 * at most `max` characters (graphemes, so no emoji or accent is cut in two), `…` marking a cut.
 */
export function cleanText(text: string, max: number): string {
  const clean = text.replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  const kept: string[] = [];
  for (const { segment } of graphemes.segment(clean)) {
    if (kept.length === max)
      return `${kept
        .slice(0, max - 1)
        .join('')
        .trimEnd()}…`;
    kept.push(segment);
  }
  return clean;
}
