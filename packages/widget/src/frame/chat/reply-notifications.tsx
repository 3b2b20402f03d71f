import { browserPushState, disableBrowserPush, enableBrowserPush } from '@natter/client';
import type { BrowserPushState } from '@natter/client';
import { useEffect, useState } from 'preact/hooks';
import type { VisitorChat } from './visitor-chat.js';

/**
 * The `/c/<link>` page's "Notify me of replies": Web Push for the visitor's session through the
 * site's `/sw.js`, asked for only when pressed. Not in the widget: inside another site's iframe
 * the push would belong to a page that is not ours. Hidden where the browser cannot do it.
 */
export function ReplyNotifications({ chat }: { chat: VisitorChat }) {
  const [state, setState] = useState<BrowserPushState | 'checking'>('checking');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  useEffect(() => void browserPushState().then(setState), []);

  const run = (change: () => Promise<BrowserPushState>) => {
    setBusy(true);
    setProblem(undefined);
    change()
      .then(setState, () => setProblem('That did not work. Try again.'))
      .finally(() => setBusy(false));
  };
  const enable = () => run(() => enableBrowserPush(chat.client.api));
  const disable = () =>
    run(() => disableBrowserPush(chat.client.api).then(() => browserPushState()));

  if (state === 'checking' || state === 'unsupported') return null;
  return (
    <div class="reply-notifications" role="status">
      {state === 'blocked' && <p>Notifications are blocked for this site in your browser.</p>}
      {state === 'off' && (
        <button type="button" class="secondary" disabled={busy} onClick={enable}>
          Notify me of replies
        </button>
      )}
      {state === 'on' && (
        <p>
          We'll notify you of replies.{' '}
          <button type="button" class="link" disabled={busy} onClick={disable}>
            Stop
          </button>
        </p>
      )}
      {problem && <p class="error">{problem}</p>}
    </div>
  );
}
