import { useSyncExternalStore } from 'react';
import { useChat, useClient } from '../state/client-context.js';

const subscribeOnline = (listener: () => void) => {
  window.addEventListener('online', listener);
  window.addEventListener('offline', listener);
  return () => {
    window.removeEventListener('online', listener);
    window.removeEventListener('offline', listener);
  };
};

/**
 * Says, visibly and to screen readers, when messages cannot go out right now. Sending still works:
 * the SDK queues and delivers after the reconnect, and the banner says so.
 */
export function ConnectionBanner() {
  const client = useClient();
  const status = useChat((s) => s.connection.status);
  const online = useSyncExternalStore(subscribeOnline, () => navigator.onLine);

  let text: string | undefined;
  if (!online) text = "You're offline. Messages will be sent when you reconnect.";
  else if (status === 'reconnecting') text = 'Connection lost. Reconnecting…';
  else if (status === 'connecting') text = 'Connecting…';
  else if (status === 'syncing') text = 'Catching up…';
  else if (status === 'closed') text = 'Disconnected from the server.';

  return (
    <div className="banner-slot" role="status">
      {text && (
        <div className={`banner ${status === 'syncing' && online ? 'banner-info' : ''}`}>
          <span className="banner-spinner" aria-hidden="true" />
          <span>{text}</span>
          {status === 'closed' && online && (
            <button
              type="button"
              className="banner-action"
              onClick={() => void client.connect().catch(() => undefined)}
            >
              Reconnect
            </button>
          )}
        </div>
      )}
    </div>
  );
}
