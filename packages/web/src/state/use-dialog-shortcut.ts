import { useEffect } from 'react';

/**
 * Ctrl+`key` (Cmd+`key` on a Mac) anywhere in the app calls `onOpen`: Ctrl+K the message search
 * (as issue #14 and Slack, Discord and GitHub taught people), Ctrl+J "Jump to a room". Also from
 * the composer, on purpose: Natter's composer gives neither key a meaning of its own (no link
 * insertion). Not while another dialog is open, so a dialog never stacks on a half-filled form.
 */
export function useDialogShortcut(key: string, onOpen: () => void): void {
  useEffect(() => {
    const keyDown = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
      if (event.key.toLowerCase() !== key) return;
      if (document.querySelector('dialog[open]')) return;
      event.preventDefault();
      onOpen();
    };
    window.addEventListener('keydown', keyDown);
    return () => window.removeEventListener('keydown', keyDown);
  }, [key, onOpen]);
}
