import { useRef, useState } from 'react';
import type { ChangeEvent } from 'react';
import { AVATAR_SOURCE_TYPES, LIMITS } from '@natter/protocol';
import type { User } from '@natter/protocol';
import { errorMessage } from '../lib/error-message.js';
import { formatSize } from '../lib/format-size.js';
import { uploadAvatar } from '../state/avatar-upload.js';
import { useClient } from '../state/client-context.js';
import { Avatar } from './avatar.js';
import { AvatarCropper } from './avatar-cropper.js';
import { FormErrors } from './form-errors.js';

interface AvatarEditorProps {
  me: User;
  onSaved: (user: User) => void;
}

const ACCEPTED: readonly string[] = AVATAR_SOURCE_TYPES;

/** The profile photo: choose an image, crop it to a square, upload; or remove it. */
export function AvatarEditor({ me, onSaved }: AvatarEditorProps) {
  const client = useClient();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [status, setStatus] = useState('');

  const choose = (event: ChangeEvent<HTMLInputElement>) => {
    const picked = event.target.files?.[0];
    event.target.value = '';
    setStatus('');
    if (!picked) return;
    if (!ACCEPTED.includes(picked.type)) {
      setError('Choose a PNG, JPEG, WebP or GIF image.');
    } else if (picked.size > LIMITS.avatarSourceMaxBytes) {
      setError(`That image is too large: photos up to ${formatSize(LIMITS.avatarSourceMaxBytes)}.`);
    } else {
      setError(undefined);
      setFile(picked);
    }
  };

  const run = (action: () => Promise<User>, done: string) => {
    setBusy(true);
    setError(undefined);
    action().then(
      (user) => {
        setBusy(false);
        setFile(undefined);
        setStatus(done);
        onSaved(user);
      },
      (failure: unknown) => {
        setBusy(false);
        setError(errorMessage(failure, 'The photo could not be saved. Try again.'));
      },
    );
  };

  return (
    <section className="settings-card stack" aria-labelledby="avatar-title">
      <h2 id="avatar-title" className="card-title">
        Profile photo
      </h2>
      {file ? (
        <AvatarCropper
          file={file}
          busy={busy}
          onCancel={() => setFile(undefined)}
          onCropped={(image) => run(() => uploadAvatar(client.api, image), 'Photo saved.')}
        />
      ) : (
        <div className="avatar-row">
          <Avatar id={me.id} name={me.displayName} url={me.avatarUrl} size="xl" />
          <div className="form-actions">
            <button type="button" className="button" onClick={() => input.current?.click()}>
              {me.avatarUrl ? 'Change photo' : 'Choose a photo'}
            </button>
            {me.avatarUrl && (
              <button
                type="button"
                className="button"
                disabled={busy}
                onClick={() => run(() => client.api.updateMe({ avatar: null }), 'Photo removed.')}
              >
                Remove photo
              </button>
            )}
          </div>
        </div>
      )}
      <input
        ref={input}
        type="file"
        accept={ACCEPTED.join(',')}
        className="visually-hidden"
        tabIndex={-1}
        aria-hidden="true"
        onChange={choose}
      />
      <FormErrors errors={[error]} />
      <p role="status" className="muted small">
        {status}
      </p>
    </section>
  );
}
