/** The largest an inline image is drawn, in CSS pixels. */
export const IMAGE_BOX = { width: 320, height: 320 } as const;

/**
 * The size an inline image takes, known before it loads (so the list does not jump): its own
 * size scaled down to fit the box, never up. Undefined when the server did not say.
 */
export function fitImage(
  width: number | undefined,
  height: number | undefined,
  box: { width: number; height: number } = IMAGE_BOX,
): { width: number; height: number } | undefined {
  if (!width || !height) return undefined;
  const scale = Math.min(1, box.width / width, box.height / height);
  return {
    width: Math.max(1, Math.round(width * scale)),
    height: Math.max(1, Math.round(height * scale)),
  };
}
