import { describe, expect, it } from 'vitest';
import { charsetOf, cleanText, readPageMetadata } from './page-metadata.js';

const PAGE_URL = new URL('https://news.example/articles/1');

/** The page's bytes as a body arriving in chunks; counts the chunks taken. */
function body(chunks: (string | Buffer)[]) {
  const taken = { count: 0 };
  async function* iterate() {
    for (const chunk of chunks) {
      taken.count += 1;
      yield typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    }
  }
  return { iterate, taken };
}

const read = (html: string | Buffer, charset?: string) =>
  readPageMetadata(body([html]).iterate(), charset, PAGE_URL);

describe('readPageMetadata', () => {
  it('prefers Open Graph, resolves the image against the page and decodes entities', async () => {
    const metadata = await read(`<!doctype html><html><head>
      <title>Plain title</title>
      <meta property="og:title" content="Caf&eacute; &amp; co &#x1F600;">
      <meta property="og:description" content="An &quot;open&quot; graph">
      <meta name="description" content="plain description">
      <meta property="og:site_name" content="News Example">
      <meta property="og:image" content="/img/cover.png">
      </head><body></body></html>`);
    expect(metadata).toEqual({
      title: 'Café & co 😀',
      description: 'An "open" graph',
      siteName: 'News Example',
      imageUrl: 'https://news.example/img/cover.png',
    });
  });

  it('falls back to Twitter cards, then to <title> and the description meta', async () => {
    expect(
      await read(`<head><meta name="twitter:title" content="Tweet title">
        <meta name="twitter:image" content="https://cdn.example/t.jpg"><title>T</title></head>`),
    ).toEqual({ title: 'Tweet title', imageUrl: 'https://cdn.example/t.jpg' });
    expect(
      await read(`<head><TITLE>  Only
        a   title </TITLE><META NAME="Description" CONTENT="Described"></head>`),
    ).toEqual({ title: 'Only a title', description: 'Described' });
  });

  it('gives nothing for a page without metadata, and ignores non-http images', async () => {
    expect(await read('<html><head></head><body><h1>Hi</h1></body></html>')).toEqual({});
    expect(await read('<meta property="og:image" content="javascript:alert(1)">')).toEqual({});
    expect(await read('<meta property="og:image" content="data:image/png;base64,AAAA">')).toEqual(
      {},
    );
  });

  it('reads metadata only from the head: a title in the body is not the page title', async () => {
    expect(await read('<head></head><body><title>Not me</title></body>')).toEqual({});
  });

  it('stops reading at the end of the head', async () => {
    const head = '<head><title>Early</title></head>';
    const { iterate, taken } = body([head, ...Array.from({ length: 100 }, () => 'x'.repeat(2000))]);
    expect(await readPageMetadata(iterate(), 'utf-8', PAGE_URL)).toEqual({ title: 'Early' });
    // Streams buffer a little ahead (a few 16 KiB buffers), not the 200 KB that follow.
    expect(taken.count * 2000).toBeLessThan(64 * 1024);
  });

  it('decodes the charset of the header, else of <meta charset>, else windows-1252', async () => {
    const latin1 = Buffer.from('<title>Caf\u00e9 cr\u00e8me</title>', 'latin1');
    expect(await read(latin1, 'iso-8859-1')).toEqual({ title: 'Café crème' });
    expect(await read(latin1)).toEqual({ title: 'Café crème' });
    const shiftJis = Buffer.concat([
      Buffer.from('<meta charset="shift_jis"><title>'),
      Buffer.from([0x93, 0xfa, 0x96, 0x7b]), // 日本
      Buffer.from('</title>'),
    ]);
    expect(await read(shiftJis)).toEqual({ title: '日本' });
    expect(await read(Buffer.from('<title>日本</title>'), 'utf-8')).toEqual({ title: '日本' });
  });

  it('trims long texts and strips control and bidi characters', async () => {
    const metadata = await read(
      `<title>${'a'.repeat(300)}</title><meta name="description" content="ok\u202Egnp.exe\u0007 ${'b'.repeat(600)}">`,
      'utf-8',
    );
    expect(metadata.title).toBe(`${'a'.repeat(199)}…`);
    expect(metadata.description).toMatch(/^okgnp\.exe b+…$/);
    expect(metadata.description).toHaveLength(500);
  });
});

describe('cleanText', () => {
  it('never cuts a grapheme in two', () => {
    expect(cleanText('👩‍👩‍👧‍👦👩‍👩‍👧‍👦👩‍👩‍👧‍👦', 2)).toBe('👩‍👩‍👧‍👦…');
    expect(cleanText('e\u0301e\u0301e\u0301', 3)).toBe('e\u0301e\u0301e\u0301');
  });
});

describe('charsetOf', () => {
  it('reads the charset parameter of a Content-Type', () => {
    expect(charsetOf('text/html; charset=ISO-8859-1')).toBe('ISO-8859-1');
    expect(charsetOf('text/html;charset="utf-8"')).toBe('utf-8');
    expect(charsetOf('text/html')).toBeUndefined();
    expect(charsetOf(undefined)).toBeUndefined();
  });
});
