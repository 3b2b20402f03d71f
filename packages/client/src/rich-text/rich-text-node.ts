/**
 * A message's text as a tree of our own closed node types: the only shape renderers see. The
 * parser's tokens never reach a UI, so whatever a Markdown parser adds later cannot render unless
 * it is mapped here; and a node can only carry what is safe to show (a link's `href` has passed
 * `safeHref`, everything else is text).
 */
export type RichNode = RichInline | RichBlock;

/** What flows within a line. */
export type RichInline =
  | RichText
  | { type: 'strong'; children: RichInline[] }
  | { type: 'emphasis'; children: RichInline[] }
  | { type: 'strike'; children: RichInline[] }
  | { type: 'code'; text: string }
  | RichLink
  | RichMention
  | { type: 'lineBreak' };

export interface RichText {
  type: 'text';
  text: string;
}

/** A link whose `href` is http(s) or mailto (see safe-href.ts). Its text holds no link or mention. */
export interface RichLink {
  type: 'link';
  href: string;
  children: RichInline[];
}

/**
 * `@username` as written (`text`) and the name it spells (`username`, lower-cased, as the server
 * resolves it). Only the message's `mentions` say whether it mentions anyone: a renderer shows an
 * unresolved one as plain text.
 */
export interface RichMention {
  type: 'mention';
  username: string;
  text: string;
}

/** What takes lines of its own. */
export type RichBlock =
  | { type: 'codeBlock'; text: string }
  | { type: 'quote'; children: RichNode[] }
  | { type: 'list'; ordered: boolean; start: number; children: RichListItem[] }
  | RichListItem;

export interface RichListItem {
  type: 'listItem';
  children: RichNode[];
}

const BLOCK_TYPES: ReadonlySet<RichNode['type']> = new Set([
  'codeBlock',
  'quote',
  'list',
  'listItem',
]);

export function isBlock(node: RichNode): node is RichBlock {
  return BLOCK_TYPES.has(node.type);
}
