import { parseRichText } from './parse-rich-text.js';
import { isBlock } from './rich-text-node.js';
import type { RichNode } from './rich-text-node.js';

/**
 * A message's text on one line, without its Markdown: what one-line previews show (the rooms
 * list, reply quotes, screen reader announcements). Link text stays, its address goes; line
 * breaks and blocks become spaces.
 */
export function richTextSummary(content: string): string {
  return plainText(parseRichText(content)).replace(/\s+/gu, ' ').trim();
}

function plainText(nodes: readonly RichNode[]): string {
  return nodes.map((node) => (isBlock(node) ? ` ${textOf(node)} ` : textOf(node))).join('');
}

function textOf(node: RichNode): string {
  switch (node.type) {
    case 'text':
    case 'code':
    case 'codeBlock':
    case 'mention':
      return node.text;
    case 'lineBreak':
      return ' ';
    default:
      return plainText(node.children);
  }
}
