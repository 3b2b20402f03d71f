import { describe, expect, it } from 'vitest';
import {
  CENTRED,
  ZOOM_MAX,
  clampCrop,
  imagePlacement,
  panBy,
  sourceSquare,
  zoomTo,
} from './avatar-crop.js';

const landscape = { width: 800, height: 400 };
const FRAME = 200;

describe('avatar crop', () => {
  it('centred at zoom 1, the square is the middle of a landscape image, its full height', () => {
    expect(sourceSquare(CENTRED, landscape, FRAME)).toEqual({ x: 200, y: 0, size: 400 });
  });

  it('the image never leaves a gap: panning stops where an edge meets the frame', () => {
    const far = panBy(CENTRED, 10_000, 10_000, landscape, FRAME);
    // 800x400 at cover scale 0.5 is 400x200 in the frame: 100 px of slack each side, none vertically.
    expect(far).toEqual({ zoom: 1, panX: 100, panY: 0 });
    expect(sourceSquare(far, landscape, FRAME)).toEqual({ x: 0, y: 0, size: 400 });
    const placed = imagePlacement(far, landscape, FRAME);
    expect(placed.left).toBe(0);
    expect(placed.left + placed.width).toBeGreaterThanOrEqual(FRAME);
  });

  it('zooming in shows a smaller square about the same centre, up to ZOOM_MAX', () => {
    const zoomed = zoomTo(CENTRED, 2, landscape, FRAME);
    expect(sourceSquare(zoomed, landscape, FRAME)).toEqual({ x: 300, y: 100, size: 200 });
    expect(zoomTo(CENTRED, 99, landscape, FRAME).zoom).toBe(ZOOM_MAX);
  });

  it('zooming out pulls a panned image back so that it still covers the frame', () => {
    const panned = panBy(zoomTo(CENTRED, 3, landscape, FRAME), 0, -250, landscape, FRAME);
    expect(panned.panY).toBe(-200);
    const out = zoomTo(panned, 1, landscape, FRAME);
    expect(out).toEqual({ zoom: 1, panX: 0, panY: 0 });
  });

  it('a zoom below 1 is taken as 1', () => {
    expect(clampCrop({ zoom: 0.2, panX: 0, panY: 0 }, landscape, FRAME).zoom).toBe(1);
  });
});
