import { useEffect, useRef } from 'react';

/**
 * Shows a native `<dialog>` as modal while the component is mounted: the browser then traps
 * focus, closes on Esc and gives focus back to the opener, which a hand-rolled overlay would
 * have to re-implement. `onClose` is called when the browser closes it (Esc).
 *
 * Unmounting closes it too, for the focus to go back, but the browser fires that `close` event
 * later, from a dialog no longer on the page: by then the same state may have opened a new
 * dialog (Ctrl+J again, right after a room was picked), which a stale `onClose` would shut. So
 * the listener goes before the dialog is closed.
 */
export function useModalDialog(onClose: () => void) {
  const ref = useRef<HTMLDialogElement>(null);
  const latestOnClose = useRef(onClose);
  latestOnClose.current = onClose;
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const closedByBrowser = () => latestOnClose.current();
    dialog.addEventListener('close', closedByBrowser);
    if (!dialog.open) dialog.showModal();
    return () => {
      dialog.removeEventListener('close', closedByBrowser);
      dialog.close();
    };
  }, []);
  return ref;
}
