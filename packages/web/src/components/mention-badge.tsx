import { LIMITS } from '@natter/protocol';

/**
 * "@3" beside a room's unread count: unread messages that call on the user (`Room.mentionCount`).
 * The server counts up to `LIMITS.mentionCountMax`, so that many reads as "99+". Screen readers
 * hear "3 mentions" (the link's name), not the symbol.
 */
export function MentionBadge({ count }: { count: number }) {
  const shown = count >= LIMITS.mentionCountMax ? `${LIMITS.mentionCountMax}+` : String(count);
  return (
    <span className="badge mention-badge">
      <span aria-hidden="true">@{shown}</span>
      <span className="visually-hidden">
        {shown} {count === 1 ? 'mention' : 'mentions'}
      </span>
    </span>
  );
}
