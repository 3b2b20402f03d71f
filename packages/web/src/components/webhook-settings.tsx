import { useId, useState } from 'react';
import type { Webhook } from '@natter/protocol';
import { webhookApi } from '../state/webhook-api.js';
import { useLoaded } from '../state/use-site-data.js';
import { FormErrors } from './form-errors.js';
import { WebhookForm } from './webhook-form.js';
import { WebhookRow } from './webhook-row.js';
import { WebhookSecret } from './webhook-secret.js';

interface WebhookSettingsProps {
  /** A site's webhooks; undefined: the whole server's. */
  siteId?: string | undefined;
  title: string;
}

/** `useLoaded`'s key for the server's own webhooks (a site's key is its id, never this). */
const INSTANCE = '*';
const loadWebhooks = (key: string) => webhookApi().list(key === INSTANCE ? undefined : key);
const withoutSecret = ({ secret: _secret, ...webhook }: Webhook): Webhook => webhook;

/**
 * The webhooks of the server or of one site (docs/webhooks.md): the list with each one's
 * switch, test event and log, and the form to add one. A new or replaced secret is shown once.
 */
export function WebhookSettings({ siteId, title }: WebhookSettingsProps) {
  const webhooks = useLoaded(siteId ?? INSTANCE, loadWebhooks, 'The webhooks could not be loaded.');
  const [shownSecret, setShownSecret] = useState<{ webhook: Webhook; rotated: boolean }>();
  const titleId = useId();
  const list = webhooks.value ?? [];
  const replace = (next: Webhook) =>
    webhooks.set(list.map((w) => (w.id === next.id ? withoutSecret(next) : w)));

  return (
    <section className="settings-card stack" aria-labelledby={titleId}>
      <h2 id={titleId} className="card-title">
        {title}
      </h2>
      <p className="muted small">
        {siteId === undefined
          ? 'Natter posts a signed JSON event to each URL when something happens anywhere on this server.'
          : "Natter posts a signed JSON event to each URL when something happens in this site's conversations."}{' '}
        How to receive them: docs/webhooks.md.
      </p>
      <FormErrors errors={[webhooks.error]} />
      {shownSecret?.webhook.secret && (
        <WebhookSecret
          url={shownSecret.webhook.url}
          secret={shownSecret.webhook.secret}
          rotated={shownSecret.rotated}
          onDone={() => setShownSecret(undefined)}
        />
      )}
      {webhooks.value?.length === 0 && <p className="muted small">No webhooks yet.</p>}
      {list.length > 0 && (
        <ul className="webhook-list" aria-label={title}>
          {list.map((webhook) => (
            <WebhookRow
              key={webhook.id}
              webhook={webhook}
              onChanged={replace}
              onRotated={(rotated) => {
                replace(rotated);
                setShownSecret({ webhook: rotated, rotated: true });
              }}
              onDeleted={(id) => webhooks.set(list.filter((w) => w.id !== id))}
            />
          ))}
        </ul>
      )}
      <WebhookForm
        siteId={siteId}
        onCreated={(created) => {
          webhooks.set([...list, withoutSecret(created)]);
          setShownSecret({ webhook: created, rotated: false });
        }}
      />
    </section>
  );
}
