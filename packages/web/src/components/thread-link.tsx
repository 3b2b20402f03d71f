import type { TimelineMessage } from '@natter/client';
import { replyCountText } from '../lib/message-labels.js';
import { Icon } from './icon.js';

interface ThreadLinkProps {
  message: TimelineMessage;
  onOpen: (message: TimelineMessage) => void;
}

/** "3 replies" under a message that has any: opens its thread. */
export function ThreadLink({ message, onOpen }: ThreadLinkProps) {
  const count = message.replyCount ?? 0;
  if (count === 0 || !message.id) return null;
  return (
    <button
      type="button"
      className="thread-link"
      title="View the thread"
      onClick={() => onOpen(message)}
    >
      <Icon name="thread" size={15} />
      {replyCountText(count)}
    </button>
  );
}
