import type { ClientToServerEvents } from '@natter/protocol';
import type { z } from 'zod';
import { AppError, parseInput, toErrorBody } from '../errors.js';
import type { Logger } from '../logger.js';
import type { NatterSocket } from './socket-types.js';

type Listener = (...args: unknown[]) => void;
type AckFn = (result: unknown) => void;

/** Socket.IO's typed `on` cannot take an untrusted payload; this is the one place that widens it. */
const listen = (socket: NatterSocket, event: keyof ClientToServerEvents, listener: Listener) =>
  (socket as unknown as { on(event: string, listener: Listener): void }).on(event, listener);

/**
 * Registers a request event: waits until the socket has joined its rooms, validates the payload,
 * runs the command and acks `{ ok: true, ...result }` or `{ ok: false, error }`. Whatever a client
 * sends (no payload, no ack, garbage) ends in an ack or silence, never in a crash.
 */
export function onRequest<S extends z.ZodType, R extends object>(
  socket: NatterSocket,
  event: keyof ClientToServerEvents,
  schema: S,
  run: (input: z.output<S>) => Promise<R>,
  log: Logger,
): void {
  listen(socket, event, (...args) => {
    const ack = [...args].reverse().find((a): a is AckFn => typeof a === 'function');
    const payload = typeof args[0] === 'function' ? undefined : args[0];
    void (async () => {
      try {
        await socket.data.ready;
        const result = await run(parseInput(schema, payload));
        ack?.({ ok: true, ...result });
      } catch (error) {
        if (!(error instanceof AppError)) log.error({ err: error, event }, 'socket event failed');
        ack?.({ ok: false, error: toErrorBody(error) });
      }
    })();
  });
}

/**
 * Each socket's signals, chained: one runs only after the previous one finished, so they take
 * effect in the order they arrived. Without it a `typing:stop` sent right after a `typing:start`
 * could overtake the start (which awaits a rate-limit check) and leave the user "typing" until
 * the indicator expires.
 */
const signalQueues = new WeakMap<NatterSocket, Promise<void>>();

/**
 * Registers a fire-and-forget event (typing): an invalid payload or an unauthorized room is
 * dropped without an answer, as PROTOCOL.md says. Signals of one socket apply in arrival order.
 */
export function onSignal<S extends z.ZodType>(
  socket: NatterSocket,
  event: keyof ClientToServerEvents,
  schema: S,
  run: (input: z.output<S>) => void | Promise<void>,
  log: Logger,
): void {
  listen(socket, event, (payload) => {
    const parsed = schema.safeParse(payload);
    if (!parsed.success) return;
    const previous = signalQueues.get(socket) ?? Promise.resolve();
    const next = previous
      .then(() => socket.data.ready)
      .then(() => run(parsed.data))
      .catch((error: unknown) => log.error({ err: error, event }, 'socket signal failed'));
    signalQueues.set(socket, next);
  });
}
