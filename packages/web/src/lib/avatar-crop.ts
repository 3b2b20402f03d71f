/**
 * The square crop of an avatar picker, as pure math. The image is shown in a square frame of
 * `frame` CSS pixels, scaled so that it always covers the frame (`zoom` 1 = the shorter side fits
 * exactly), and moved by `pan` (the offset of its centre from the frame's centre, in frame pixels).
 * The frame's square is what gets uploaded.
 */
export interface ImageSize {
  width: number;
  height: number;
}

export interface Crop {
  /** 1 (the whole shorter side) to ZOOM_MAX. */
  zoom: number;
  panX: number;
  panY: number;
}

export const ZOOM_MIN = 1;
export const ZOOM_MAX = 4;
export const CENTRED: Crop = { zoom: 1, panX: 0, panY: 0 };

/** Image pixels to frame pixels at this zoom: the cover scale times the zoom. */
export function displayScale(image: ImageSize, frame: number, zoom: number): number {
  return (frame / Math.min(image.width, image.height)) * zoom;
}

/** `+ 0` turns a -0 into 0, so a centred crop compares equal to CENTRED. */
const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value)) + 0;

/** The crop with zoom in range and the image moved back until it covers the whole frame. */
export function clampCrop(crop: Crop, image: ImageSize, frame: number): Crop {
  const zoom = clamp(crop.zoom, ZOOM_MIN, ZOOM_MAX);
  const scale = displayScale(image, frame, zoom);
  const slackX = (image.width * scale - frame) / 2;
  const slackY = (image.height * scale - frame) / 2;
  return { zoom, panX: clamp(crop.panX, -slackX, slackX), panY: clamp(crop.panY, -slackY, slackY) };
}

/** The crop moved by (dx, dy) frame pixels, kept covering the frame. */
export function panBy(crop: Crop, dx: number, dy: number, image: ImageSize, frame: number): Crop {
  return clampCrop({ ...crop, panX: crop.panX + dx, panY: crop.panY + dy }, image, frame);
}

/** The crop at another zoom, kept covering the frame (the image zooms about the frame's centre). */
export function zoomTo(crop: Crop, zoom: number, image: ImageSize, frame: number): Crop {
  const ratio = clamp(zoom, ZOOM_MIN, ZOOM_MAX) / crop.zoom;
  return clampCrop({ zoom, panX: crop.panX * ratio, panY: crop.panY * ratio }, image, frame);
}

/** The square of the image, in image pixels, that the frame shows: what to draw and upload. */
export function sourceSquare(
  crop: Crop,
  image: ImageSize,
  frame: number,
): { x: number; y: number; size: number } {
  const { zoom, panX, panY } = clampCrop(crop, image, frame);
  const scale = displayScale(image, frame, zoom);
  const size = frame / scale;
  return {
    x: image.width / 2 - panX / scale - size / 2,
    y: image.height / 2 - panY / scale - size / 2,
    size,
  };
}

/** Where the image sits in the frame (left, top, width, height in frame pixels), for CSS. */
export function imagePlacement(crop: Crop, image: ImageSize, frame: number) {
  const scale = displayScale(image, frame, crop.zoom);
  const width = image.width * scale;
  const height = image.height * scale;
  return {
    left: (frame - width) / 2 + crop.panX,
    top: (frame - height) / 2 + crop.panY,
    width,
    height,
  };
}
