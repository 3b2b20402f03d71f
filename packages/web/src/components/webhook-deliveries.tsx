import { Fragment, useCallback, useEffect, useState } from 'react';
import type { WebhookDelivery } from '@natter/protocol';
import { errorMessage } from '../lib/error-message.js';
import { formatClock, formatFullDateTime, formatListTime } from '../lib/format-time.js';
import {
  attemptsText,
  deliveryEventLabel,
  deliveryStatusLabel,
  lastResult,
} from '../lib/webhook-labels.js';
import { webhookApi } from '../state/webhook-api.js';
import { FormErrors } from './form-errors.js';
import { Icon } from './icon.js';

interface WebhookDeliveriesProps {
  id: string;
  webhookId: string;
  /** Changes when a test event was queued: the log reads itself again. */
  refreshKey: number;
}

const PAGE = 10;
/** While a delivery on show is pending, the log looks again this often, this many times. */
const FOLLOW_MS = 2_000;
const FOLLOW_TIMES = 15;

/**
 * A webhook's delivery log, newest first: each event, its status, attempts, last result and
 * time. It follows pending deliveries for a while (a test event turns "Delivered" on its own);
 * Refresh reads it again; older pages load below.
 */
export function WebhookDeliveries({ id, webhookId, refreshKey }: WebhookDeliveriesProps) {
  const [deliveries, setDeliveries] = useState<WebhookDelivery[]>();
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [problem, setProblem] = useState<string>();
  const [generation, setGeneration] = useState(0);
  const [follows, setFollows] = useState(0);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  useEffect(() => setFollows(0), [refreshKey]);
  useEffect(() => {
    let current = true;
    webhookApi()
      .deliveries(webhookId, { limit: PAGE })
      .then(
        (page) => {
          if (!current) return;
          setDeliveries(page.deliveries);
          setNextCursor(page.nextCursor);
          setProblem(undefined);
        },
        (error: unknown) =>
          current && setProblem(errorMessage(error, 'The delivery log could not be loaded.')),
      );
    return () => {
      current = false;
    };
  }, [webhookId, generation, refreshKey]);

  const pending = deliveries?.some((d) => d.status === 'pending') ?? false;
  useEffect(() => {
    if (!pending || follows >= FOLLOW_TIMES) return;
    const timer = setTimeout(() => {
      setFollows((n) => n + 1);
      reload();
    }, FOLLOW_MS);
    return () => clearTimeout(timer);
  }, [pending, follows, reload]);

  const loadOlder = () => {
    if (!nextCursor) return;
    webhookApi()
      .deliveries(webhookId, { limit: PAGE, cursor: nextCursor })
      .then(
        (page) => {
          setDeliveries((shown) => [...(shown ?? []), ...page.deliveries]);
          setNextCursor(page.nextCursor);
        },
        (error: unknown) =>
          setProblem(errorMessage(error, 'Older deliveries could not be loaded.')),
      );
  };

  return (
    <section id={id} className="webhook-log" aria-labelledby={`${id}-title`}>
      <div className="webhook-log-head">
        <h4 id={`${id}-title`} className="webhook-log-title">
          Deliveries
        </h4>
        <button type="button" className="button small-button" onClick={reload}>
          <Icon name="clock" size={15} />
          Refresh
        </button>
      </div>
      <FormErrors errors={[problem]} />
      {deliveries?.length === 0 && (
        <p className="muted small">No deliveries yet. Send a test event to try the endpoint.</p>
      )}
      {deliveries && deliveries.length > 0 && (
        <ol className="delivery-list">
          {deliveries.map((delivery) => (
            <DeliveryRow key={delivery.id} delivery={delivery} />
          ))}
        </ol>
      )}
      {nextCursor && (
        <button type="button" className="link small" onClick={loadOlder}>
          Show older deliveries
        </button>
      )}
    </section>
  );
}

const STATUS_CLASS = { delivered: 'pill-open', pending: 'pill-pending', failed: 'pill-failed' };

function DeliveryRow({ delivery }: { delivery: WebhookDelivery }) {
  const result = lastResult(delivery);
  const retryAt = delivery.attempts > 0 ? delivery.nextAttemptAt : undefined;
  const facts = [
    <time key="at" dateTime={delivery.createdAt} title={formatFullDateTime(delivery.createdAt)}>
      {formatListTime(delivery.createdAt)}
    </time>,
    <span key="attempts">{attemptsText(delivery.attempts)}</span>,
    result && (
      <span key="result" title={delivery.lastError}>
        {result}
      </span>
    ),
    retryAt && (
      <span key="retry">
        next try{' '}
        <time dateTime={retryAt} title={formatFullDateTime(retryAt)}>
          {formatClock(retryAt)}
        </time>
      </span>
    ),
    <span key="id" title={`Natter-Event-Id: ${delivery.id}`}>
      id <code>{delivery.id.slice(0, 8)}</code>
    </span>,
  ].filter(Boolean);
  return (
    <li className="delivery-row">
      <span className="delivery-event">{deliveryEventLabel(delivery.event)}</span>
      <span className={`pill ${STATUS_CLASS[delivery.status]}`}>
        {deliveryStatusLabel(delivery)}
      </span>
      <span className="delivery-meta">
        {facts.map((fact, i) => (
          <Fragment key={i}>
            {i > 0 && <span aria-hidden="true">·</span>}
            {fact}
          </Fragment>
        ))}
      </span>
    </li>
  );
}
