import { LIMITS } from '@natter/protocol';
import type { MarkedToken, Token } from 'marked';
import { lexMarkdown } from './markdown-lexer.js';
import { textWithMentions } from './mention-text.js';
import { isBlock } from './rich-text-node.js';
import type { RichInline, RichNode } from './rich-text-node.js';
import { safeHref } from './safe-href.js';

/**
 * A message's text as rich-text nodes: chat's Markdown subset (docs/protocol.md, *Rich text*),
 * read by marked's lexer and mapped onto our closed node types. Whatever the mapping does not
 * know shows as the characters that were typed; a link to anything but http(s) or mailto stays
 * text; character references (`&amp;`) are not decoded. Newlines are kept as typed (chat, not
 * documents): each one between two lines of text is a `lineBreak`, and a blank line is two.
 *
 * Text longer than a message may be (a misbehaving server) is not parsed: it shows as plain lines.
 */
export function parseRichText(content: string): RichNode[] {
  if (content.length > LIMITS.messageContentMax) return plainLines(content);
  return blockNodes(lexMarkdown(content));
}

function plainLines(content: string): RichNode[] {
  return content
    .split('\n')
    .flatMap((line, index): RichNode[] => [
      ...(index > 0 ? [LINE_BREAK] : []),
      { type: 'text', text: line },
    ]);
}

const LINE_BREAK: RichInline = { type: 'lineBreak' };

/**
 * Block tokens in order, with the newlines typed between them as line breaks: a block (quote,
 * list, code) already ends its line, so after one a newline less is needed.
 */
function blockNodes(tokens: readonly Token[]): RichNode[] {
  const nodes: RichNode[] = [];
  let newlines = 0;
  for (const token of tokens) {
    if (token.type === 'space') {
      newlines += countNewlines(token.raw);
      continue;
    }
    const converted = blockToken(token);
    const previous = nodes.at(-1);
    if (previous && converted.length > 0) {
      const breaks = isBlock(previous) ? newlines - 1 : newlines;
      for (let i = 0; i < breaks; i += 1) nodes.push(LINE_BREAK);
    }
    nodes.push(...converted);
    newlines = countNewlines(/\n*$/u.exec(token.raw)?.[0] ?? '');
  }
  return nodes;
}

function blockToken(token: Token): RichNode[] {
  const known = token as MarkedToken;
  switch (known.type) {
    case 'paragraph':
      return inlineNodes(known.tokens, { inLink: false });
    case 'text':
      // A tight list item's text: its inline tokens, or (without them) the characters typed.
      return known.tokens
        ? inlineNodes(known.tokens, { inLink: false })
        : textWithMentions(known.raw.replace(/\n+$/u, ''));
    case 'code':
      return [{ type: 'codeBlock', text: known.text }];
    case 'blockquote':
      return [{ type: 'quote', children: blockNodes(known.tokens) }];
    case 'list':
      return [
        {
          type: 'list',
          ordered: known.ordered,
          start: typeof known.start === 'number' ? known.start : 1,
          children: known.items.map((item) => ({
            type: 'listItem',
            children: blockNodes(item.tokens),
          })),
        },
      ];
    default:
      // A task list's "[ ] " and anything outside the subset: the characters as typed.
      return [{ type: 'text', text: token.raw.replace(/\n+$/u, '') }];
  }
}

interface InlineContext {
  /** Inside a link's text: no mention (a link is one thing to click) and no further link. */
  inLink: boolean;
}

/**
 * Inline tokens as nodes. Adjacent text is joined before mentions are found in it, because
 * marked cuts text at characters that might start something (`@`, `_`, `~`).
 */
function inlineNodes(tokens: readonly Token[], context: InlineContext): RichInline[] {
  const nodes: RichInline[] = [];
  let text = '';
  const flushText = () => {
    if (text === '') return;
    nodes.push(...(context.inLink ? [{ type: 'text', text } as const] : textWithMentions(text)));
    text = '';
  };
  for (const token of tokens) {
    const converted = inlineToken(token, context);
    if (typeof converted === 'string') {
      text += converted;
    } else {
      flushText();
      nodes.push(...converted);
    }
  }
  flushText();
  return nodes;
}

/** A token as nodes, or as plain text to join with its neighbours. */
function inlineToken(token: Token, context: InlineContext): RichInline[] | string {
  const known = token as MarkedToken;
  switch (known.type) {
    case 'text':
      // `raw`, not `text`: marked decodes numeric character references (`&#106;` to "j") but not
      // named ones; a chat shows what was typed.
      return known.tokens ? inlineNodes(known.tokens, context) : known.raw;
    case 'escape':
      return known.text;
    case 'strong':
      return [{ type: 'strong', children: inlineNodes(known.tokens, context) }];
    case 'em':
      return [{ type: 'emphasis', children: inlineNodes(known.tokens, context) }];
    case 'del':
      return [{ type: 'strike', children: inlineNodes(known.tokens, context) }];
    case 'codespan':
      return [{ type: 'code', text: known.text }];
    case 'br':
      return [LINE_BREAK];
    case 'link':
    case 'image': {
      const href = context.inLink ? undefined : safeHref(known.href);
      if (href === undefined) return known.raw;
      const link: RichInline = {
        type: 'link',
        href,
        children: inlineNodes(known.tokens, { inLink: true }),
      };
      // An image is never loaded: it shows as the "!" typed and a link to it.
      return known.type === 'image' ? [{ type: 'text', text: '!' }, link] : [link];
    }
    default:
      return token.raw;
  }
}

function countNewlines(text: string): number {
  return text.split('\n').length - 1;
}
