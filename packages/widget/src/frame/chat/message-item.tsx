import type { DisplayStatus, TimelineMessage } from '@natter/client';
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
 * inline and other files as links, a link's preview card. Text is rendered as text, never as HTML.
 */
export function MessageItem(props: { message: TimelineMessage; onRetry(clientId: string): void }) {
  const { message } = props;
  const { clientId } = message;
  if (message.deletedAt) return null;
  return (
    <li class={message.own ? 'message own' : 'message'}>
      {!message.own && <span class="sender">{message.sender.displayName}</span>}
      {message.content && <p class="content">{message.content}</p>}
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
