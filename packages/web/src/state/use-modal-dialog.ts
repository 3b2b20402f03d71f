import { useEffect, useRef } from 'react';

/**
 * Shows a native `<dialog>` as modal while the component is mounted: the browser then traps
 * focus, closes on Esc and gives focus back to the opener, which a hand-rolled overlay would
 * have to re-implement.
 */
export function useModalDialog() {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return ref;
}
