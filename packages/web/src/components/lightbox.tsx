import { useModalDialog } from '../state/use-modal-dialog.js';

interface LightboxProps {
  src: string;
  /** Names the dialog (and the image) for assistive tech. */
  filename: string;
  onClose: () => void;
}

/**
 * An image at full size over the page: a native modal `<dialog>` (focus trapped, Esc closes it,
 * focus returns to the thumbnail), named by the file's name. A click anywhere closes it.
 */
export function Lightbox({ src, filename, onClose }: LightboxProps) {
  const ref = useModalDialog(onClose);
  return (
    <dialog ref={ref} className="lightbox" aria-label={filename} onClick={onClose}>
      <img className="lightbox-image" src={src} alt={filename} />
      <div className="lightbox-bar">
        <span className="lightbox-name">{filename}</span>
        <button type="button" className="lightbox-close" aria-label="Close" autoFocus>
          ×
        </button>
      </div>
    </dialog>
  );
}
