/**
 * @natter/client/rich-text: a message's Markdown subset as a tree of safe nodes, and one renderer
 * for React and Preact (docs/protocol.md, *Rich text*). A subpath of its own, so the parser is
 * bundled only where message text is shown.
 */
export { parseRichText } from './parse-rich-text.js';
export { richTextSummary } from './rich-text-summary.js';
export { renderRichText } from './render-rich-text.js';
export type { CreateElement, MentionKind, RichTextRendering } from './render-rich-text.js';
export { safeHref } from './safe-href.js';
export type {
  RichBlock,
  RichInline,
  RichLink,
  RichListItem,
  RichMention,
  RichNode,
  RichText,
} from './rich-text-node.js';
export { mentionKinds } from './mention-kind.js';
