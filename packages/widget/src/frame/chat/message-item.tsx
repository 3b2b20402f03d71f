import type { DisplayStatus, TimelineMessage } from '@natter/client';
import type { User } from '@natter/protocol';
import { RichText } from './rich-text.js';
import { LinkPreviewCard } from './link-preview.js';

const STATUS_LABEL: Record<DisplayStatus, string> = {
  sending: 'Sending…',
  failed: 'Not sent',
  sent: 'Sent',
  delivered: 'Delivered',
  read: 'Read',
};

const timeOf = (iso: string) =>
  new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });

/**
 * One message: the agent's name on theirs, the delivery state on the visitor's own, images
 * inline and other files as links, a link's preview card, and its reactions (read only). Text is
 * rendered as rich text (elements, never HTML).
 */
export function MessageItem(props: {
  message: TimelineMessage;
  me: User | undefined;
  onRetry(clientId: string): void;
}) {
  const { message } = props;
  const { clientId } = message;
  if (message.deletedAt) return null;
  return (
    <li class={message.own ? 'message own' : 'message'}>
      {!message.own && <span class="sender">{message.sender.displayName}</span>}
      {message.content && <RichText message={message} me={props.me} />}
      {message.preview && <LinkPreviewCard preview={message.preview} />}
      {message.attachments?.map((attachment) =>
        attachment.type === 'image' ? (
          <a key={attachment.id} href={attachment.url} target="_blank" rel="noopener">
            <img
              class="image"
              src={attachment.thumbnailUrl ?? attachment.url}
              alt={attachment.name}
              width={attachment.width}
              height={attachment.height}
            />
          </a>
        ) : (
          <a key={attachment.id} class="file" href={attachment.url} target="_blank" rel="noopener">
            {attachment.name}
          </a>
        ),
      )}
      {message.uploads?.map((upload, i) => (
        <span key={i} class="file">
          {upload.filename} ({Math.round(upload.progress * 100)}%)
        </span>
      ))}
      {message.reactions?.length ? (
        // Read only: the support chat shows what agents and the visitor reacted with.
        <span class="reactions" aria-label="Reactions">
          {message.reactions.map((reaction) => (
            <span key={reaction.emoji} class="reaction">
              {reaction.emoji} {reaction.count}
            </span>
          ))}
        </span>
      ) : null}
      <span class="meta">
        <time dateTime={message.createdAt}>{timeOf(message.createdAt)}</time>
        {message.own && <span class="status"> · {STATUS_LABEL[message.status]}</span>}
        {message.status === 'failed' && clientId !== undefined && (
          <button type="button" class="link" onClick={() => props.onRetry(clientId)}>
            Retry
          </button>
        )}
      </span>
    </li>
  );
}
