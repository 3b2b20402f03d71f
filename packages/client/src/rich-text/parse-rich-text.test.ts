import { LIMITS } from '@natter/protocol';
import { describe, expect, it } from 'vitest';
import { MAX_NESTING } from './markdown-lexer.js';
import { parseRichText } from './parse-rich-text.js';
import type { RichInline, RichNode } from './rich-text-node.js';

const text = (value: string): RichInline => ({ type: 'text', text: value });
const br: RichInline = { type: 'lineBreak' };
const link = (href: string, label: string): RichInline => ({
  type: 'link',
  href,
  children: [text(label)],
});
const mention = (written: string): RichInline => ({
  type: 'mention',
  username: written.slice(1).toLowerCase(),
  text: written,
});

/** Every node of a tree, depth first. */
function* walk(nodes: readonly RichNode[]): Generator<RichNode> {
  for (const node of nodes) {
    yield node;
    if ('children' in node) yield* walk(node.children);
  }
}

function depthOf(nodes: readonly RichNode[]): number {
  return Math.max(0, ...nodes.map((node) => ('children' in node ? 1 + depthOf(node.children) : 1)));
}

describe('parseRichText', () => {
  it('reads each inline construct of the subset', () => {
    expect(parseRichText('**bold** *italic* _italic_ ~~gone~~ `x < y`')).toEqual([
      { type: 'strong', children: [text('bold')] },
      text(' '),
      { type: 'emphasis', children: [text('italic')] },
      text(' '),
      { type: 'emphasis', children: [text('italic')] },
      text(' '),
      { type: 'strike', children: [text('gone')] },
      text(' '),
      { type: 'code', text: 'x < y' },
    ]);
  });

  it('nests inline constructs', () => {
    expect(parseRichText('**bold *and italic* ~~and struck~~**')).toEqual([
      {
        type: 'strong',
        children: [
          text('bold '),
          { type: 'emphasis', children: [text('and italic')] },
          text(' '),
          { type: 'strike', children: [text('and struck')] },
        ],
      },
    ]);
    expect(parseRichText('[**bold** link](https://example.com)')).toEqual([
      {
        type: 'link',
        href: 'https://example.com/',
        children: [{ type: 'strong', children: [text('bold')] }, text(' link')],
      },
    ]);
  });

  it('links Markdown links and bare URLs (www. as https), and emails as mailto', () => {
    expect(parseRichText('[docs](https://example.com/docs "Title")')).toEqual([
      link('https://example.com/docs', 'docs'),
    ]);
    expect(parseRichText('see http://a.example/x, www.b.example. or <https://c.example>')).toEqual([
      text('see '),
      link('http://a.example/x', 'http://a.example/x'),
      text(', '),
      link('https://www.b.example/', 'www.b.example'),
      text('. or '),
      link('https://c.example/', 'https://c.example'),
    ]);
    expect(parseRichText('write to bob@example.com')).toEqual([
      text('write to '),
      link('mailto:bob@example.com', 'bob@example.com'),
    ]);
    const wiki = 'https://en.wikipedia.org/wiki/Pascal_(programming_language)';
    expect(parseRichText(`(${wiki})`)).toEqual([text('('), link(wiki, wiki), text(')')]);
  });

  it('keeps a link to anything but http(s) and mailto as the text that was typed', () => {
    for (const typed of [
      '[x](javascript:alert(1))',
      '[x](JaVaScRiPt:alert(1))',
      '[x](<javascript:alert(1)>)',
      '[x](&#106;avascript:alert(1))',
      '[x](data:text/html,<script>alert(1)</script>)',
      '[x](vbscript:msgbox(1))',
      '[x](//evil.example)',
      '[x](/relative)',
      '<javascript:alert(1)>',
    ]) {
      const nodes = parseRichText(typed);
      expect([...walk(nodes)].filter((node) => node.type === 'link')).toEqual([]);
      expect(nodes).toEqual([text(typed)]);
    }
  });

  it('never loads an image: it shows as the "!" typed and a link to the picture', () => {
    expect(parseRichText('![cat](https://example.com/cat.png)')).toEqual([
      text('!'),
      link('https://example.com/cat.png', 'cat'),
    ]);
    expect(parseRichText('![x](javascript:alert(1))')).toEqual([text('![x](javascript:alert(1))')]);
  });

  it('reads fenced code blocks verbatim, Markdown and HTML inside included', () => {
    expect(parseRichText('```ts\nconst a = **1** < 2; // @alice\n<b>x</b>\n```')).toEqual([
      { type: 'codeBlock', text: 'const a = **1** < 2; // @alice\n<b>x</b>' },
    ]);
  });

  it('reads quotes and lists, nested', () => {
    expect(parseRichText('> said\n> > before')).toEqual([
      {
        type: 'quote',
        children: [text('said'), br, { type: 'quote', children: [text('before')] }],
      },
    ]);
    expect(parseRichText('- one\n- two\n  1. a\n  2. b')).toEqual([
      {
        type: 'list',
        ordered: false,
        start: 1,
        children: [
          { type: 'listItem', children: [text('one')] },
          {
            type: 'listItem',
            children: [
              text('two'),
              // Harmless: a break at the end of a line that a block follows adds no line.
              br,
              {
                type: 'list',
                ordered: true,
                start: 1,
                children: [
                  { type: 'listItem', children: [text('a')] },
                  { type: 'listItem', children: [text('b')] },
                ],
              },
            ],
          },
        ],
      },
    ]);
    expect(parseRichText('3. three\n4. four')).toMatchObject([{ type: 'list', start: 3 }]);
  });

  it('keeps line breaks as typed: one newline is a break, a blank line two', () => {
    expect(parseRichText('one\ntwo\n\nthree\n\n\nfour')).toEqual([
      text('one'),
      br,
      text('two'),
      br,
      br,
      text('three'),
      br,
      br,
      br,
      text('four'),
    ]);
    // A block ends its own line: a newline after one is not a break, a blank line is.
    expect(parseRichText('before\n> quoted\n\nafter')).toEqual([
      text('before'),
      br,
      { type: 'quote', children: [text('quoted')] },
      br,
      text('after'),
    ]);
    expect(parseRichText('```\ncode\n```\nafter')).toEqual([
      { type: 'codeBlock', text: 'code' },
      text('after'),
    ]);
  });

  it.each([
    ['a heading', '# not a heading'],
    ['a setext heading', 'not\n==='],
    ['a thematic break', '---'],
    ['a table', '| a | b |\n|---|---|\n| 1 | 2 |'],
    ['a link definition', '[ref]: https://example.com'],
    ['indented code', '    not code'],
    ['an HTML block', '<div onclick="alert(1)">'],
    ['inline HTML', '<img src=x onerror=alert(1)>'],
    ['a script', '<script>alert(1)</script>'],
  ])('shows %s as the text typed', (_, typed) => {
    const plain = [...walk(parseRichText(typed))]
      .map((node) => ('text' in node ? node.text : node.type === 'lineBreak' ? '\n' : ''))
      .join('');
    expect(plain.replace(/\s+/gu, ' ').trim()).toBe(typed.replace(/\s+/gu, ' ').trim());
  });

  it('shows a task box as the text typed', () => {
    expect(parseRichText('- [ ] task')).toEqual([
      {
        type: 'list',
        ordered: false,
        start: 1,
        children: [{ type: 'listItem', children: [text('[ ] '), text('task')] }],
      },
    ]);
  });

  it('finds mentions in text and emphasis, not in code or links', () => {
    expect(parseRichText('hi @alice, **@Bob** and `@carol` [@dave](https://example.com)')).toEqual([
      text('hi '),
      mention('@alice'),
      text(', '),
      { type: 'strong', children: [mention('@Bob')] },
      text(' and '),
      { type: 'code', text: '@carol' },
      text(' '),
      link('https://example.com/', '@dave'),
    ]);
    expect(parseRichText('```\n@erin\n```')).toEqual([{ type: 'codeBlock', text: '@erin' }]);
  });

  it('reads mentions as the protocol does: not in emails, a full stop is no part of a name', () => {
    expect(parseRichText('ask @alice. or @bo, or @all_staff-')).toEqual([
      text('ask '),
      mention('@alice'),
      text('. or @bo, or '),
      mention('@all_staff'),
      text('-'),
    ]);
    expect([...walk(parseRichText('me@alice.example'))].map((node) => node.type)).not.toContain(
      'mention',
    );
  });

  it('shows character references as typed, never decoded', () => {
    expect(parseRichText('&#106;avascript:x &amp; **&lt;b&gt;** `&#106;`')).toEqual([
      text('&#106;avascript:x &amp; '),
      { type: 'strong', children: [text('&lt;b&gt;')] },
      text(' '),
      { type: 'code', text: '&#106;' },
    ]);
  });

  it('parses an edit afresh: the tree follows the text', () => {
    expect(parseRichText('**draft**')).toEqual([{ type: 'strong', children: [text('draft')] }]);
    expect(parseRichText('~~draft~~ final')).toEqual([
      { type: 'strike', children: [text('draft')] },
      text(' final'),
    ]);
  });

  it.each([
    ['quotes', '>'.repeat(LIMITS.messageContentMax)],
    ['spaced quotes', '> '.repeat(LIMITS.messageContentMax / 2)],
    ['list markers', '- '.repeat(LIMITS.messageContentMax / 2)],
    ['plus markers', '+ '.repeat(LIMITS.messageContentMax / 2)],
    ['ordered markers', '1. '.repeat(LIMITS.messageContentMax / 3)],
    ['quoted lists', '> - '.repeat(LIMITS.messageContentMax / 4)],
    ['stars', '*'.repeat(LIMITS.messageContentMax)],
    ['starred words', '*a'.repeat(LIMITS.messageContentMax / 2)],
    ['strong runs', '**a'.repeat(LIMITS.messageContentMax / 3)],
    ['nested emphasis', `${'*_'.repeat(2_499)}a${'_*'.repeat(2_499)}`],
    ['tildes', '~~a'.repeat(LIMITS.messageContentMax / 3)],
    ['brackets', '['.repeat(LIMITS.messageContentMax)],
    ['nested links', `${'['.repeat(450)}a${'](https://a.example)'.repeat(450)}`],
    ['open links', '[a]('.repeat(LIMITS.messageContentMax / 4)],
    ['backticks', '`'.repeat(LIMITS.messageContentMax)],
    ['angle brackets', '<'.repeat(LIMITS.messageContentMax)],
    ['fences', '```\n'.repeat(LIMITS.messageContentMax / 4)],
    ['spaces', `${' '.repeat(LIMITS.messageContentMax - 1)}x`],
    ['mentions', '@abc'.repeat(LIMITS.messageContentMax / 4)],
    ['indented lists', Array.from({ length: 95 }, (_, i) => `${' '.repeat(i * 2)}- x`).join('\n')],
  ])(
    'reads 10,000 characters of %s without a deep tree',
    (_, hostile) => {
      expect(hostile.length).toBeLessThanOrEqual(LIMITS.messageContentMax);
      const nodes = parseRichText(hostile);
      // Each nesting level is at most two of our nodes (a list and its item).
      expect(depthOf(nodes)).toBeLessThanOrEqual(2 * MAX_NESTING + 2);
    },
    // Each takes well under half a second here; the bound catches a parser gone quadratic or
    // worse (micromark took 388 s on nested lists) without failing on a busy machine.
    20_000,
  );

  it('shows text longer than a message may be as plain lines, unparsed', () => {
    const long = `**${'a'.repeat(LIMITS.messageContentMax)}**\nb`;
    expect(parseRichText(long)).toEqual([
      text(`**${'a'.repeat(LIMITS.messageContentMax)}**`),
      br,
      text('b'),
    ]);
  });
});
