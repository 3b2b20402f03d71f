import type { LinkPreview } from '@natter/protocol';
import { linkPreviewHost } from '@natter/protocol';

/**
 * The card the server made for a message's first link: one link to it (opened in a new tab,
 * like the web app's), with the site, the title, the description and the server's copy of the
 * image in a box of its size. Removing a preview is the web app's; the widget only shows it.
 */
export function LinkPreviewCard({ preview }: { preview: LinkPreview }) {
  const host = linkPreviewHost(preview.url);
  return (
    <a class="preview" href={preview.url} target="_blank" rel="noopener noreferrer nofollow">
      {preview.imageUrl && (
        <img
          class="preview-image"
          src={preview.imageUrl}
          alt=""
          width={preview.imageWidth}
          height={preview.imageHeight}
        />
      )}
      <span class="preview-site">{preview.siteName ?? host}</span>
      <span class="preview-title">{preview.title ?? host}</span>
      {preview.description && <span class="preview-description">{preview.description}</span>}
    </a>
  );
}
