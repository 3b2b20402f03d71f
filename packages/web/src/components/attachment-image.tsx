import { useState } from 'react';
import type { Attachment } from '@natter/protocol';
import { fitImage } from '../lib/image-box.js';
import { deferred } from './deferred.js';
import { dialogLoading } from './loading-placeholders.js';

const Lightbox = deferred(() => import('./lightbox.js').then((m) => m.Lightbox), dialogLoading);

interface AttachmentImageProps {
  attachment: Attachment;
}

/**
 * An image inline, in a box sized from its width/height before it loads (the thumbnail when the
 * server made one); a click opens the full image in a lightbox.
 */
export function AttachmentImage({ attachment }: AttachmentImageProps) {
  const [open, setOpen] = useState(false);
  const box = fitImage(attachment.width, attachment.height);
  return (
    <>
      <button
        type="button"
        className="attachment-image"
        aria-label={`Open image ${attachment.filename}`}
        onClick={() => setOpen(true)}
      >
        <img
          src={attachment.thumbnailUrl ?? attachment.url}
          alt={attachment.filename}
          width={box?.width}
          height={box?.height}
          style={box ? { aspectRatio: `${box.width} / ${box.height}` } : undefined}
          loading="lazy"
          decoding="async"
        />
      </button>
      {open && (
        <Lightbox
          src={attachment.url}
          filename={attachment.filename}
          onClose={() => setOpen(false)}
        />
      )}
    </>
  );
}
