import { useEffect, useId, useRef, useState } from 'react';
import type { KeyboardEvent, PointerEvent } from 'react';
import { LIMITS } from '@natter/protocol';
import type { Crop, ImageSize } from '../lib/avatar-crop.js';
import {
  CENTRED,
  ZOOM_MAX,
  ZOOM_MIN,
  imagePlacement,
  panBy,
  sourceSquare,
  zoomTo,
} from '../lib/avatar-crop.js';

/** The crop frame's side in CSS pixels. */
const FRAME = 240;
/** Arrow keys move the image this far (Shift: five times as far). */
const KEY_STEP = 8;
/** The uploaded square: twice what the server keeps, so its downscale stays sharp. */
const OUTPUT_PX = LIMITS.avatarPx * 2;

interface AvatarCropperProps {
  file: File;
  busy: boolean;
  onCancel: () => void;
  onCropped: (image: Blob) => void;
}

/** Draws the chosen square of the image into a PNG of OUTPUT_PX a side. */
async function cropToBlob(image: HTMLImageElement, crop: Crop, size: ImageSize): Promise<Blob> {
  const { x, y, size: side } = sourceSquare(crop, size, FRAME);
  const canvas = document.createElement('canvas');
  canvas.width = OUTPUT_PX;
  canvas.height = OUTPUT_PX;
  canvas.getContext('2d')?.drawImage(image, x, y, side, side, 0, 0, OUTPUT_PX, OUTPUT_PX);
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('no image'))), 'image/png'),
  );
}

/**
 * Picks the square of a photo to use as an avatar: drag the image (or use the arrow keys on the
 * frame) to move it, and the slider to zoom. The image always covers the frame.
 */
export function AvatarCropper({ file, busy, onCancel, onCropped }: AvatarCropperProps) {
  const [url, setUrl] = useState<string>();
  const [size, setSize] = useState<ImageSize>();
  const [crop, setCrop] = useState<Crop>(CENTRED);
  const [unreadable, setUnreadable] = useState(false);
  const imageRef = useRef<HTMLImageElement>(null);
  const drag = useRef<{ x: number; y: number } | undefined>(undefined);
  const hintId = useId();

  useEffect(() => {
    const objectUrl = URL.createObjectURL(file);
    setUrl(objectUrl);
    setSize(undefined);
    setCrop(CENTRED);
    setUnreadable(false);
    return () => URL.revokeObjectURL(objectUrl);
  }, [file]);

  const move = (dx: number, dy: number) => size && setCrop((c) => panBy(c, dx, dy, size, FRAME));

  const keyDown = (event: KeyboardEvent) => {
    const step = event.shiftKey ? KEY_STEP * 5 : KEY_STEP;
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [-step, 0],
      ArrowRight: [step, 0],
      ArrowUp: [0, -step],
      ArrowDown: [0, step],
    };
    const delta = moves[event.key];
    if (delta) {
      event.preventDefault();
      move(...delta);
    } else if ((event.key === '+' || event.key === '-') && size) {
      event.preventDefault();
      setCrop((c) => zoomTo(c, c.zoom + (event.key === '+' ? 0.25 : -0.25), size, FRAME));
    }
  };
  const pointerDown = (event: PointerEvent) => {
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = { x: event.clientX, y: event.clientY };
  };
  const pointerMove = (event: PointerEvent) => {
    if (!drag.current) return;
    move(event.clientX - drag.current.x, event.clientY - drag.current.y);
    drag.current = { x: event.clientX, y: event.clientY };
  };
  const pointerUp = () => (drag.current = undefined);

  const use = () => {
    if (imageRef.current && size) void cropToBlob(imageRef.current, crop, size).then(onCropped);
  };

  const placement = size && imagePlacement(crop, size, FRAME);
  return (
    <div className="avatar-cropper">
      <div
        className="crop-frame"
        style={{ width: FRAME, height: FRAME }}
        tabIndex={0}
        role="group"
        aria-label="Crop area"
        aria-describedby={hintId}
        onKeyDown={keyDown}
        onPointerDown={pointerDown}
        onPointerMove={pointerMove}
        onPointerUp={pointerUp}
        onPointerCancel={pointerUp}
      >
        {url && (
          <img
            ref={imageRef}
            src={url}
            alt="The photo being cropped"
            draggable={false}
            onLoad={(e) =>
              setSize({
                width: e.currentTarget.naturalWidth,
                height: e.currentTarget.naturalHeight,
              })
            }
            onError={() => setUnreadable(true)}
            style={placement ? { ...placement, position: 'absolute' } : { visibility: 'hidden' }}
          />
        )}
        <span className="crop-circle" aria-hidden="true" />
      </div>
      <p id={hintId} className="field-hint crop-hint">
        Drag the photo or use the arrow keys to move it; + and − zoom.
      </p>
      <label className="field crop-zoom">
        <span className="field-label">Zoom</span>
        <input
          type="range"
          min={ZOOM_MIN}
          max={ZOOM_MAX}
          step={0.01}
          value={crop.zoom}
          disabled={!size}
          onChange={(e) => size && setCrop((c) => zoomTo(c, Number(e.target.value), size, FRAME))}
        />
      </label>
      {unreadable && (
        <p className="form-error" role="alert">
          This file could not be read as an image. Choose a PNG, JPEG, WebP or GIF.
        </p>
      )}
      <div className="form-actions">
        <button type="button" className="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
        <button
          type="button"
          className="button primary"
          onClick={use}
          disabled={busy || !size}
          aria-describedby={!size && !unreadable ? `${hintId}-loading` : undefined}
        >
          {busy ? 'Saving…' : 'Use this photo'}
        </button>
        {!size && !unreadable && (
          <span id={`${hintId}-loading`} className="muted small">
            Loading the photo…
          </span>
        )}
      </div>
    </div>
  );
}
