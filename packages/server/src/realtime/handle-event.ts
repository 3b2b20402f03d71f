import { clientRequests, clientSignals } from '@natter/protocol';
import type { RequestEvent, SignalEvent } from '@natter/protocol';
import type { z } from 'zod';
import { AppError, parseInput, toErrorBody } from '../errors.js';
import type { Logger } from '../logger.js';
import type { RatePolicy } from '../rate-limit/rate-budgets.js';
import type { RateLimits } from '../rate-limit/rate-limits.js';
import type { RequestDrain } from './request-drain.js';
import { drainingError } from './request-drain.js';
import type { NatterSocket } from './socket-types.js';

/**
 * How an acked event is served: its per-user budget and the command, typed by the protocol table.
 * The table is built once per server: `run` is given the socket that sent the event.
 */
export interface RequestHandler<E extends RequestEvent> {
  budget: RatePolicy;
  /** `allowed`: a website visitor may send it (the membership rule then bounds it to their room). */
  visitors?: 'allowed';
  run(
    input: z.output<(typeof clientRequests)[E]['payload']>,
    socket: NatterSocket,
  ): Promise<z.input<(typeof clientRequests)[E]['result']>>;
}

/** How a fire-and-forget event is served: dropped, not answered, when over its budget. */
export interface SignalHandler<E extends SignalEvent> {
  budget: RatePolicy;
  /** As for requests: without it a visitor's signal is dropped. */
  visitors?: 'allowed';
  run(input: z.output<(typeof clientSignals)[E]>, socket: NatterSocket): void | Promise<void>;
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

type AckFn = (result: unknown) => void;

/** What one socket's events need between arrivals; kept in `socket.data` (serveEvents starts it). */
export interface SocketEventState {
  /** Requests (and queued signals) taken in and not yet answered. */
  inFlight: number;
  /**
   * The socket's signals, chained: one runs only after the previous one finished, so they take
   * effect in the order they arrived. Without it a `typing:stop` sent right after a
   * `typing:start` could overtake the start (which awaits its budget) and leave the user "typing"
   * until the indicator expires.
   */
  signals: Promise<void>;
}

/** Where every socket's signal chain starts: one settled promise, not one per socket. */
const NO_SIGNALS = Promise.resolve();

/** A client event in the dispatcher's table (a Map: an unknown name, `__proto__` too, finds none). */
type Served =
  | { kind: 'request'; event: RequestEvent; handler: RequestHandler<RequestEvent> }
  | { kind: 'signal'; event: SignalEvent; handler: SignalHandler<SignalEvent> };

/**
 * Builds, once per server, the one listener that serves every client event of every socket
 * (`serveEvents` hands it to a socket): Socket.IO calls it with the socket as `this`, so an idle
 * socket holds no closure per event, only its two counters (`SocketEventState`). Each arrival is
 * counted against the socket's in-flight cap (synchronously, so a flood cannot queue work without
 * bound) and against the user's budget for that event, before its payload is even parsed. A
 * website visitor's socket is answered `forbidden` (a signal: dropped) for every event whose
 * handler does not allow visitors: the one rule for visitors over sockets, as
 * `authenticateWith` is over HTTP. Names that are not client events of the protocol are ignored.
 */
export function eventDispatcher(handlers: EventHandlers, limits: EventLimits, log: Logger) {
  const served = new Map<string, Served>();
  // The handlers' types are checked per event by `EventHandlers`; a loop over the union of events
  // cannot see that pairing, hence the widening casts.
  for (const event of Object.keys(clientRequests) as RequestEvent[]) {
    const handler = handlers[event] as RequestHandler<RequestEvent>;
    served.set(event, { kind: 'request', event, handler });
  }
  for (const event of Object.keys(clientSignals) as SignalEvent[]) {
    const handler = handlers[event] as SignalHandler<SignalEvent>;
    served.set(event, { kind: 'signal', event, handler });
  }

  const refuses = (socket: NatterSocket, handler: { visitors?: 'allowed' }) =>
    socket.data.principal === 'visitor' && handler.visitors !== 'allowed';

  /** Takes one of the socket's slots if one is free; the returned function gives it back. */
  const takeSlot = (state: SocketEventState): (() => void) | undefined => {
    if (state.inFlight >= limits.maxInFlight) return undefined;
    state.inFlight++;
    return () => void state.inFlight--;
  };

  const serveRequest = (
    socket: NatterSocket,
    { event, handler }: Extract<Served, { kind: 'request' }>,
    args: unknown[],
  ) => {
    const ack = [...args].reverse().find((a): a is AckFn => typeof a === 'function');
    const payload = typeof args[0] === 'function' ? undefined : args[0];
    if (refuses(socket, handler)) {
      ack?.({ ok: false, error: toErrorBody(VISITOR_REFUSED) });
      return;
    }
    const leave = limits.drain.enter();
    if (!leave) {
      ack?.({ ok: false, error: toErrorBody(drainingError()) });
      return;
    }
    const release = takeSlot(socket.data);
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
        await limits.rateLimits.consume(handler.budget, socket.data.userId);
        await socket.data.ready;
        const input = parseInput(clientRequests[event].payload, payload);
        const result = await handler.run(input, socket);
        ack?.({ ok: true, ...result });
      } catch (error) {
        if (!(error instanceof AppError)) log.error({ err: error, event }, 'socket event failed');
        ack?.({ ok: false, error: toErrorBody(error) });
      } finally {
        release();
        leave();
      }
    })();
  };

  const serveSignal = (
    socket: NatterSocket,
    { event, handler }: Extract<Served, { kind: 'signal' }>,
    payload: unknown,
  ) => {
    if (refuses(socket, handler)) return;
    const parsed = clientSignals[event].safeParse(payload);
    if (!parsed.success) return;
    const release = takeSlot(socket.data);
    if (!release) return;
    socket.data.signals = socket.data.signals
      .then(async () => {
        if (!(await limits.rateLimits.tryConsume(handler.budget, socket.data.userId))) return;
        await socket.data.ready;
        await handler.run(parsed.data, socket);
      })
      .catch((error: unknown) => log.error({ err: error, event }, 'socket signal failed'))
      .finally(release);
  };

  return function dispatch(this: NatterSocket, event: unknown, ...args: unknown[]): void {
    // Socket.IO calls `on` listeners only while the socket is connected, and `onAny` ones before
    // that check: it is made here.
    if (!this.connected || typeof event !== 'string') return;
    const target = served.get(event);
    if (target?.kind === 'request') serveRequest(this, target, args);
    else if (target?.kind === 'signal') serveSignal(this, target, args[0]);
  };
}

/** The listener `eventDispatcher` builds. */
export type EventDispatcher = ReturnType<typeof eventDispatcher>;

/** Serves one socket's client events with the server's dispatcher. */
export function serveEvents(socket: NatterSocket, dispatch: EventDispatcher): void {
  socket.data.inFlight = 0;
  socket.data.signals = NO_SIGNALS;
  socket.onAny(dispatch);
}
