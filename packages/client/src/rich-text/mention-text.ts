import { MENTION_PATTERN } from '@natter/protocol';
import type { RichInline } from './rich-text-node.js';

/**
 * Text split into plain runs and `@username` mentions, by the protocol's `MENTION_PATTERN` (the
 * rule the server resolves mentions with). As there, dots and dashes that end a name end the
 * sentence instead, and stay text.
 */
export function textWithMentions(text: string): RichInline[] {
  const nodes: RichInline[] = [];
  let start = 0;
  for (const match of text.matchAll(MENTION_PATTERN)) {
    const name = (match[1] ?? '').replace(/[.-]+$/u, '');
    if (name.length < 3) continue;
    if (match.index > start) nodes.push({ type: 'text', text: text.slice(start, match.index) });
    nodes.push({ type: 'mention', username: name.toLowerCase(), text: `@${name}` });
    start = match.index + 1 + name.length;
  }
  if (start < text.length) nodes.push({ type: 'text', text: text.slice(start) });
  return nodes;
}
