import { Lexer, Tokenizer } from 'marked';
import type { Links, Token } from 'marked';

/**
 * How deep containers may nest (quotes, lists, emphasis, strikethrough, link text, counted
 * together). marked descends into each by recursion, so 10,000 characters of `>` or `- ` would
 * otherwise exhaust the stack; past the bound the marker is read as text. Chat needs a few levels.
 */
export const MAX_NESTING = 12;

/**
 * marked's tokenizer cut down to chat's subset. A construct we do not render is switched off by
 * answering "not here" (`undefined`), so marked reads its characters as text and they show as
 * typed: headings (`# x`, setext underlines), thematic breaks, tables, link reference
 * definitions, indented code (a chat line starting with spaces is not code; fences are) and raw
 * HTML, block and inline (`<b>` is text). The URL of a bare `www.` link gets https, not http.
 */
class ChatTokenizer extends Tokenizer {
  private depth = 0;

  override heading(): undefined {}
  override lheading(): undefined {}
  override hr(): undefined {}
  override table(): undefined {}
  override def(): undefined {}
  override code(): undefined {}
  override html(): undefined {}
  override tag(): undefined {}

  override blockquote(src: string) {
    return this.nested(() => super.blockquote(src));
  }
  override list(src: string) {
    return this.nested(() => super.list(src));
  }
  override emStrong(src: string, maskedSrc: string, prevChar?: string) {
    return this.nested(() => super.emStrong(src, maskedSrc, prevChar));
  }
  override del(src: string, maskedSrc: string, prevChar?: string) {
    return this.nested(() => super.del(src, maskedSrc, prevChar));
  }
  override link(src: string) {
    return this.nested(() => super.link(src));
  }
  override reflink(src: string, links: Links) {
    return this.nested(() => super.reflink(src, links));
  }

  override url(src: string) {
    const link = super.url(src);
    if (link && /^www\./iu.test(link.text)) link.href = `https://${link.text}`;
    return link;
  }

  /** Runs a container's tokenizer one level down, or refuses it at the bound. */
  private nested<T>(tokenize: () => T): T | undefined {
    if (this.depth >= MAX_NESTING) return undefined;
    this.depth += 1;
    try {
      return tokenize();
    } finally {
      this.depth -= 1;
    }
  }
}

/**
 * marked's tokens for a message (GitHub-flavoured: strikethrough and bare links; a single newline
 * is a line break, as typed in a chat). Only the lexer is used, never marked's HTML renderer.
 */
export function lexMarkdown(text: string): Token[] {
  return new Lexer({ gfm: true, breaks: true, tokenizer: new ChatTokenizer() }).lex(text);
}
