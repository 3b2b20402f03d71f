import { formatSize } from '../lib/format-size.js';
import { Icon } from './icon.js';

interface AttachmentFileProps {
  filename: string;
  size: number;
  /** Where to download it; absent while it is still uploading. */
  url?: string;
}

/** A non-image file as a card: icon, name (as text), size, and a Download link. */
export function AttachmentFile({ filename, size, url }: AttachmentFileProps) {
  return (
    <div className="attachment-file">
      <span className="attachment-file-icon">
        <Icon name="file" size={22} />
      </span>
      <span className="attachment-file-text">
        <span className="attachment-file-name" title={filename}>
          {filename}
        </span>
        <span className="attachment-file-size">{formatSize(size)}</span>
      </span>
      {url && (
        <a
          className="attachment-file-download"
          href={url}
          download={filename}
          target="_blank"
          rel="noopener noreferrer"
          aria-label={`Download ${filename}`}
        >
          Download
        </a>
      )}
    </div>
  );
}
