import { useId, useState } from 'react';
import type { Webhook } from '@natter/protocol';
import { errorMessage } from '../lib/error-message.js';
import { WEBHOOK_EVENT_TEXT } from '../lib/webhook-labels.js';
import { webhookApi } from '../state/webhook-api.js';
import { ConfirmDialog } from './confirm-dialog.js';
import { FormErrors } from './form-errors.js';
import { Icon } from './icon.js';
import { WebhookDeliveries } from './webhook-deliveries.js';

interface WebhookRowProps {
  webhook: Webhook;
  onChanged: (webhook: Webhook) => void;
  /** The secret was replaced: the answer carries the new one, to show once. */
  onRotated: (webhook: Webhook) => void;
  onDeleted: (webhookId: string) => void;
}

type Confirming = 'delete' | 'rotate' | undefined;

/** One webhook: where it posts, what it sends, its switch, its actions and its delivery log. */
export function WebhookRow({ webhook, onChanged, onRotated, onDeleted }: WebhookRowProps) {
  const [problem, setProblem] = useState<string>();
  const [notice, setNotice] = useState('');
  const [logOpen, setLogOpen] = useState(false);
  const [tests, setTests] = useState(0);
  const [confirming, setConfirming] = useState<Confirming>();
  /** The switch's new position while the server is asked: it moves at once, back on failure. */
  const [switching, setSwitching] = useState<boolean>();
  const logId = useId();

  const run = <T,>(work: Promise<T>, failure: string, done: (value: T) => void) => {
    setProblem(undefined);
    work.then(done, (error: unknown) => setProblem(errorMessage(error, failure)));
  };
  const toggle = (on: boolean) => {
    setSwitching(on);
    run(
      webhookApi()
        .update(webhook.id, { enabled: on })
        .finally(() => setSwitching(undefined)),
      'The webhook could not be changed.',
      onChanged,
    );
  };
  const enabled = switching ?? webhook.enabled;
  const sendTest = () =>
    run(webhookApi().sendTest(webhook.id), 'The test event could not be queued.', () => {
      setNotice('Test event queued: the log below follows it.');
      setLogOpen(true);
      setTests((n) => n + 1);
    });
  const confirm = () => {
    const action = confirming;
    setConfirming(undefined);
    if (action === 'delete') {
      run(webhookApi().delete(webhook.id), 'The webhook could not be deleted.', () =>
        onDeleted(webhook.id),
      );
    } else if (action === 'rotate') {
      run(webhookApi().rotateSecret(webhook.id), 'The secret could not be replaced.', onRotated);
    }
  };

  return (
    <li className="webhook-row">
      <div className="webhook-head">
        <code className="webhook-url">{webhook.url}</code>
        <label className="switch">
          <input
            type="checkbox"
            checked={enabled}
            disabled={switching !== undefined}
            onChange={(e) => toggle(e.target.checked)}
          />
          Send events
        </label>
      </div>
      <ul className="chips webhook-events" aria-label="Events sent">
        {webhook.events.map((event) => (
          <li key={event} className="chip">
            {WEBHOOK_EVENT_TEXT[event].label}
          </li>
        ))}
      </ul>
      {!enabled && (
        <p className="field-hint webhook-paused">
          Paused: nothing is sent until it is switched back on. A test event still goes.
        </p>
      )}
      <div className="webhook-actions">
        <button type="button" className="button small-button" onClick={sendTest}>
          <Icon name="send" size={15} />
          Send test event
        </button>
        <button
          type="button"
          className="button small-button"
          aria-expanded={logOpen}
          aria-controls={logOpen ? logId : undefined}
          onClick={() => setLogOpen((open) => !open)}
        >
          <Icon name={logOpen ? 'up' : 'down'} size={15} />
          Delivery log
        </button>
        <span className="webhook-actions-end">
          <button type="button" className="link small" onClick={() => setConfirming('rotate')}>
            New secret
          </button>
          <button
            type="button"
            className="link danger small"
            onClick={() => setConfirming('delete')}
          >
            Delete
          </button>
        </span>
      </div>
      <p role="status" className="visually-hidden">
        {notice}
      </p>
      <FormErrors errors={[problem]} />
      {logOpen && <WebhookDeliveries id={logId} webhookId={webhook.id} refreshKey={tests} />}
      {confirming === 'delete' && (
        <ConfirmDialog
          title="Delete this webhook?"
          body={`Events stop going to ${webhook.url}, and its delivery log is deleted with it.`}
          confirmLabel="Delete webhook"
          onConfirm={confirm}
          onCancel={() => setConfirming(undefined)}
        />
      )}
      {confirming === 'rotate' && (
        <ConfirmDialog
          title="Replace the signing secret?"
          body="The new secret signs every request from now on, retries included: requests fail your endpoint's check until it has the new one."
          confirmLabel="Replace secret"
          onConfirm={confirm}
          onCancel={() => setConfirming(undefined)}
        />
      )}
    </li>
  );
}
