import type { Room, RoomMention, User } from '@natter/protocol';
import { LIMITS } from '@natter/protocol';
import { foldForSearch } from './room-filter.js';

/** One suggestion of the composer's `@` list: a member, or a word that calls the whole group. */
export type MentionSuggestion =
  { kind: 'member'; user: User } | { kind: 'group'; word: RoomMention; description: string };

/** Suggestions shown at once: a short list stays readable and keeps the arrows quick. */
export const MENTION_SUGGESTIONS_MAX = 8;

const GROUP_WORDS: readonly { word: RoomMention; description: string }[] = [
  { word: 'all', description: 'Notify everyone in this group' },
  { word: 'here', description: 'Notify everyone online now' },
];

/**
 * What `@query` suggests: the room's members (never oneself), best match first: a username that
 * starts with it, then a display name (or one of its words) that does, then a name that merely
 * contains it; alphabetically within each. Members only, since a mention of anyone else reaches
 * nobody (the server resolves members only). In a group where the user may call everyone
 * (`groupWords`), `@all` and `@here` follow the people they match.
 */
export function mentionSuggestions(
  query: string,
  members: readonly User[],
  options: { meId: string; groupWords: boolean },
): MentionSuggestion[] {
  const folded = foldForSearch(query);
  const ranked = members
    .filter((user) => user.id !== options.meId)
    .map((user) => ({ user, rank: rankOf(user, folded) }))
    .filter((entry) => entry.rank !== undefined)
    .sort(
      (a, b) =>
        (a.rank ?? 0) - (b.rank ?? 0) || a.user.displayName.localeCompare(b.user.displayName),
    )
    .map(({ user }): MentionSuggestion => ({ kind: 'member', user }));
  const words = options.groupWords
    ? GROUP_WORDS.filter(({ word }) => word.startsWith(folded)).map((word): MentionSuggestion => ({
        kind: 'group',
        ...word,
      }))
    : [];
  return [...ranked, ...words].slice(0, MENTION_SUGGESTIONS_MAX);
}

/** 0: the username starts with the query; 1: the name or a word of it does; 2: contains it. */
function rankOf(user: User, folded: string): number | undefined {
  const username = user.username.toLowerCase();
  const name = foldForSearch(user.displayName);
  if (username.startsWith(folded)) return 0;
  if (name.startsWith(folded) || name.split(/\s+/).some((word) => word.startsWith(folded))) {
    return 1;
  }
  if (username.includes(folded) || name.includes(folded)) return 2;
  return undefined;
}

/** The username a suggestion inserts after `@`. */
export const mentionText = (suggestion: MentionSuggestion): string =>
  suggestion.kind === 'member' ? suggestion.user.username : suggestion.word;

/**
 * Whether `@all` and `@here` call the group when this user writes them, as the server decides
 * (migration 0014's `message_room_mention`): in a group, by anyone up to
 * `LIMITS.roomMentionOpenMembersMax` members, by its owner and admins at any size.
 */
export function mayCallGroup(
  room: Pick<Room, 'type' | 'participants' | 'roles'>,
  meId: string,
): boolean {
  if (room.type !== 'group') return false;
  const role = room.roles?.[meId];
  return (
    room.participants.length <= LIMITS.roomMentionOpenMembersMax ||
    role === 'owner' ||
    role === 'admin'
  );
}
