import { useState } from 'react';
import type { LinkPreview } from '@natter/protocol';
import { linkPreviewHost } from '@natter/protocol';
import { errorMessage } from '../lib/error-message.js';
import { previewImageLayout } from '../lib/preview-layout.js';
import { useClient } from '../state/client-context.js';
import { Icon } from './icon.js';

interface LinkPreviewCardProps {
  messageId: string;
  preview: LinkPreview;
  /** My own message: I may take its preview off. */
  removable: boolean;
}

/**
 * The card the server made for a message's first link: the site, the page's title as a link
 * (the message's own link, opened like the links in the text), its description (clamped to a
 * few lines) and its image, in a box of the size the server gave so the list does not jump when
 * it loads. The image is decorative (the title says what it is). The author may remove it.
 */
export function LinkPreviewCard({ messageId, preview, removable }: LinkPreviewCardProps) {
  const client = useClient();
  const [failure, setFailure] = useState<string | undefined>();
  const [removing, setRemoving] = useState(false);
  const layout = previewImageLayout(preview.imageUrl, preview.imageWidth, preview.imageHeight);
  const ratio =
    preview.imageWidth && preview.imageHeight
      ? { aspectRatio: `${preview.imageWidth} / ${preview.imageHeight}` }
      : undefined;

  const remove = async () => {
    setRemoving(true);
    setFailure(undefined);
    try {
      await client.removePreview(messageId);
    } catch (error) {
      setFailure(errorMessage(error, 'Could not remove the preview. Try again.'));
      setRemoving(false);
    }
  };

  return (
    <div className={`link-preview image-${layout}`}>
      {layout !== 'none' && (
        <img
          className="link-preview-image"
          src={preview.imageUrl}
          alt=""
          width={preview.imageWidth}
          height={preview.imageHeight}
          style={ratio}
          loading="lazy"
          decoding="async"
        />
      )}
      <div className="link-preview-text">
        <span className="link-preview-site">
          {preview.siteName ?? linkPreviewHost(preview.url)}
        </span>
        <a
          className="link-preview-title"
          href={preview.url}
          target="_blank"
          rel="noopener noreferrer nofollow"
        >
          {preview.title ?? linkPreviewHost(preview.url)}
        </a>
        {preview.description && <p className="link-preview-description">{preview.description}</p>}
      </div>
      {removable && (
        <button
          type="button"
          className="icon-button small link-preview-remove"
          aria-label="Remove preview"
          title="Remove preview"
          disabled={removing}
          onClick={() => void remove()}
        >
          <Icon name="close" size={16} />
        </button>
      )}
      {failure && (
        <p className="form-error link-preview-failure" role="alert">
          {failure}
        </p>
      )}
    </div>
  );
}
