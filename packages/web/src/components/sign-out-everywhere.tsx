import { useState } from 'react';
import { errorMessage } from '../lib/error-message.js';
import { useClient } from '../state/client-context.js';
import { ConfirmDialog } from './confirm-dialog.js';
import { FormErrors } from './form-errors.js';

interface SignOutEverywhereProps {
  onSignedOut: () => void;
}

/** Ends every session of the account, this one included (`POST /api/auth/logout-all`). */
export function SignOutEverywhere({ onSignedOut }: SignOutEverywhereProps) {
  const client = useClient();
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string>();

  const confirm = () => {
    setAsking(false);
    client.api
      .logoutAll()
      .then(onSignedOut, (failure: unknown) =>
        setError(errorMessage(failure, 'Could not sign out everywhere. Try again.')),
      );
  };

  return (
    <section className="settings-card stack" aria-labelledby="sessions-title">
      <h2 id="sessions-title" className="card-title">
        Devices
      </h2>
      <p className="muted">
        Signed in on a computer you no longer use? Sign out on every device, this one too.
      </p>
      <FormErrors errors={[error]} />
      <div className="form-actions">
        <button type="button" className="button danger" onClick={() => setAsking(true)}>
          Sign out everywhere
        </button>
      </div>
      {asking && (
        <ConfirmDialog
          title="Sign out everywhere?"
          body="Every device signed in to your account, this one included, will be signed out."
          confirmLabel="Sign out everywhere"
          onConfirm={confirm}
          onCancel={() => setAsking(false)}
        />
      )}
    </section>
  );
}
