import type {
  AckResult,
  ErrorCode,
  Message,
  MessagesPage,
  Room,
  RoomsResponse,
} from '@natter/protocol';
import type { ClientSocket, TestUser } from './clients.js';
import { afterAll, afterEach, beforeAll } from 'vitest';
import {
  connect,
  createDirectRoom,
  http,
  newClientId,
  ok,
  registerUser,
  request,
} from './clients.js';
import type { ServerConfig } from '../../src/index.js';
import type { TestServer } from './test-server.js';
import { startTestServer } from './test-server.js';

/**
 * The error code of an ack, or `'ok'`: `expect(codeOf(ack)).toBe('forbidden')` fails with the
 * code that did come back, not just `false`.
 */
export function codeOf(result: AckResult): ErrorCode | 'ok' {
  return result.ok ? 'ok' : result.error.code;
}

/**
 * Opens a socket (with any other handshake `auth` fields) and waits until the server has put it
 * in all of its rooms. Any acked request
 * waits for that on the server, so an empty `presence:get` round trip is the signal; events
 * published afterwards are sure to reach the socket.
 */
export async function connectReady(
  baseUrl: string,
  token: string,
  auth: object = {},
): Promise<ClientSocket> {
  const socket = await connect(baseUrl, token, auth);
  ok(await request(socket, 'presence:get', { userIds: [] }));
  return socket;
}

/** Sockets opened by one test, closed together afterwards so no test leaks a connection. */
export function socketPool(baseUrl: () => string) {
  const open = new Set<ClientSocket>();
  return {
    async connect(user: Pick<TestUser, 'token'>): Promise<ClientSocket> {
      const socket = await connectReady(baseUrl(), user.token);
      open.add(socket);
      return socket;
    },
    closeAll(): void {
      for (const socket of open) socket.close();
      open.clear();
    },
  };
}

/** Fresh users, one per prefix. */
export function registerUsers(baseUrl: string, prefixes: readonly string[]): Promise<TestUser[]> {
  return Promise.all(prefixes.map((prefix) => registerUser(baseUrl, prefix)));
}

/** Sends a text message and asserts the ack is ok. */
export async function sendOk(
  socket: ClientSocket,
  roomId: string,
  content: string,
  extra: { clientId?: string; replyTo?: string } = {},
): Promise<Message> {
  const ack = await request(socket, 'message:send', {
    roomId,
    clientId: extra.clientId ?? newClientId(),
    type: 'text',
    content,
    ...(extra.replyTo === undefined ? {} : { replyTo: extra.replyTo }),
  });
  return ok(ack).message;
}

/**
 * A limit on the sends `sendConcurrently` keeps in flight: a thousand at once would queue the last
 * acks behind all the others, past the ack timeout on a busy machine; more than this adds no
 * concurrency a test could need.
 */
const SENDS_IN_FLIGHT_MAX = 200;

/**
 * Sends `count` messages at once (one emit each, none awaited before the next), in waves of at
 * most `SENDS_IN_FLIGHT_MAX`; resolves with them in the order they were sent.
 */
export async function sendConcurrently(
  sockets: readonly ClientSocket[],
  roomId: string,
  count: number,
  label = 'm',
): Promise<Message[]> {
  if (sockets.length === 0) throw new Error('sendConcurrently needs at least one socket');
  const sent: Message[] = [];
  for (let first = 0; first < count; first += SENDS_IN_FLIGHT_MAX) {
    const wave = Array.from({ length: Math.min(SENDS_IN_FLIGHT_MAX, count - first) }, (_, j) => {
      const i = first + j;
      return sendOk(sockets[i % sockets.length] as ClientSocket, roomId, `${label} ${i}`);
    });
    sent.push(...(await Promise.all(wave)));
  }
  return sent;
}

export async function loadPage(
  socket: ClientSocket,
  roomId: string,
  options: { before?: string; limit?: number } = {},
): Promise<MessagesPage> {
  const { ok: _ok, ...page } = ok(await request(socket, 'messages:load', { roomId, ...options }));
  return page;
}

/** The whole history of a room, oldest first, paging backwards with `limit`. */
export async function loadAll(
  socket: ClientSocket,
  roomId: string,
  limit = 100,
): Promise<{ messages: Message[]; pages: MessagesPage[] }> {
  const pages: MessagesPage[] = [];
  let before: string | undefined;
  for (;;) {
    const page = await loadPage(
      socket,
      roomId,
      before === undefined ? { limit } : { before, limit },
    );
    pages.push(page);
    if (!page.hasMore) break;
    if (page.nextCursor === undefined) throw new Error('hasMore without a nextCursor');
    if (pages.length > 10_000) throw new Error('paging does not end');
    before = page.nextCursor;
  }
  return { messages: pages.toReversed().flatMap((p) => p.messages), pages };
}

/** One message as the caller sees it in history (found by id in the newest 100). */
export async function loadMessage(
  socket: ClientSocket,
  roomId: string,
  messageId: string,
): Promise<Message> {
  const page = await loadPage(socket, roomId, { limit: 100 });
  const message = page.messages.find((m) => m.id === messageId);
  if (!message) throw new Error(`message ${messageId} not in the newest page`);
  return message;
}

/** The caller's rooms over HTTP. */
export async function listRooms(baseUrl: string, token: string): Promise<Room[]> {
  const { status, body } = await http<RoomsResponse>(baseUrl, 'GET', '/api/rooms', { token });
  if (status !== 200) throw new Error(`GET /api/rooms: ${status} ${JSON.stringify(body)}`);
  return body.rooms;
}

/** One room of the caller's list, as they see it (their unreadCount, read mark...). */
export async function roomAsSeenBy(baseUrl: string, token: string, roomId: string): Promise<Room> {
  const room = (await listRooms(baseUrl, token)).find((r) => r.id === roomId);
  if (!room) throw new Error(`room ${roomId} not in the caller's list`);
  return room;
}

/** Polls `probe` until it returns true (or fails after `timeoutMs`): for eventually-true state. */
export async function eventually(
  probe: () => Promise<boolean>,
  { timeoutMs = 3000, intervalMs = 25 } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Closes a socket and waits until the client has seen the disconnect. */
export function closeSocket(socket: ClientSocket): Promise<void> {
  return new Promise((resolve) => {
    if (socket.disconnected) return resolve();
    socket.once('disconnect', () => resolve());
    socket.close();
  });
}

/** An ISO-8601 timestamp as the server writes them (`Date#toISOString`). */
export const isIsoDate = (value: unknown): boolean =>
  typeof value === 'string' &&
  !Number.isNaN(Date.parse(value)) &&
  new Date(value).toISOString() === value;

/**
 * The usual file set-up: one real server for the file, a pool of sockets closed after each test,
 * and a direct room between two fresh users with a socket each.
 */
export function useSocketTestServer(overrides: Partial<ServerConfig> = {}) {
  let server: TestServer | undefined;
  const t = {
    get url() {
      return started().url;
    },
    /** The server object, for what no client can observe (e.g. `attention`). */
    get server() {
      return started().server;
    },
  };
  const started = (): TestServer => {
    if (!server) throw new Error('the test server is not started yet');
    return server;
  };
  const sockets = socketPool(() => t.url);
  beforeAll(async () => {
    server = await startTestServer(overrides);
  });
  afterEach(() => sockets.closeAll());
  afterAll(() => server?.close());

  async function directPair() {
    const [alice, bob] = await registerUsers(t.url, ['alice', 'bob']);
    if (!alice || !bob) throw new Error('registering two users failed');
    const room = await createDirectRoom(t.url, alice.token, bob.user.id);
    const a = await sockets.connect(alice);
    const b = await sockets.connect(bob);
    return { alice, bob, room, a, b };
  }

  return { t, sockets, directPair };
}
