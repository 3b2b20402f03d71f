import { createServer } from 'node:http';
import type { ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WebhookEvent } from '@natter/protocol';
import { WEBHOOK_HEADERS } from '@natter/protocol';

/** The loopback address webhook tests allowlist (`WEBHOOK_ALLOW_ADDRESSES`) for their receivers. */
export const RECEIVER_HOST = '127.0.0.2';

/** One POST a receiver got, as it arrived. */
export interface ReceivedWebhook {
  path: string;
  eventId: string;
  eventType: string;
  signature: string;
  contentType: string;
  /** The body's exact bytes, as the signature covers them. */
  rawBody: string;
  body: WebhookEvent;
  /** `performance.now()` when the request's body had arrived. */
  receivedAt: number;
}

/** How the receiver answers a request: a status, or `hang` (no answer until `release`). */
export type ReceiverAnswer = (request: ReceivedWebhook) => number | 'hang';

/**
 * A webhook receiver on the allowlisted loopback address: records every POST (any path, so one
 * receiver serves several webhooks, told apart by path) and answers 200 unless told otherwise.
 */
export interface WebhookReceiver {
  /** `http://127.0.0.2:<port><path>`. */
  url(path: string): string;
  readonly received: readonly ReceivedWebhook[];
  /** The first request (already arrived or still to come) matching `predicate`. */
  receive(
    predicate: (request: ReceivedWebhook) => boolean,
    timeoutMs?: number,
  ): Promise<ReceivedWebhook>;
  answerWith(answer: ReceiverAnswer): void;
  /** Answers the hanging requests with `status`. */
  release(status?: number): void;
  readonly hanging: number;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const waiters = new Set<(request: ReceivedWebhook) => void>();
  const hanging: ServerResponse[] = [];
  let answer: ReceiverAnswer = () => 200;
  const header = (value: string | string[] | undefined) =>
    Array.isArray(value) ? value.join(',') : (value ?? '');

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const arrived: ReceivedWebhook = {
        path: request.url ?? '/',
        eventId: header(request.headers[WEBHOOK_HEADERS.eventId.toLowerCase()]),
        eventType: header(request.headers[WEBHOOK_HEADERS.eventType.toLowerCase()]),
        signature: header(request.headers[WEBHOOK_HEADERS.signature.toLowerCase()]),
        contentType: header(request.headers['content-type']),
        rawBody,
        body: JSON.parse(rawBody) as WebhookEvent,
        receivedAt: performance.now(),
      };
      received.push(arrived);
      const status = answer(arrived);
      if (status === 'hang') hanging.push(response);
      else response.writeHead(status).end();
      for (const waiter of waiters) waiter(arrived);
    });
  });
  await new Promise<void>((listening, failed) => {
    server.once('error', failed);
    server.listen(0, RECEIVER_HOST, listening);
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: (path) => `http://${RECEIVER_HOST}:${port}${path}`,
    received,
    receive(predicate, timeoutMs = 5_000) {
      const already = received.find(predicate);
      if (already) return Promise.resolve(already);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error('timed out waiting for a webhook request'));
        }, timeoutMs);
        const waiter = (request: ReceivedWebhook) => {
          if (!predicate(request)) return;
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve(request);
        };
        waiters.add(waiter);
      });
    },
    answerWith(next) {
      answer = next;
    },
    release(status = 200) {
      for (const response of hanging.splice(0)) response.writeHead(status).end();
    },
    get hanging() {
      return hanging.length;
    },
    close: () =>
      new Promise<void>((closed) => {
        server.closeAllConnections();
        server.close(() => closed());
      }),
  };
}
