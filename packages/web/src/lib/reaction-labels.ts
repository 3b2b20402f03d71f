import type { Reaction } from '@natter/protocol';

/** Names listed before "and N others" in a reaction's tooltip. */
const NAMED = 2;

/**
 * A reaction chip's accessible name: what it shows, then how many reacted and whether the user
 * did ("👍 3: React with 👍, 3 people, including you"; starting with the visible "👍 3", as WCAG
 * 2.5.3 asks). `aria-pressed` tells whether pressing takes the user's own back.
 */
export function reactionChipLabel(reaction: Reaction, me: string): string {
  const { emoji, count } = reaction;
  const people = count === 1 ? '1 person' : `${count} people`;
  const mine = reaction.userIds.includes(me);
  const who = mine && count === 1 ? 'only you' : `${people}${mine ? ', including you' : ''}`;
  return `${emoji} ${count}: React with ${emoji}, ${who}`;
}

/**
 * Who reacted, in words: "You, Alice and Bob reacted with 👍", or past three people the first two
 * and a count ("Alice, Bob and 3 others reacted with 👍"). The user comes first, as "You"; names
 * not known yet read "Someone".
 */
export function whoReacted(
  reaction: Reaction,
  me: string,
  nameOf: (userId: string) => string | undefined,
): string {
  const mine = reaction.userIds.includes(me);
  const others = reaction.userIds.filter((id) => id !== me).map((id) => nameOf(id) ?? 'Someone');
  const names = mine ? ['You', ...others] : others;
  const listed = names.length > NAMED + 1 ? names.slice(0, NAMED) : names;
  const rest = names.length - listed.length;
  const tail = rest > 0 ? [`${rest} ${rest === 1 ? 'other' : 'others'}`] : [];
  return `${joinNames([...listed, ...tail])} reacted with ${reaction.emoji}`;
}

function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}
