import { useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { LazyEmojiPanel } from './lazy-emoji-panel.js';

interface ReactionPickerProps {
  /** What the picker opens beside (the message's actions). */
  anchor: HTMLElement | null;
  /** Gives focus back to what opened the picker, after Escape or a pick. */
  refocus: () => void;
  meId: string;
  onPick: (emoji: string) => void;
  onClose: () => void;
}

/** Space kept between the picker and the edges of the window. */
const MARGIN = 8;

/**
 * "Add reaction": the composer's emoji panel (recent emoji first, search, the keyboard grid),
 * opened beside a message. Portalled and fixed like the actions menu (the list's rows are
 * transformed and scroll); a phone shows it as a sheet at the bottom (CSS). Escape or a press
 * outside closes it; Escape and a pick give focus back (`refocus`).
 */
export function ReactionPicker({ anchor, refocus, meId, onPick, onClose }: ReactionPickerProps) {
  const ref = useRef<HTMLDivElement>(null);
  const panelId = useId();
  const [position, setPosition] = useState<{ top: number; left: number }>();

  // Above the message when there is room, else below; kept inside the window. Placed again when
  // its size changes (the panel's chunk arrives after a loading line).
  useLayoutEffect(() => {
    const picker = ref.current;
    if (!picker) return;
    const place = () => {
      const box = anchor?.getBoundingClientRect();
      if (!box) return;
      const { offsetWidth: width, offsetHeight: height } = picker;
      const above = box.top - height - 4;
      const below = Math.min(box.bottom + 4, innerHeight - height - MARGIN);
      const left = Math.min(Math.max(MARGIN, box.right - width), innerWidth - width - MARGIN);
      setPosition({ top: Math.max(MARGIN, above >= MARGIN ? above : below), left });
    };
    place();
    const observer = new ResizeObserver(place);
    observer.observe(picker);
    return () => observer.disconnect();
  }, [anchor]);

  useEffect(() => {
    const outside = (event: Event) => {
      if (!ref.current?.contains(event.target as Node)) onClose();
    };
    document.addEventListener('pointerdown', outside, true);
    window.addEventListener('resize', onClose);
    return () => {
      document.removeEventListener('pointerdown', outside, true);
      window.removeEventListener('resize', onClose);
    };
  }, [onClose]);

  const close = () => {
    onClose();
    refocus();
  };

  return createPortal(
    <div
      ref={ref}
      className="reaction-picker"
      style={position ?? { top: 0, left: 0, visibility: 'hidden' }}
      onKeyDown={(event) => {
        // Portalled, yet React bubbles its events through the message list: keep them here.
        event.stopPropagation();
        if (event.key !== 'Escape') return;
        event.preventDefault();
        close();
      }}
    >
      <LazyEmojiPanel
        id={panelId}
        meId={meId}
        onPick={(emoji) => {
          close();
          onPick(emoji);
        }}
      />
    </div>,
    document.body,
  );
}
