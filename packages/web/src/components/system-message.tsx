import { memo } from 'react';
import type { TimelineMessage } from '@natter/client';
import { formatClock, formatFullDateTime } from '../lib/format-time.js';
import { systemLine } from '../lib/system-line.js';
import { useChat } from '../state/client-context.js';
import { useProfiles } from '../state/use-profiles.js';

/** The people a system message names, so their current names can be loaded. */
const peopleOf = (message: TimelineMessage): string[] => {
  const { event } = message;
  if (!event) return [];
  return 'targetId' in event ? [event.actorId, event.targetId] : [event.actorId];
};

/**
 * A line the server wrote about the room ("Alice added Dave", "Bob renamed the group to …"):
 * centred and muted, not a bubble, with no actions (nobody edits or answers the room's record).
 */
export const SystemMessage = memo(function SystemMessage({
  message,
}: {
  message: TimelineMessage;
}) {
  const me = useChat((s) => s.me?.id);
  const profiles = useProfiles(peopleOf(message));
  const text = systemLine(
    message,
    me,
    (id) =>
      profiles[id]?.displayName ??
      (id === message.senderId ? message.sender.displayName : undefined),
  );
  return (
    <p className="system-message">
      <span>{text}</span>{' '}
      <time dateTime={message.createdAt} title={formatFullDateTime(message.createdAt)}>
        {formatClock(message.createdAt)}
      </time>
    </p>
  );
});
