import { memo, useId, useState } from 'react';
import type { TimelineMessage } from '@natter/client';
import { failureReason, retryCanHelp } from '../lib/failure-reason.js';
import { formatClock, formatFullDateTime } from '../lib/format-time.js';
import { messageAnnouncement } from '../lib/message-labels.js';
import { messageSummary } from '../lib/message-summary.js';
import { useClient } from '../state/client-context.js';
import { useLongPress } from '../state/use-long-press.js';
import { useMentionKinds } from '../state/use-mention-kinds.js';
import { Avatar } from './avatar.js';
import { LinkPreviewCard } from './link-preview-card.js';
import { MessageActions } from './message-actions.js';
import { MessageAttachments } from './message-attachments.js';
import { ReactionBar } from './reaction-bar.js';
import { RichText } from './rich-text.js';
import { StatusIcon } from './status-icon.js';
import { ThreadLink } from './thread-link.js';

export interface MessageItemProps {
  message: TimelineMessage;
  /** The signed-in user (whose reactions show pressed). */
  meId: string;
  groupStart: boolean;
  groupEnd: boolean;
  /** Group rooms name and picture others; a direct room needs neither. */
  showSenders: boolean;
  /** The message this one replies to, when loaded. */
  parent: TimelineMessage | undefined;
  highlighted: boolean;
  onReply: (message: TimelineMessage) => void;
  onEdit: (message: TimelineMessage) => void;
  onDelete: (message: TimelineMessage) => void;
  onJumpTo: (messageId: string) => void;
  /**
   * Opens the message's thread. Absent where the message is shown in a thread: no "N replies"
   * link there, and no quote of the parent the whole thread replies to.
   */
  onOpenThread?: ((message: TimelineMessage) => void) | undefined;
}

/**
 * One message: who sent it and when, in words for screen readers ("Alice, 10:42", also where the
 * name is not shown), its text (rich text as elements, never HTML; mentions of me marked), time (the full date on
 * hover, and as the description of its action buttons for keyboard and screen reader users), and
 * for my own messages the delivery status (`data-status` for tests and styling, a named icon for
 * people). A message that calls on me (mentions me, `@all`, `@here`) stands out (`mentions-me`),
 * and says so to screen readers. A touch long-press opens its actions menu. Memoised: a virtualised list re-renders rows
 * on every scroll frame.
 */
export const MessageItem = memo(function MessageItem(props: MessageItemProps) {
  const { message, groupStart, groupEnd, showSenders, parent, highlighted } = props;
  const client = useClient();
  const { meId, onOpenThread } = props;
  const { own, status } = message;
  const deleted = Boolean(message.deletedAt);
  const failed = status === 'failed';
  const confirmed = message.id !== undefined;
  const fullDateId = useId();
  const fullDate = formatFullDateTime(message.createdAt);
  const actionable = confirmed && !deleted;
  const [menuOpen, setMenuOpen] = useState(false);
  const longPress = useLongPress(() => setMenuOpen(true));
  const mentionKind = useMentionKinds(message);
  const classes = [
    'message',
    own ? 'own' : 'other',
    groupStart ? 'group-start' : '',
    groupEnd ? 'group-end' : '',
    highlighted ? 'highlighted' : '',
    message.mentionsMe ? 'mentions-me' : '',
    failed ? 'failed' : '',
    deleted ? 'deleted' : '',
    !deleted && (message.attachments?.length || message.uploads?.length) ? 'has-files' : '',
    !deleted && message.reactions?.length ? 'has-reactions' : '',
    onOpenThread && message.replyCount ? 'has-thread' : '',
    !deleted && message.preview ? 'has-preview' : '',
  ].join(' ');

  return (
    <article
      className={classes}
      data-status={own ? status : undefined}
      {...(actionable ? longPress : {})}
    >
      {showSenders && !own && (
        <div className="message-avatar">
          {groupEnd && (
            <Avatar
              id={message.senderId}
              name={message.sender.displayName}
              url={message.sender.avatarUrl}
              size="sm"
            />
          )}
        </div>
      )}
      <div className="message-column">
        <span className="visually-hidden">
          {messageAnnouncement(message)}
          {message.mentionsMe && ', mentions you'}:{' '}
        </span>
        {showSenders && !own && groupStart && (
          <div className="message-sender" aria-hidden="true">
            {message.sender.displayName}
          </div>
        )}
        <div className="bubble">
          {message.replyTo && !deleted && onOpenThread && (
            <button
              type="button"
              className="reply-quote"
              onClick={() => message.replyTo && props.onJumpTo(message.replyTo)}
              title="Show the original message"
            >
              <span className="reply-quote-sender">{parent?.sender.displayName ?? 'Reply'}</span>
              <span className="reply-quote-text">
                {parent
                  ? parent.deletedAt
                    ? 'Message deleted'
                    : messageSummary(parent)
                  : 'Original message'}
              </span>
            </button>
          )}
          {!deleted && <MessageAttachments message={message} />}
          {deleted ? (
            <p className="message-text deleted">This message was deleted</p>
          ) : (
            message.content !== '' && (
              <div className="message-text rich-text">
                <RichText content={message.content} mentionKind={mentionKind} />
              </div>
            )
          )}
          {message.preview && message.id !== undefined && !deleted && (
            <LinkPreviewCard messageId={message.id} preview={message.preview} removable={own} />
          )}
          <span className="message-meta">
            {message.editedAt && !deleted && <span className="edited">edited</span>}
            <time dateTime={message.createdAt} title={fullDate} aria-hidden="true">
              {formatClock(message.createdAt)}
            </time>
            <span id={fullDateId} hidden>
              {fullDate}
            </span>
            {own && !deleted && <StatusIcon status={status} />}
          </span>
        </div>
        <ReactionBar message={message} meId={meId} />
        {onOpenThread && <ThreadLink message={message} onOpen={onOpenThread} />}
        {failed && message.clientId && (
          <div className="message-failed">
            <span role="alert">{failureReason(message)}</span>
            {retryCanHelp(message) && (
              <button
                type="button"
                className="link"
                onClick={() => message.clientId && client.retry(message.clientId)}
              >
                Retry
              </button>
            )}
            <button
              type="button"
              className="link danger"
              onClick={() => message.clientId && client.discard(message.clientId)}
            >
              Discard
            </button>
          </div>
        )}
      </div>
      {actionable && (
        <MessageActions
          message={message}
          meId={meId}
          describedBy={fullDateId}
          menuOpen={menuOpen}
          onMenuOpenChange={setMenuOpen}
          onReply={props.onReply}
          onEdit={props.onEdit}
          onDelete={props.onDelete}
          onOpenThread={onOpenThread}
        />
      )}
    </article>
  );
});
