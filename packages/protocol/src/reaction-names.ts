// Reaction names without the payload's schema (reactions.ts): the SDK normalises what a person
// types before sending, without loading Zod.

/**
 * ➕ The short names a client may send instead of the emoji itself (`reaction:add` with
 * `emoji: "+1"`), as Slack and GitHub spell them. The server stores and answers the emoji.
 */
export const REACTION_SHORT_NAMES: Readonly<Record<string, string>> = {
  '+1': '👍',
  thumbsup: '👍',
  '-1': '👎',
  thumbsdown: '👎',
  heart: '❤️',
  laughing: '😆',
  joy: '😂',
  smile: '😄',
  open_mouth: '😮',
  cry: '😢',
  angry: '😠',
  tada: '🎉',
  fire: '🔥',
  eyes: '👀',
  rocket: '🚀',
  pray: '🙏',
  clap: '👏',
  thinking: '🤔',
  white_check_mark: '✅',
  x: '❌',
  '100': '💯',
  wave: '👋',
  ok_hand: '👌',
  raised_hands: '🙌',
};

// Built at run time: the `v` flag (Unicode sets, for RGI_Emoji) is newer than the ES2022 target
// TypeScript checks syntax against, though Node 20 and every browser the app supports have it.
const SINGLE_EMOJI = new RegExp('^\\p{RGI_Emoji}$', 'v');
const VARIATION_SELECTOR_16 = '\uFE0F';

/**
 * One emoji as the server stores it: a short name becomes its emoji, an emoji typed in its text
 * form (❤ without U+FE0F) takes its emoji form, and a needless U+FE0F is dropped, so every
 * spelling of one emoji is one reaction.
 * Undefined when the text is neither one emoji grapheme nor a known short name.
 */
export function normalizeReactionEmoji(text: string): string | undefined {
  const named = REACTION_SHORT_NAMES[text.replace(/^:|:$/g, '')];
  if (named) return named;
  if (SINGLE_EMOJI.test(text)) return text;
  // Some keyboards add U+FE0F to emoji that need none (👍 + FE0F): the same reaction as 👍.
  const bare = text.endsWith(VARIATION_SELECTOR_16) ? text.slice(0, -1) : undefined;
  if (bare !== undefined && SINGLE_EMOJI.test(bare)) return bare;
  const emojiForm = text + VARIATION_SELECTOR_16;
  return SINGLE_EMOJI.test(emojiForm) ? emojiForm : undefined;
}
