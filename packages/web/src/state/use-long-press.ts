import { useEffect, useRef } from 'react';
import type { PointerEvent } from 'react';

/** How long a finger rests before it is a long-press (what Android and iOS use, give or take). */
export const LONG_PRESS_MS = 500;
/** A finger that moves further than this is scrolling, not pressing. */
const MOVE_TOLERANCE_PX = 10;

/**
 * Touch long-press: `onLongPress` fires after a still finger rests LONG_PRESS_MS. It never gets in
 * the way of scrolling (no preventDefault on the press; moving or the browser taking the gesture
 * cancels it), and the click and context menu the same finger causes afterwards are swallowed so
 * the press does not also follow a link. Mouse and pen are left alone: they have hover actions.
 */
export function useLongPress(onLongPress: () => void) {
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const start = useRef({ x: 0, y: 0 });
  const fired = useRef(false);
  const touching = useRef(false);

  const cancel = () => clearTimeout(timer.current);
  const release = () => {
    touching.current = false;
    cancel();
  };
  useEffect(() => cancel, []);

  return {
    onPointerDown: (event: PointerEvent) => {
      if (event.pointerType !== 'touch') return;
      fired.current = false;
      touching.current = true;
      start.current = { x: event.clientX, y: event.clientY };
      cancel();
      timer.current = setTimeout(() => {
        fired.current = true;
        onLongPress();
      }, LONG_PRESS_MS);
    },
    onPointerMove: (event: PointerEvent) => {
      const { x, y } = start.current;
      if (Math.hypot(event.clientX - x, event.clientY - y) > MOVE_TOLERANCE_PX) cancel();
    },
    onPointerUp: release,
    onPointerCancel: release,
    onClickCapture: (event: { preventDefault: () => void; stopPropagation: () => void }) => {
      if (!fired.current) return;
      fired.current = false;
      event.preventDefault();
      event.stopPropagation();
    },
    onContextMenu: (event: { preventDefault: () => void }) => {
      if (fired.current || touching.current) event.preventDefault();
    },
  };
}
