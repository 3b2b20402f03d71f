import type { TimelineMessage } from '@natter/client';
import { useClient } from '../state/client-context.js';
import { AttachmentFile } from './attachment-file.js';
import { AttachmentImage } from './attachment-image.js';
import { UploadItem } from './upload-item.js';

interface MessageAttachmentsProps {
  message: TimelineMessage;
}

/**
 * A message's files: the server's attachments (images inline, others as cards), or, while my
 * message is pending, its local previews with progress and a way to cancel the upload.
 */
export function MessageAttachments({ message }: MessageAttachmentsProps) {
  const client = useClient();
  const { attachments, uploads, clientId } = message;
  if (attachments && attachments.length > 0 && message.id !== undefined) {
    return (
      <div className="attachments">
        {attachments.map((a) =>
          a.mimeType.startsWith('image/') ? (
            <AttachmentImage key={a.id} attachment={a} />
          ) : (
            <AttachmentFile key={a.id} filename={a.filename} size={a.size} url={a.url} />
          ),
        )}
      </div>
    );
  }
  if (!uploads || uploads.length === 0) return null;
  const sending = message.status === 'sending';
  const uploading = sending && uploads.some((u) => u.attachmentId === undefined);
  return (
    <div className="attachments pending">
      {uploads.map((upload, index) => (
        <UploadItem key={index} upload={upload} active={sending} />
      ))}
      {uploading && clientId && (
        <button
          type="button"
          className="link cancel-upload"
          onClick={() => client.cancelUpload(clientId)}
        >
          Cancel upload
        </button>
      )}
    </div>
  );
}
