/** The one file of `unicode-emoji-json` the emoji picker reads (its own types cover the others). */
declare module 'unicode-emoji-json/data-by-group.json' {
  const groups: {
    name: string;
    slug: string;
    emojis: { emoji: string; name: string; emoji_version: string; skin_tone_support: boolean }[];
  }[];
  export default groups;
}
