import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { WEBHOOK_EVENT_TYPES, createWebhookBodySchema } from '@natter/protocol';
import type { Webhook, WebhookEventType } from '@natter/protocol';
import { errorMessage } from '../lib/error-message.js';
import { WEBHOOK_EVENT_TEXT } from '../lib/webhook-labels.js';
import { webhookApi } from '../state/webhook-api.js';
import { FormErrors } from './form-errors.js';

interface WebhookFormProps {
  /** The site whose webhook this is; undefined: the whole server. */
  siteId: string | undefined;
  /** The new webhook, its secret included (shown once). */
  onCreated: (webhook: Webhook) => void;
}

/** The scope's usual subscriptions: a site's webhook is about its conversations. */
const defaultEvents = (siteId: string | undefined): WebhookEventType[] =>
  siteId === undefined ? ['message.created'] : ['conversation.created'];

/** "Add a webhook": the endpoint's URL and the events it wants. */
export function WebhookForm({ siteId, onCreated }: WebhookFormProps) {
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<WebhookEventType[]>(() => defaultEvents(siteId));
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  const headingId = useId();

  const toggle = (event: WebhookEventType, on: boolean) =>
    setEvents((current) =>
      WEBHOOK_EVENT_TYPES.filter((e) => (e === event ? on : current.includes(e))),
    );

  const submit = (formEvent: FormEvent) => {
    formEvent.preventDefault();
    const body = { url: url.trim(), events, ...(siteId !== undefined && { siteId }) };
    const parsed = createWebhookBodySchema.safeParse(body);
    if (!parsed.success) {
      return setProblem(
        parsed.error.issues
          .map((issue) => `${issue.path.join('.') || 'webhook'}: ${issue.message}`)
          .join(' '),
      );
    }
    setProblem(undefined);
    setBusy(true);
    webhookApi()
      .create(body)
      .then(
        (created) => {
          setUrl('');
          setEvents(defaultEvents(siteId));
          onCreated(created);
        },
        (error: unknown) => setProblem(errorMessage(error, 'The webhook could not be added.')),
      )
      .finally(() => setBusy(false));
  };

  return (
    <form
      className="webhook-form stack-tight"
      onSubmit={submit}
      noValidate
      aria-labelledby={headingId}
    >
      <h3 id={headingId} className="webhook-form-title">
        Add a webhook
      </h3>
      <label className="field">
        <span className="field-label">Endpoint URL</span>
        <input
          type="url"
          inputMode="url"
          autoComplete="off"
          spellCheck="false"
          value={url}
          placeholder="https://example.com/natter-events"
          onChange={(e) => setUrl(e.target.value)}
        />
      </label>
      <fieldset className="checks">
        <legend className="field-label">Send these events</legend>
        {WEBHOOK_EVENT_TYPES.map((event) => (
          <label key={event} className="check-row webhook-event-option">
            <input
              type="checkbox"
              checked={events.includes(event)}
              onChange={(e) => toggle(event, e.target.checked)}
            />
            <span>
              <span className="webhook-event-label">{WEBHOOK_EVENT_TEXT[event].label}</span>
              <span className="webhook-event-hint">
                {WEBHOOK_EVENT_TEXT[event][siteId === undefined ? 'instance' : 'site']}
              </span>
            </span>
          </label>
        ))}
      </fieldset>
      <FormErrors errors={[problem]} />
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={busy}>
          Add webhook
        </button>
      </div>
    </form>
  );
}
