import { useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { createPortal } from 'react-dom';
import type { IconName } from '../lib/icon-paths.js';
import { menuKey } from '../lib/menu-keys.js';
import { Icon } from './icon.js';

export interface ActionMenuItem {
  label: string;
  icon: IconName;
  run: () => void;
  danger?: boolean;
}

interface ActionMenuProps {
  /** The trigger's accessible name ("More actions for Alice's message: …"). */
  buttonLabel: string;
  /** The menu's accessible name. */
  menuLabel: string;
  items: readonly ActionMenuItem[];
  /** Controlled, so something else (a long-press) can open it too. */
  open: boolean;
  onOpenChange: (open: boolean) => void;
}

/** Space kept between the menu and the edges of the window. */
const MARGIN = 8;

/**
 * A "⋯" button with a menu (the ARIA menu button pattern): Enter, Space or Down open it on the
 * first item, Up on the last; arrows, Home and End move; Escape closes it and gives focus back to
 * the button; Tab, a click elsewhere or a scroll close it. The menu is portalled to the body and
 * fixed to the button, because the list's rows are transformed (which would trap `fixed`) and sit
 * in a scrolling box (which would clip it).
 */
export function ActionMenu({ buttonLabel, menuLabel, items, open, onOpenChange }: ActionMenuProps) {
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const menuId = useId();
  const [active, setActive] = useState(0);
  const [position, setPosition] = useState<{ top: number; left: number }>();

  const close = (refocus: boolean) => {
    onOpenChange(false);
    if (refocus) buttonRef.current?.focus();
  };

  // Placed below the button, or above it when the window has no room left below.
  useLayoutEffect(() => {
    if (!open) {
      setPosition(undefined);
      return;
    }
    const button = buttonRef.current?.getBoundingClientRect();
    const menu = menuRef.current;
    if (!button || !menu) return;
    const { offsetWidth: width, offsetHeight: height } = menu;
    const below = button.bottom + 4;
    const top = below + height + MARGIN > window.innerHeight ? button.top - 4 - height : below;
    const left = Math.min(
      Math.max(MARGIN, button.right - width),
      window.innerWidth - width - MARGIN,
    );
    setPosition({ top: Math.max(MARGIN, top), left });
  }, [open]);

  useLayoutEffect(() => {
    if (open && position) menuRef.current?.querySelectorAll('button')[active]?.focus();
  }, [open, position, active]);

  // Opened by something else (a long-press), the menu starts on its first item again.
  useEffect(() => {
    if (!open) setActive(0);
  }, [open]);

  // A press outside, or the page scrolling under the menu, closes it without moving focus.
  useEffect(() => {
    if (!open) return;
    const outside = (event: Event) => {
      const target = event.target as Node;
      if (!menuRef.current?.contains(target) && !buttonRef.current?.contains(target)) {
        onOpenChange(false);
      }
    };
    const dismiss = () => onOpenChange(false);
    document.addEventListener('pointerdown', outside, true);
    document.addEventListener('scroll', dismiss, true);
    window.addEventListener('resize', dismiss);
    return () => {
      document.removeEventListener('pointerdown', outside, true);
      document.removeEventListener('scroll', dismiss, true);
      window.removeEventListener('resize', dismiss);
    };
  }, [open, onOpenChange]);

  const openAt = (index: number) => {
    setActive(index);
    onOpenChange(true);
  };

  const buttonKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    event.stopPropagation();
    openAt(event.key === 'ArrowDown' ? 0 : items.length - 1);
  };

  const menuKeyDown = (event: KeyboardEvent) => {
    // Portalled, yet React bubbles its events through the list: keep its keys from the list's.
    event.stopPropagation();
    const result = menuKey(event.key, active, items.length);
    if (!result) return;
    if (result.kind === 'move') {
      event.preventDefault();
      setActive(result.index);
    } else {
      if (event.key === 'Escape') event.preventDefault();
      close(true);
    }
  };

  const choose = (item: ActionMenuItem) => {
    // Focus goes back to the button first, so whatever the action opens (a dialog) returns there,
    // and whatever it focuses itself (the composer) wins.
    close(true);
    item.run();
  };

  return (
    <>
      <button
        ref={buttonRef}
        type="button"
        className="icon-button small more-button"
        aria-label={buttonLabel}
        title="More actions"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => (open ? close(false) : openAt(0))}
        onKeyDown={buttonKeyDown}
      >
        <Icon name="more" size={16} />
      </button>
      {open &&
        createPortal(
          <div
            ref={menuRef}
            id={menuId}
            role="menu"
            aria-label={menuLabel}
            className="action-menu"
            style={
              position
                ? { top: position.top, left: position.left }
                : { top: 0, left: 0, visibility: 'hidden' }
            }
            onKeyDown={menuKeyDown}
          >
            {items.map((item, index) => (
              <button
                key={item.label}
                type="button"
                role="menuitem"
                tabIndex={index === active ? 0 : -1}
                className={item.danger ? 'action-menu-item danger' : 'action-menu-item'}
                onClick={() => choose(item)}
                onFocus={() => setActive(index)}
              >
                <Icon name={item.icon} size={18} />
                {item.label}
              </button>
            ))}
          </div>,
          document.body,
        )}
    </>
  );
}
