import { useState } from 'react';
import type { FormEvent } from 'react';
import type { User } from '@natter/protocol';
import { NatterError } from '@natter/client';
import { signIn, signUp } from '../state/session-api.js';
import { Icon } from './icon.js';

type Mode = 'sign-in' | 'sign-up';

/** Sign in or create an account; the server sets the session cookie on success. */
export function AuthScreen({ onSignedIn }: { onSignedIn: (user: User) => void }) {
  const [mode, setMode] = useState<Mode>('sign-in');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const name = username.trim().toLowerCase();
      onSignedIn(
        mode === 'sign-in'
          ? await signIn(name, password)
          : await signUp(name, password, displayName),
      );
    } catch (caught) {
      setError(describe(caught, mode));
      setBusy(false);
    }
  };

  const switchTo = (next: Mode) => {
    setMode(next);
    setError(undefined);
  };

  return (
    <main className="auth">
      <div className="auth-card">
        <div className="brand">
          <span className="brand-mark">
            <Icon name="chat" size={22} />
          </span>
          <span className="brand-name">Natter</span>
        </div>
        <h1 className="auth-title">
          {mode === 'sign-in' ? 'Welcome back' : 'Create your account'}
        </h1>
        <p className="auth-subtitle">
          {mode === 'sign-in'
            ? 'Sign in to pick up your conversations.'
            : 'Pick a username to start chatting.'}
        </p>
        <form className="auth-form" onSubmit={(e) => void submit(e)}>
          <label className="field">
            <span className="field-label">Username</span>
            <input
              name="username"
              autoComplete="username"
              autoCapitalize="none"
              spellCheck="false"
              required
              minLength={3}
              maxLength={32}
              value={username}
              onChange={(e) => setUsername(e.target.value)}
            />
          </label>
          {mode === 'sign-up' && (
            <label className="field">
              <span className="field-label">Display name</span>
              <input
                name="displayName"
                autoComplete="name"
                maxLength={64}
                placeholder="Optional"
                value={displayName}
                onChange={(e) => setDisplayName(e.target.value)}
              />
            </label>
          )}
          <label className="field">
            <span className="field-label">Password</span>
            <input
              type="password"
              name="password"
              autoComplete={mode === 'sign-in' ? 'current-password' : 'new-password'}
              required
              minLength={mode === 'sign-up' ? 8 : 1}
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </label>
          {mode === 'sign-up' && <p className="field-hint">At least 8 characters.</p>}
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" className="button primary wide" disabled={busy}>
            {mode === 'sign-in' ? 'Sign in' : 'Sign up'}
          </button>
        </form>
        <p className="auth-switch">
          {mode === 'sign-in' ? (
            <>
              New to Natter?{' '}
              <button type="button" className="link" onClick={() => switchTo('sign-up')}>
                Create an account
              </button>
            </>
          ) : (
            <>
              Already have an account?{' '}
              <button type="button" className="link" onClick={() => switchTo('sign-in')}>
                Sign in instead
              </button>
            </>
          )}
        </p>
      </div>
    </main>
  );
}

function describe(error: unknown, mode: Mode): string {
  if (!(error instanceof NatterError)) return 'Something went wrong. Please try again.';
  if (error.code === 'network' || error.code === 'timeout')
    return 'Cannot reach the server. Check your connection.';
  if (error.code === 'unauthorized') return 'Wrong username or password.';
  if (error.code === 'conflict') return 'That username is taken. Try another one.';
  if (error.code === 'rate_limited') return 'Too many attempts. Please wait a moment.';
  if (error.code === 'unavailable') return 'The server is busy. Please try again in a moment.';
  if (error.code === 'bad_request' && mode === 'sign-up')
    return 'Usernames are 3–32 of a–z, 0–9, _ . - and passwords at least 8 characters.';
  return error.message;
}
