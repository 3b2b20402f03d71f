import type { SQL } from 'drizzle-orm';
import { sql } from 'drizzle-orm';

/**
 * The mute rule of pushes and missed-message emails, as SQL over a `messages` row and a
 * `room_members` row, named by their aliases in the caller's statement (constants, never input).
 * A member who muted a room still hears of a message that mentions them or `@all`, unless they
 * muted its mentions too. `@here` never passes a mute: it calls on those online, and a push or an
 * email goes to someone who is not.
 */
export function passesMute(message: string, member: string): SQL {
  return sql.raw(
    `(NOT ${member}.muted OR (NOT ${member}.mentions_muted AND ${callsOn(message, member)}))`,
  );
}

/** `'you'` when the message mentions the member, `'all'` for `@all`, else null (PushPayload.mention). */
export function mentionOf(message: string, member: string): SQL {
  return sql.raw(
    `CASE WHEN ${member}.user_id = ANY(${message}.mentions) THEN 'you'
          WHEN ${message}.room_mention = 'all' THEN 'all' END`,
  );
}

const callsOn = (message: string, member: string) =>
  `(${member}.user_id = ANY(${message}.mentions) OR ${message}.room_mention = 'all')`;
