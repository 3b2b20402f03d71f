import type {
  AuthResponse,
  ClientToServerEvents,
  Message,
  Room,
  ServerToClientEvents,
  UpdateRoomBody,
} from '@natter/protocol';
import { io } from 'socket.io-client';
import type { ManagerOptions, Socket, SocketOptions } from 'socket.io-client';

/**
 * Set-up that is not under test goes through the real HTTP API and Socket.IO, from the test
 * process: it is fast and leaves the browser for the behaviour each test is about.
 */

export const PASSWORD = 'correct horse battery';

export interface E2eUser {
  id: string;
  username: string;
  displayName: string;
  password: string;
  token: string;
}

let counter = 0;
/** A username (3–32 of [a-z0-9_.-]) no other test on this server has used. */
export const uniqueName = (prefix: string) =>
  `${prefix}_${Date.now().toString(36).slice(-5)}${(counter++).toString(36)}`.slice(0, 32);

async function send<T>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH',
  url: string,
  path: string,
  body: unknown,
  token?: string,
): Promise<T> {
  const response = await fetch(url + path, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

const get = <T>(url: string, path: string, token: string) =>
  send<T>('GET', url, path, undefined, token);
const post = <T>(url: string, path: string, body: unknown, token?: string) =>
  send<T>('POST', url, path, body, token);

/** Registers an account under exactly `username` (which must still be free on this server). */
export async function registerAs(
  url: string,
  username: string,
  displayName: string,
): Promise<E2eUser> {
  const { user, token } = await post<AuthResponse>(url, '/api/auth/register', {
    username,
    password: PASSWORD,
    displayName,
  });
  return { id: user.id, username, displayName, password: PASSWORD, token };
}

/** Registers an account; `displayName` defaults to the capitalised prefix ("alice" → "Alice"). */
export function registerUser(url: string, prefix: string): Promise<E2eUser> {
  const displayName = prefix.charAt(0).toUpperCase() + prefix.slice(1);
  return registerAs(url, uniqueName(prefix), displayName);
}

export async function createDirectRoom(url: string, from: E2eUser, to: E2eUser): Promise<Room> {
  const { room } = await post<{ room: Room }>(
    url,
    '/api/rooms',
    { type: 'direct', participantIds: [to.id] },
    from.token,
  );
  return room;
}

export async function createGroupRoom(
  url: string,
  owner: E2eUser,
  name: string,
  members: readonly E2eUser[],
): Promise<Room> {
  const { room } = await post<{ room: Room }>(
    url,
    '/api/rooms',
    { type: 'group', name, participantIds: members.map((member) => member.id) },
    owner.token,
  );
  return room;
}

/** The room as `user` sees it on the server (its `unreadCount` and `lastReadSeq` are theirs). */
export async function roomOf(url: string, user: E2eUser, roomId: string): Promise<Room> {
  const { room } = await get<{ room: Room }>(url, `/api/rooms/${roomId}`, user.token);
  return room;
}

/** Adds `user` to a group as `by` (its "… added …" line goes to the room). */
export async function addMember(url: string, by: E2eUser, roomId: string, user: E2eUser) {
  await post(url, `/api/rooms/${roomId}/members`, { userId: user.id }, by.token);
}

/** The group's owner names `user` an admin (who may then rename and remove members). */
export async function makeAdmin(url: string, owner: E2eUser, roomId: string, user: E2eUser) {
  await send('PUT', url, `/api/rooms/${roomId}/members/${user.id}`, { role: 'admin' }, owner.token);
}

/** Renames or recolours a group as `by` (its owner or an admin). */
export async function updateGroup(
  url: string,
  by: E2eUser,
  roomId: string,
  changes: UpdateRoomBody,
) {
  await send('PATCH', url, `/api/rooms/${roomId}`, changes, by.token);
}

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * A Socket.IO connection as `token` (a user or a visitor), resolved once connected. WebSocket
 * only, as the web app connects, unless `options` say otherwise (`transports`, a `query`).
 */
export function connect(
  url: string,
  token: string,
  options: Partial<ManagerOptions & SocketOptions> = {},
): Promise<ClientSocket> {
  const socket: ClientSocket = io(url, {
    auth: { token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    ...options,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

/**
 * Sends `count` messages as `from`, `text(i)` for i = 0…count-1, in order (one at a time per
 * room, as the client's outbox does, so seqs follow i), and resolves with the stored messages.
 * With `replyTo`, each of them is a reply to that message.
 */
export async function seedMessages(
  url: string,
  from: E2eUser,
  roomId: string,
  count: number,
  text: (i: number) => string,
  options: { replyTo?: string } = {},
): Promise<Message[]> {
  const socket = await connect(url, from.token);
  try {
    const stored: Message[] = [];
    for (let i = 0; i < count; i++) {
      const ack = await socket.timeout(10_000).emitWithAck('message:send', {
        roomId,
        clientId: `seed-${i}-${Date.now().toString(36)}`,
        type: 'text',
        content: text(i),
        ...(options.replyTo ? { replyTo: options.replyTo } : {}),
      });
      if (!ack.ok) throw new Error(`seeding message ${i} failed: ${ack.error.code}`);
      stored.push(ack.message);
    }
    return stored;
  } finally {
    socket.close();
  }
}

/** Reacts to a message as `user` with each of `emoji` (`reaction:add`). */
export async function react(
  url: string,
  user: E2eUser,
  messageId: string,
  ...emoji: string[]
): Promise<void> {
  const socket = await connect(url, user.token);
  try {
    for (const e of emoji) {
      const ack = await socket.timeout(10_000).emitWithAck('reaction:add', { messageId, emoji: e });
      if (!ack.ok) throw new Error(`reacting failed: ${ack.error.code}`);
    }
  } finally {
    socket.close();
  }
}

/** Marks a room read by `user` up to `upToMessageId`, as their app would (`messages:read`). */
export async function markRead(
  url: string,
  user: E2eUser,
  roomId: string,
  upToMessageId: string,
): Promise<void> {
  const socket = await connect(url, user.token);
  try {
    const ack = await socket
      .timeout(10_000)
      .emitWithAck('messages:read', { roomId, upToMessageId });
    if (!ack.ok) throw new Error(`marking read failed: ${ack.error.code}`);
  } finally {
    socket.close();
  }
}

/** Waits for the next event of a socket that matches, or fails after the test's poll timeout. */
export function nextEvent<T>(socket: ClientSocket, event: string, match: (payload: T) => boolean) {
  const target = socket as unknown as {
    on(event: string, listener: (payload: T) => void): void;
    off(event: string, listener: (payload: T) => void): void;
  };
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} came`)), 15_000);
    const listener = (payload: T) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      target.off(event, listener);
      resolve(payload);
    };
    target.on(event, listener);
  });
}
