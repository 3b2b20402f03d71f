import { CLIENT_FEATURES, PROTOCOL_VERSION } from '@natter/protocol';
import type {
  AckResult,
  ClientToServerEvents,
  HandshakeAuth,
  PayloadOf,
  RequestEvent,
  ResultOf,
  ServerToClientEvents,
  SignalEvent,
} from '@natter/protocol';
import { io } from 'socket.io-client';
import type { ManagerOptions, Socket, SocketOptions } from 'socket.io-client';
import { NatterError } from '../natter-error.js';
import { omit } from '../util/omit.js';
import { loadWireSchemas } from './load-wire-schemas.js';
import type { WireSchemas } from './load-wire-schemas.js';

/** A socket.io-client socket speaking Natter's typed event maps. */
export type NatterSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export type SocketClientOptions = Partial<ManagerOptions & SocketOptions>;

export interface SocketConnectionOptions {
  baseUrl: string;
  /** Read at every (re)connection, so a new token applies from the next handshake. */
  getToken: () => string | undefined;
  /** Read at every (re)connection: whether the page shows the chat (`auth.visible`). */
  getVisible: () => boolean;
  socketOptions?: SocketClientOptions | undefined;
  /** How long a request waits for its ack before failing with `timeout`. */
  requestTimeoutMs: number;
}

/**
 * The socket and the two ways to talk on it: `request` (acked, with a deadline, so a lost ack is
 * an error rather than a hang) and `signal` (unacked, dropped while offline because a late
 * typing indicator is wrong, not merely late).
 */
export interface SocketConnection {
  readonly socket: NatterSocket;
  request<E extends RequestEvent>(
    event: E,
    payload: PayloadOf<E>,
    timeoutMs?: number,
  ): Promise<ResultOf<E>>;
  signal<E extends SignalEvent>(event: E, payload: PayloadOf<E>): void;
}

/**
 * socket.io-client's reconnection backoff, stated rather than inherited so that a library upgrade
 * cannot change it unnoticed: the first attempt after a drop comes 0.5–1.5 s later, each further
 * one doubles up to 10 s, every delay ±50 % at random. When a node dies, its thousands of clients
 * lose their connection in the same instant; the randomization spreads their returns over time
 * instead of sending them all to the next node together (docs/delivery-and-sync.md).
 */
export const RECONNECT_OPTIONS = {
  reconnectionDelay: 1_000,
  reconnectionDelayMax: 10_000,
  randomizationFactor: 0.5,
} as const satisfies SocketClientOptions;

export function createSocketConnection(options: SocketConnectionOptions): SocketConnection {
  const socket: NatterSocket = io(options.baseUrl, {
    path: '/socket.io',
    // The client decides when to connect: it fetches the user first.
    autoConnect: false,
    ...RECONNECT_OPTIONS,
    ...options.socketOptions,
    auth: (callback) => {
      const token = options.getToken();
      // The version lets a server refuse this SDK clearly rather than answer what it cannot read.
      const auth: HandshakeAuth = {
        protocolVersion: PROTOCOL_VERSION,
        visible: options.getVisible(),
        // The store applies gathered presence and reads as it applies single changes.
        features: [...CLIENT_FEATURES],
      };
      if (token) auth.token = token;
      callback(auth);
    },
  });

  // socket.io-client cannot type an emit whose event name is a type parameter; this is the one
  // place that widens it. Payload and result types are enforced by the signatures above.
  const untyped = socket as unknown as {
    timeout(ms: number): { emitWithAck(event: string, payload: unknown): Promise<unknown> };
    emit(event: string, payload: unknown): void;
  };

  return {
    socket,
    async request(event, payload, timeoutMs = options.requestTimeoutMs) {
      // Refuse rather than let socket.io buffer it: the caller decides what to redo after reconnect.
      if (!socket.connected) throw new NatterError('disconnected', `${event}: not connected`);
      let answer: unknown;
      try {
        answer = await untyped.timeout(timeoutMs).emitWithAck(event, payload);
      } catch (error) {
        // socket.io rejects with "operation has timed out" or "socket has been disconnected".
        const disconnected = error instanceof Error && /disconnected/.test(error.message);
        throw disconnected
          ? new NatterError('disconnected', `${event}: connection lost before the answer`, {
              cause: error,
            })
          : new NatterError('timeout', `${event}: no answer in ${timeoutMs} ms`, { cause: error });
      }
      return unwrapAck(event, answer, await loadWireSchemas()) as ResultOf<typeof event>;
    },
    signal(event, payload) {
      if (socket.connected) untyped.emit(event, payload);
    },
  };
}

/** Turns an ack into its (validated) success fields, or throws the error it carries. */
function unwrapAck(event: RequestEvent, answer: unknown, schemas: WireSchemas): object {
  const result = answer as AckResult<object> | undefined;
  if (typeof result !== 'object' || result === null || typeof result.ok !== 'boolean') {
    throw new NatterError('invalid_response', `${event}: malformed ack`);
  }
  if (result.ok) {
    const fields = omit(result, 'ok');
    // What the server sends is checked at the door, like everything else that crosses the wire.
    const parsed = schemas.clientRequests[event].result.safeParse(fields);
    if (!parsed.success) {
      throw new NatterError('invalid_response', `${event}: unexpected ack`, {
        cause: parsed.error,
      });
    }
    return parsed.data;
  }
  const error = schemas.errorBodySchema.safeParse(result.error);
  if (!error.success) throw new NatterError('invalid_response', `${event}: malformed error ack`);
  throw NatterError.fromBody(error.data);
}
