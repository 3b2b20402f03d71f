import { useEffect, useRef } from 'react';
import { CopyButton } from './copy-button.js';

interface WebhookSecretProps {
  url: string;
  secret: string;
  /** A rotation: the old secret stopped working. */
  rotated: boolean;
  onDone: () => void;
}

/**
 * A webhook's signing secret, the one time the server shows it: right after the webhook was
 * added or its secret replaced. Focus moves here so it is heard, and stays until "Done".
 */
export function WebhookSecret({ url, secret, rotated, onDone }: WebhookSecretProps) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), [secret]);
  return (
    <div
      ref={ref}
      className="webhook-secret stack-tight"
      tabIndex={-1}
      role="region"
      aria-labelledby="webhook-secret-title"
    >
      <h3 id="webhook-secret-title" className="webhook-secret-title">
        {rotated ? 'New signing secret' : 'Webhook added: its signing secret'}
      </h3>
      <p className="small">
        Copy it now: it is not shown again. Your endpoint at <code>{url}</code> checks each
        request&apos;s <code>Natter-Signature</code> with it.
        {rotated && ' The old secret no longer signs anything.'}
      </p>
      <div className="key-row">
        <code className="webhook-secret-value">{secret}</code>
      </div>
      <div className="form-actions">
        <CopyButton text={secret} what="secret" />
        <button type="button" className="button small-button" onClick={onDone}>
          Done
        </button>
      </div>
    </div>
  );
}
