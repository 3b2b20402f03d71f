/**
 * The typing line under a conversation: one or two names are spelled out, more become
 * "Several people" so the line never wraps. Empty when nobody types.
 */
export function typingPhrase(names: readonly string[]): string {
  const [first, second] = names;
  if (first === undefined) return '';
  if (second === undefined) return `${first} is typing…`;
  if (names.length === 2) return `${first} and ${second} are typing…`;
  return 'Several people are typing…';
}
