import type { Attachment } from '@natter/protocol';
import type { UploadRow } from './upload-repository.js';

/** The only way an upload becomes an attachment payload; URLs are signed by the caller. */
export function presentAttachment(
  upload: UploadRow,
  urls: { url: string; thumbnailUrl?: string | undefined },
): Attachment {
  const attachment: Attachment = {
    id: upload.id,
    // Uploads are inspected before a message may name them, so `kind` is set by now.
    type: upload.kind ?? 'file',
    name: upload.filename,
    filename: upload.filename,
    mimeType: upload.mimeType ?? 'application/octet-stream',
    size: upload.size,
    url: urls.url,
  };
  if (upload.kind === 'image' && upload.width && upload.height) {
    attachment.width = upload.width;
    attachment.height = upload.height;
  }
  if (urls.thumbnailUrl) attachment.thumbnailUrl = urls.thumbnailUrl;
  return attachment;
}
