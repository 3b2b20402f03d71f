import { clientRequests, clientSignals } from '@natter/protocol';
import type { ClientEvent, RequestEvent, SignalEvent } from '@natter/protocol';
import type { z } from 'zod';
import { AppError, parseInput, toErrorBody } from '../errors.js';
import type { Logger } from '../logger.js';
import type { RatePolicy } from '../rate-limit/rate-budgets.js';
import type { RateLimits } from '../rate-limit/rate-limits.js';
import type { RequestDrain } from './request-drain.js';
import { drainingError } from './request-drain.js';
import type { NatterSocket } from './socket-types.js';

/** How an acked event is served: its per-user budget and the command, typed by the protocol table. */
export interface RequestHandler<E extends RequestEvent> {
  budget: RatePolicy;
  /** `allowed`: a website visitor may send it (the membership rule then bounds it to their room). */
  visitors?: 'allowed';
  run(
    input: z.output<(typeof clientRequests)[E]['payload']>,
  ): Promise<z.input<(typeof clientRequests)[E]['result']>>;
}

/** How a fire-and-forget event is served: dropped, not answered, when over its budget. */
export interface SignalHandler<E extends SignalEvent> {
  budget: RatePolicy;
  /** As for requests: without it a visitor's signal is dropped. */
  visitors?: 'allowed';
  run(input: z.output<(typeof clientSignals)[E]>): void | Promise<void>;
}

/**
 * One handler for every client event of the protocol: leaving an event out, serving it with
 * another event's types or without a budget does not compile.
 */
export type EventHandlers = { [E in RequestEvent]: RequestHandler<E> } & {
  [E in SignalEvent]: SignalHandler<E>;
};

export interface EventLimits {
  rateLimits: RateLimits;
  /** Requests (and queued signals) one socket may have unanswered; more are refused at once. */
  maxInFlight: number;
  /** The node's requests in flight: refuses new ones while it shuts down. */
  drain: RequestDrain;
}

/** What a request refused for being over the in-flight cap is told to wait: about one answer. */
const IN_FLIGHT_RETRY_AFTER_MS = 250;

const VISITOR_REFUSED = new AppError('forbidden', 'a visitor may not send this event');

type Listener = (...args: unknown[]) => void;
type AckFn = (result: unknown) => void;

/** Socket.IO's typed `on` cannot take an untrusted payload; this is the one place that widens it. */
const listen = (socket: NatterSocket, event: ClientEvent, listener: Listener) =>
  (socket as unknown as { on(event: string, listener: Listener): void }).on(event, listener);

/**
 * Registers every client event on one socket. Each arrival is counted against the socket's
 * in-flight cap (synchronously, so a flood cannot queue work without bound) and against the
 * user's budget for that event, before its payload is even parsed. A website visitor's socket
 * is answered `forbidden` (a signal: dropped) for every event whose handler does not allow
 * visitors: the one rule for visitors over sockets, as `authenticateWith` is over HTTP.
 */
export function registerEventHandlers(
  socket: NatterSocket,
  handlers: EventHandlers,
  limits: EventLimits,
  log: Logger,
): void {
  const { userId } = socket.data;
  const refuses = (handler: { visitors?: 'allowed' }) =>
    socket.data.principal === 'visitor' && handler.visitors !== 'allowed';
  let inFlight = 0;
  // Each socket's signals, chained: one runs only after the previous one finished, so they take
  // effect in the order they arrived. Without it a `typing:stop` sent right after a
  // `typing:start` could overtake the start (which awaits its budget) and leave the user "typing"
  // until the indicator expires.
  let signals = Promise.resolve();

  /** Takes a slot if one is free; the returned function gives it back. */
  const takeSlot = (): (() => void) | undefined => {
    if (inFlight >= limits.maxInFlight) return undefined;
    inFlight++;
    return () => inFlight--;
  };

  const serveRequest = (event: RequestEvent, handler: RequestHandler<RequestEvent>) =>
    listen(socket, event, (...args) => {
      const ack = [...args].reverse().find((a): a is AckFn => typeof a === 'function');
      const payload = typeof args[0] === 'function' ? undefined : args[0];
      if (refuses(handler)) {
        ack?.({ ok: false, error: toErrorBody(VISITOR_REFUSED) });
        return;
      }
      const leave = limits.drain.enter();
      if (!leave) {
        ack?.({ ok: false, error: toErrorBody(drainingError()) });
        return;
      }
      const release = takeSlot();
      if (!release) {
        leave();
        ack?.({
          ok: false,
          error: toErrorBody(
            new AppError(
              'rate_limited',
              `more than ${limits.maxInFlight} requests waiting for an answer`,
              IN_FLIGHT_RETRY_AFTER_MS,
            ),
          ),
        });
        return;
      }
      void (async () => {
        try {
          await limits.rateLimits.consume(handler.budget, userId);
          await socket.data.ready;
          const result = await handler.run(parseInput(clientRequests[event].payload, payload));
          ack?.({ ok: true, ...result });
        } catch (error) {
          if (!(error instanceof AppError)) log.error({ err: error, event }, 'socket event failed');
          ack?.({ ok: false, error: toErrorBody(error) });
        } finally {
          release();
          leave();
        }
      })();
    });

  const serveSignal = (event: SignalEvent, handler: SignalHandler<SignalEvent>) =>
    listen(socket, event, (payload) => {
      if (refuses(handler)) return;
      const parsed = clientSignals[event].safeParse(payload);
      if (!parsed.success) return;
      const release = takeSlot();
      if (!release) return;
      signals = signals
        .then(async () => {
          if (!(await limits.rateLimits.tryConsume(handler.budget, userId))) return;
          await socket.data.ready;
          await handler.run(parsed.data);
        })
        .catch((error: unknown) => log.error({ err: error, event }, 'socket signal failed'))
        .finally(release);
    });

  // The handlers' types are checked per event by `EventHandlers`; a loop over the union of events
  // cannot see that pairing, hence the widening casts.
  for (const event of Object.keys(clientRequests) as RequestEvent[]) {
    serveRequest(event, handlers[event] as RequestHandler<RequestEvent>);
  }
  for (const event of Object.keys(clientSignals) as SignalEvent[]) {
    serveSignal(event, handlers[event] as SignalHandler<SignalEvent>);
  }
}
