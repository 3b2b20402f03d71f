import type { SystemEvent } from '@natter/protocol';
import { systemEventText } from '@natter/protocol';

interface SystemMessageLike {
  content: string;
  event?: SystemEvent | undefined;
}

/**
 * A system message's sentence as this user reads it: "You added Dave", "Alice removed you",
 * with people's current names. Falls back to the server's text while a name is not loaded yet
 * (or for an event this app does not know).
 */
export function systemLine(
  message: SystemMessageLike,
  meId: string | undefined,
  nameOf: (userId: string) => string | undefined,
): string {
  const { event } = message;
  if (!event) return message.content;
  let missing = false;
  const text = systemEventText(event, (userId) => {
    if (userId === meId) return 'you';
    const name = nameOf(userId);
    if (name === undefined) missing = true;
    return name ?? '';
  });
  if (missing) return message.content;
  return text.charAt(0).toUpperCase() + text.slice(1);
}
