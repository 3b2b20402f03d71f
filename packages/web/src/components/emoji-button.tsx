import { useEffect, useId, useRef, useState } from 'react';
import { Icon } from './icon.js';
import { LazyEmojiPanel } from './lazy-emoji-panel.js';

interface EmojiButtonProps {
  meId: string;
  /** Inserts the emoji (the composer puts it at the caret and takes focus back). */
  onPick: (emoji: string) => void;
}

/**
 * The composer's "Emoji" button and its picker (a non-modal dialog above the composer). Escape or
 * a press outside closes it; Escape gives focus back to the button, a pick to the composer.
 */
export function EmojiButton({ meId, onPick }: EmojiButtonProps) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const wrapper = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const outside = (event: Event) => {
      if (!wrapper.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', outside, true);
    return () => document.removeEventListener('pointerdown', outside, true);
  }, [open]);

  return (
    <div
      ref={wrapper}
      className="emoji-picker"
      onKeyDown={(event) => {
        if (event.key !== 'Escape' || !open) return;
        // The composer's Escape (leave reply mode) must not fire as well.
        event.preventDefault();
        event.stopPropagation();
        setOpen(false);
        button.current?.focus();
      }}
    >
      <button
        ref={button}
        type="button"
        className="icon-button emoji-button"
        aria-label="Emoji"
        title="Emoji"
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        onClick={() => setOpen(!open)}
      >
        <Icon name="smile" />
      </button>
      {open && (
        <LazyEmojiPanel
          id={panelId}
          meId={meId}
          onPick={(emoji) => {
            setOpen(false);
            onPick(emoji);
          }}
        />
      )}
    </div>
  );
}
