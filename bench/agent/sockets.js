import { io } from 'socket.io-client';

/**
 * Source addresses for the generator's sockets. Every loopback address has its own ~28k
 * ephemeral ports towards one server port, so rotating through a few never runs out.
 */
const SOURCE_ADDRESSES = ['127.0.0.1', '127.0.0.2', '127.0.0.3', '127.0.0.4'];
let nextSource = 0;

/**
 * One real socket.io-client socket over WebSocket, not yet connected. `hidden`: it says in the
 * handshake that its page is in the background (`auth.visible: false`), so its user gets pushes.
 * @param {string} url @param {string} token @param {{ hidden?: boolean }} [options]
 */
export function createSocket(url, token, { hidden = false } = {}) {
  const localAddress = SOURCE_ADDRESSES[nextSource++ % SOURCE_ADDRESSES.length];
  return io(url, {
    transports: ['websocket'],
    // As the SDK does: presence and reads in large rooms come gathered (a build from before
    // `messages:read:batch` ignores the name).
    auth: {
      token,
      features: ['presence:batch', 'messages:read:batch'],
      ...(hidden ? { visible: false } : {}),
    },
    reconnection: false,
    forceNew: true,
    autoConnect: false,
    timeout: 60_000,
    localAddress,
  });
}

/**
 * The node a user connects to when the target has several (a cluster): round-robin by user, so
 * the members of a room, who are consecutive users of the plan, mostly sit on different nodes.
 * @param {string[]} urls @param {number} userIndex
 */
export const nodeUrl = (urls, userIndex) => /** @type {string} */ (urls[userIndex % urls.length]);

/**
 * Connects a socket and resolves when the server accepted it (or rejects on connect_error).
 * @param {import('socket.io-client').Socket} socket
 */
export function connectSocket(socket) {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => reject(error));
    // Closed before the server accepted it: socket.io-client tells no connect_error then (a
    // disconnect once connected settles nothing: the promise is resolved).
    socket.once('disconnect', (reason) => reject(new Error(`closed while connecting (${reason})`)));
    socket.connect();
  });
}

/**
 * Runs `work` over `items` with at most `concurrency` at a time.
 * @template T @param {T[]} items @param {number} concurrency @param {(item: T, index: number) => Promise<void>} work
 */
export async function eachLimited(items, concurrency, work) {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      await work(/** @type {T} */ (items[index]), index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
}

/**
 * Emits with an ack and resolves with the answer (or an error answer after `timeoutMs`).
 * @param {import('socket.io-client').Socket} socket @param {string} event @param {unknown} payload
 * @returns {Promise<any>}
 */
export function request(socket, event, payload, timeoutMs = 30_000) {
  return new Promise((resolve) => {
    socket
      .timeout(timeoutMs)
      .emit(event, payload, (/** @type {unknown} */ error, /** @type {unknown} */ answer) =>
        resolve(error ? { ok: false, error: { code: 'timeout', message: String(error) } } : answer),
      );
  });
}

/** High-resolution wall clock (ms), comparable between processes on one machine. */
export const now = () => performance.timeOrigin + performance.now();
