/**
 * How a link preview shows its image: a wide picture (a page's cover, 1.91:1 for Open Graph) as a
 * banner across the card; a small or squarish one (a logo, an avatar) as a thumbnail beside the
 * text, where stretching it across the card would blur or crop it badly. No image: none.
 */
export type PreviewImageLayout = 'banner' | 'thumbnail' | 'none';

/** Narrower than this, an image is not worth a banner (the card is up to 360 px wide). */
const BANNER_WIDTH_MIN = 300;
/** Squarer than this, a banner would crop too much of it. */
const BANNER_RATIO_MIN = 1.3;

export function previewImageLayout(
  imageUrl: string | undefined,
  width: number | undefined,
  height: number | undefined,
): PreviewImageLayout {
  if (!imageUrl) return 'none';
  if (!width || !height) return 'thumbnail';
  return width >= BANNER_WIDTH_MIN && width / height >= BANNER_RATIO_MIN ? 'banner' : 'thumbnail';
}
