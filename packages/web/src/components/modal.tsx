import { useId } from 'react';
import type { ReactNode } from 'react';
import { useModalDialog } from '../state/use-modal-dialog.js';

interface ModalProps {
  title: string;
  onClose: () => void;
  children: ReactNode;
  /** Added to `modal`, for a dialog with its own size (the search fills a phone's screen). */
  className?: string | undefined;
}

/**
 * A modal dialog with a title (see useModalDialog for why a native `<dialog>`).
 */
export function Modal({ title, onClose, children, className }: ModalProps) {
  const ref = useModalDialog(onClose);
  const titleId = useId();
  return (
    <dialog
      ref={ref}
      className={className ? `modal ${className}` : 'modal'}
      aria-labelledby={titleId}
      onClick={(e) => {
        // A click on the backdrop lands on the dialog element itself.
        if (e.target === ref.current) onClose();
      }}
    >
      <div className="modal-body">
        <h2 id={titleId} className="modal-title">
          {title}
        </h2>
        {children}
      </div>
    </dialog>
  );
}
