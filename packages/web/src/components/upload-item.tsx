import type { PendingUpload } from '@natter/client';
import { AttachmentFile } from './attachment-file.js';

interface UploadItemProps {
  upload: PendingUpload;
  /** Whether the bytes are going out now (a progress bar is worth showing). */
  active: boolean;
}

/** A file of my pending message: the local preview (images) or a card, with its progress. */
export function UploadItem({ upload, active }: UploadItemProps) {
  const percent = Math.round(upload.progress * 100);
  return (
    <div className="upload-item">
      {upload.previewUrl ? (
        <img className="upload-preview" src={upload.previewUrl} alt={upload.filename} />
      ) : (
        <AttachmentFile filename={upload.filename} size={upload.size} />
      )}
      {active && upload.attachmentId === undefined && (
        <progress
          className="upload-progress"
          max={100}
          value={percent}
          aria-label={`Uploading ${upload.filename}`}
        />
      )}
    </div>
  );
}
