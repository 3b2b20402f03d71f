import { useState } from 'react';
import { errorMessage } from '../lib/error-message.js';
import { PUSH_STATUS_TEXT } from '../lib/push-status-text.js';
import { disablePush, enablePush, usePushStatus } from '../state/browser-push.js';
import { useClient } from '../state/client-context.js';
import { FormErrors } from './form-errors.js';

/** Push notifications on or off for this browser, with why they cannot be when they cannot. */
export function PushSwitch() {
  const client = useClient();
  const status = usePushStatus();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const run = (change: () => Promise<void>, failure: string) => {
    setBusy(true);
    setError(undefined);
    change()
      .catch((problem: unknown) => setError(errorMessage(problem, failure)))
      .finally(() => setBusy(false));
  };

  const action =
    status === 'off'
      ? {
          label: 'Enable notifications',
          run: () =>
            run(() => enablePush(client.api), 'Notifications could not be turned on. Try again.'),
        }
      : status === 'on'
        ? {
            label: 'Turn off on this browser',
            run: () =>
              run(
                () => disablePush(client.api),
                'Notifications could not be turned off. Try again.',
              ),
          }
        : undefined;

  return (
    <div className="stack-tight">
      <h3 className="field-label">On this browser</h3>
      <p className="muted" role="status">
        {PUSH_STATUS_TEXT[status]}
      </p>
      <FormErrors errors={[error]} />
      {action && (
        <div className="form-actions">
          <button
            type="button"
            className={status === 'off' ? 'button primary' : 'button'}
            disabled={busy}
            onClick={action.run}
          >
            {action.label}
          </button>
        </div>
      )}
    </div>
  );
}
