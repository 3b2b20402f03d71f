import type {
  AckResult,
  AuthResponse,
  ClientToServerEvents,
  Room,
  ServerToClientEvents,
} from '@natter/protocol';
import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let counter = 0;
/** A username no other test (or earlier run on the same database) has used. */
export const uniqueName = (prefix = 'u') =>
  `${prefix}${Date.now().toString(36)}${(counter++).toString(36)}${Math.random().toString(36).slice(2, 6)}`.slice(
    0,
    32,
  );

export interface HttpResult<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/** One HTTP call as any client would make it. */
export async function http<T = unknown>(
  baseUrl: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<HttpResult<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(baseUrl + path, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: (text ? JSON.parse(text) : undefined) as T,
    headers: response.headers,
  };
}

export interface TestUser extends AuthResponse {
  password: string;
}

export async function registerUser(baseUrl: string, prefix = 'u'): Promise<TestUser> {
  const username = uniqueName(prefix);
  const password = 'correct horse battery';
  const { status, body } = await http<AuthResponse>(baseUrl, 'POST', '/api/auth/register', {
    body: { username, password, displayName: `${prefix} ${username.slice(-4)}` },
  });
  if (status !== 201) throw new Error(`register failed: ${status} ${JSON.stringify(body)}`);
  return { ...body, password };
}

/**
 * Opens a socket with a token (and any other handshake `auth` fields) and waits until it is
 * connected, or rejects with the `connect_error`.
 */
export function connect(
  baseUrl: string,
  token: string | undefined,
  auth: object = {},
): Promise<ClientSocket> {
  const socket: ClientSocket = io(baseUrl, {
    auth: token === undefined ? auth : { token, ...auth },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

type EventArgs<E extends keyof ClientToServerEvents> = Parameters<ClientToServerEvents[E]>;
type AckOf<E extends keyof ClientToServerEvents> =
  EventArgs<E> extends [unknown, ((r: infer R) => void)?] ? R : never;

/** Emits an event and resolves with its ack (rejects after a timeout: a lost ack is a failure). */
export async function request<E extends keyof ClientToServerEvents>(
  socket: ClientSocket,
  event: E,
  payload: unknown,
  timeoutMs = 5000,
): Promise<AckOf<E>> {
  const emitter = socket.timeout(timeoutMs) as unknown as {
    emitWithAck(event: string, payload: unknown): Promise<unknown>;
  };
  return (await emitter.emitWithAck(event, payload)) as AckOf<E>;
}

/** Asserts a successful ack and returns it narrowed. */
export function ok<T extends object>(result: AckResult<T>): { ok: true } & T {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  return result;
}

/** Resolves with the next event matching `predicate`, or rejects after `timeoutMs`. */
export function nextEvent<E extends keyof ServerToClientEvents>(
  socket: ClientSocket,
  event: E,
  predicate: (payload: Parameters<ServerToClientEvents[E]>[0]) => boolean = () => true,
  timeoutMs = 5000,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  type Payload = Parameters<ServerToClientEvents[E]>[0];
  const target = socket as unknown as {
    on(event: string, listener: (payload: Payload) => void): void;
    off(event: string, listener: (payload: Payload) => void): void;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      target.off(event, listener);
      reject(new Error(`timed out waiting for ${event}`));
    }, timeoutMs);
    const listener = (payload: Payload) => {
      if (!predicate(payload)) return;
      clearTimeout(timer);
      target.off(event, listener);
      resolve(payload);
    };
    target.on(event, listener);
  });
}

/** Collects every payload of an event until stopped: for asserting that something did NOT happen. */
export function recordEvents<E extends keyof ServerToClientEvents>(socket: ClientSocket, event: E) {
  type Payload = Parameters<ServerToClientEvents[E]>[0];
  const seen: Payload[] = [];
  const listener = (payload: Payload) => seen.push(payload);
  const target = socket as unknown as {
    on(event: string, listener: (payload: Payload) => void): void;
    off(event: string, listener: (payload: Payload) => void): void;
  };
  target.on(event, listener);
  return { seen, stop: () => target.off(event, listener) };
}

/**
 * Waits a fixed time: only where time itself is under test (expiry timers, distinct timestamps,
 * jitter) or the server gives no signal to wait for (a disconnect's handling). Prove an absence with
 * a barrier instead (`barrier.ts`).
 */
export const settle = (ms = 150) => new Promise((resolve) => setTimeout(resolve, ms));

export async function createDirectRoom(
  baseUrl: string,
  token: string,
  otherId: string,
): Promise<Room> {
  const { status, body } = await http<{ room: Room }>(baseUrl, 'POST', '/api/rooms', {
    token,
    body: { type: 'direct', participantIds: [otherId] },
  });
  if (status !== 201 && status !== 200)
    throw new Error(`create direct failed: ${status} ${JSON.stringify(body)}`);
  return body.room;
}

export async function createGroupRoom(
  baseUrl: string,
  token: string,
  participantIds: string[],
  name = 'Test group',
): Promise<Room> {
  const { status, body } = await http<{ room: Room }>(baseUrl, 'POST', '/api/rooms', {
    token,
    body: { type: 'group', name, participantIds },
  });
  if (status !== 201) throw new Error(`create group failed: ${status} ${JSON.stringify(body)}`);
  return body.room;
}

let clientIdCounter = 0;
export const newClientId = () => `c${Date.now().toString(36)}${(clientIdCounter++).toString(36)}`;

/** Sends a text message and returns the ack (not asserted ok). */
export function sendText(
  socket: ClientSocket,
  roomId: string,
  content: string,
  clientId = newClientId(),
) {
  return request(socket, 'message:send', { roomId, clientId, type: 'text', content });
}
