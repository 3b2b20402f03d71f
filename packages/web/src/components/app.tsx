import { useCallback, useEffect, useState } from 'react';
import type { User } from '@natter/protocol';
import { fetchMe } from '../state/session-api.js';
import { AuthScreen } from './auth-screen.js';
import { ChatScreen } from './chat-screen.js';

type Session =
  | { state: 'loading' }
  | { state: 'signed-out' }
  | { state: 'unreachable' }
  /** `fresh`: just signed in through the form (then focus moves into the app, see ChatLayout). */
  | { state: 'signed-in'; user: User; fresh?: boolean };

/**
 * Decides between the sign-in screen and the chat. The session is the httpOnly cookie, which
 * scripts cannot read, so the only way to know whether we are signed in is to ask: GET /api/me.
 */
export function App() {
  const [session, setSession] = useState<Session>({ state: 'loading' });

  const check = useCallback(() => {
    setSession({ state: 'loading' });
    fetchMe().then(
      (user) => setSession(user ? { state: 'signed-in', user } : { state: 'signed-out' }),
      () => setSession({ state: 'unreachable' }),
    );
  }, []);
  useEffect(check, [check]);

  const signedOut = useCallback(() => setSession({ state: 'signed-out' }), []);

  switch (session.state) {
    case 'loading':
      return <div className="splash" aria-busy="true" aria-label="Loading" />;
    case 'unreachable':
      return (
        <div className="splash">
          <p>Natter cannot reach its server.</p>
          <button type="button" className="button primary" onClick={check}>
            Try again
          </button>
        </div>
      );
    case 'signed-out':
      return (
        <AuthScreen onSignedIn={(user) => setSession({ state: 'signed-in', user, fresh: true })} />
      );
    case 'signed-in':
      return (
        <ChatScreen
          key={session.user.id}
          me={session.user}
          signedInNow={session.fresh ?? false}
          onSignedOut={signedOut}
        />
      );
  }
}
