import { useEffect } from 'react';

/**
 * Ctrl+K (Cmd+K on a Mac) anywhere in the app calls `onOpen`: the room switcher. Also from the
 * composer, on purpose: Natter's composer gives Ctrl+K no meaning of its own (no link insertion),
 * and Slack and Discord taught people this key jumps between conversations. Not while another
 * dialog is open, so a switcher never stacks on a half-filled form.
 */
export function useRoomSwitcherShortcut(onOpen: () => void): void {
  useEffect(() => {
    const keyDown = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
      if (event.key.toLowerCase() !== 'k') return;
      if (document.querySelector('dialog[open]')) return;
      event.preventDefault();
      onOpen();
    };
    window.addEventListener('keydown', keyDown);
    return () => window.removeEventListener('keydown', keyDown);
  }, [onOpen]);
}
