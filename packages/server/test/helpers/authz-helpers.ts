import type {
  AuthResponse,
  ErrorCode,
  Message,
  Room,
  ServerToClientEvents,
} from '@natter/protocol';
import { io } from 'socket.io-client';
import type { ManagerOptions, SocketOptions } from 'socket.io-client';
import { expect } from 'vitest';
import type { ClientSocket, HttpResult, TestUser } from './clients.js';
import { http, ok, request } from './clients.js';

/**
 * Asserts an HTTP error answer: the status, the code, and the `{ error: { code, message } }`
 * shape with nothing else in it (no stack, no driver detail). Returns the message.
 */
export function expectHttpError(result: HttpResult, status: number, code: ErrorCode): string {
  expect({ status: result.status, body: result.body }).toMatchObject({
    status,
    body: { error: { code } },
  });
  const body = result.body as { error: { code: string; message: unknown; retryAfterMs?: unknown } };
  expect(Object.keys(body)).toEqual(['error']);
  const allowed =
    code === 'rate_limited' ? ['code', 'message', 'retryAfterMs'] : ['code', 'message'];
  for (const key of Object.keys(body.error)) expect(allowed).toContain(key);
  expect(typeof body.error.message).toBe('string');
  expect(body.error.message).not.toMatch(/\n\s+at /);
  return body.error.message as string;
}

/** Asserts a failed ack `{ ok: false, error: { code, message } }` with this code. Returns the message. */
export function expectAckError(ack: unknown, code: ErrorCode): string {
  expect(ack).toMatchObject({ ok: false, error: { code } });
  const { error } = ack as { error: { message: unknown } };
  expect(typeof error.message).toBe('string');
  expect(error.message).not.toMatch(/\n\s+at /);
  return error.message as string;
}

/** Every event a chat room's members can be sent about it: what "nothing is broadcast" checks. */
export const ROOM_EVENTS = [
  'message:new',
  'message:updated',
  'message:deleted',
  'typing:update',
  'messages:read:update',
  'messages:delivered:update',
  'room:new',
  'room:updated',
  'room:removed',
  'room:members',
] as const satisfies readonly (keyof ServerToClientEvents)[];

export interface SeenEvent {
  event: string;
  payload: unknown;
}

/** Records every event of the named kinds a socket receives, until stopped. */
export function watchEvents(
  socket: ClientSocket,
  events: readonly (keyof ServerToClientEvents)[] = ROOM_EVENTS,
) {
  const seen: SeenEvent[] = [];
  const listener = (event: string, payload: unknown) => {
    if ((events as readonly string[]).includes(event)) seen.push({ event, payload });
  };
  socket.onAny(listener);
  return { seen, stop: () => socket.offAny(listener) };
}

/** A fetch with a hand-written body (malformed JSON, oversize, prototype keys) and headers. */
export async function rawHttp(
  baseUrl: string,
  method: string,
  path: string,
  options: { body?: string; headers?: Record<string, string> } = {},
): Promise<HttpResult> {
  const response = await fetch(baseUrl + path, {
    method,
    headers: options.headers,
    body: options.body,
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON: the raw text is what the test sees.
  }
  return { status: response.status, body, headers: response.headers };
}

/** Opens a socket with any client options; resolves with it, or with the `connect_error`. */
export function tryConnect(
  baseUrl: string,
  options: Partial<ManagerOptions & SocketOptions>,
): Promise<{ socket: ClientSocket; error?: undefined } | { socket?: undefined; error: Error }> {
  const socket: ClientSocket = io(baseUrl, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    ...options,
  });
  return new Promise((resolve) => {
    socket.once('connect', () => resolve({ socket }));
    socket.once('connect_error', (error) => {
      socket.close();
      resolve({ error });
    });
  });
}

/** Resolves with the reason the socket is disconnected for, or 'still connected' after a wait. */
export function disconnection(socket: ClientSocket, timeoutMs = 2000): Promise<string> {
  if (socket.disconnected) return Promise.resolve('already disconnected');
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('still connected'), timeoutMs);
    socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
}

/** A second session of the user: a new token from `POST /api/auth/login`. */
export async function login(baseUrl: string, user: TestUser): Promise<string> {
  const { status, body } = await http<AuthResponse>(baseUrl, 'POST', '/api/auth/login', {
    body: { username: user.user.username, password: user.password },
  });
  if (status !== 200) throw new Error(`login failed: ${status} ${JSON.stringify(body)}`);
  return body.token;
}

/** A token of the user that was valid and has been logged out. */
export async function revokedToken(baseUrl: string, user: TestUser): Promise<string> {
  const token = await login(baseUrl, user);
  const { status } = await http(baseUrl, 'POST', '/api/auth/logout', { token });
  if (status !== 204) throw new Error(`logout failed: ${status}`);
  return token;
}

/** A room as the token's user sees it (throws unless 200). */
export async function roomAs(baseUrl: string, token: string, roomId: string): Promise<Room> {
  const { status, body } = await http<{ room: Room }>(baseUrl, 'GET', `/api/rooms/${roomId}`, {
    token,
  });
  if (status !== 200) throw new Error(`GET room failed: ${status} ${JSON.stringify(body)}`);
  return body.room;
}

/** The token user's rooms list (throws unless 200). */
export async function roomsAs(baseUrl: string, token: string): Promise<Room[]> {
  const { status, body } = await http<{ rooms: Room[] }>(baseUrl, 'GET', '/api/rooms', { token });
  if (status !== 200) throw new Error(`GET rooms failed: ${status} ${JSON.stringify(body)}`);
  return body.rooms;
}

/** A room's newest page of history, as a member's socket loads it. */
export async function history(socket: ClientSocket, roomId: string): Promise<Message[]> {
  return ok(await request(socket, 'messages:load', { roomId, limit: 100 })).messages;
}

/** Removes (or, with the member's own token, leaves) a group member; throws unless 204. */
export async function removeMember(
  baseUrl: string,
  token: string,
  roomId: string,
  userId: string,
): Promise<void> {
  const { status, body } = await http(baseUrl, 'DELETE', `/api/rooms/${roomId}/members/${userId}`, {
    token,
  });
  if (status !== 204) throw new Error(`remove member failed: ${status} ${JSON.stringify(body)}`);
}

/** Adds a group member; throws unless 200. */
export async function addMember(
  baseUrl: string,
  token: string,
  roomId: string,
  userId: string,
): Promise<Room> {
  const { status, body } = await http<{ room: Room }>(
    baseUrl,
    'POST',
    `/api/rooms/${roomId}/members`,
    { token, body: { userId } },
  );
  if (status !== 200) throw new Error(`add member failed: ${status} ${JSON.stringify(body)}`);
  return body.room;
}

/** Sorted copy, for comparing id sets whose order is not part of the contract. */
export const sorted = (ids: readonly string[]) => [...ids].sort();
