import { summarise } from '../lib/percentiles.js';
import { connectSocket, createSocket, eachLimited, nodeUrl, request } from './sockets.js';

/**
 * Idle authenticated sockets (the connections scenario) and their reconnect storm.
 * @typedef {{ token: string, index: number, roomId: string }} IdleClient
 */

/** @type {import('socket.io-client').Socket[]} */
let sockets = [];

/**
 * Opens one socket per client, each to its node, `concurrency` handshakes at a time.
 * @param {{ urls: string[], clients: IdleClient[], concurrency: number }} params
 */
export async function connect({ urls, clients, concurrency }) {
  sockets = connectingTo(urls, clients);
  let failed = 0;
  /** @type {string | undefined} */
  let firstError;
  const started = performance.now();
  await eachLimited(sockets, concurrency, async (socket) => {
    await connectSocket(socket).catch((/** @type {Error} */ error) => {
      failed++;
      firstError ??= error.message;
    });
  });
  const ms = performance.now() - started;
  return {
    connected: sockets.length - failed,
    failed,
    firstError,
    ms: Math.round(ms),
    perSecond: Math.round(((sockets.length - failed) / ms) * 1000),
  };
}

/**
 * Every client drops, then all come back at once and (with `afterSeq`) sync what they missed,
 * paging while `hasMore`. Resolves when every client is connected and synced.
 * @param {{ urls: string[], clients: IdleClient[], afterSeq?: number, expectMissed: number, concurrency: number }} params
 */
export async function storm({ urls, clients, afterSeq, expectMissed, concurrency }) {
  for (const s of sockets) s.disconnect();
  sockets = connectingTo(urls, clients);
  let failed = 0;
  let incomplete = 0;
  /** @type {string | undefined} */
  let firstError;
  /** @type {number[]} */
  const readyAt = [];
  const started = performance.now();
  let refused = 0;
  await eachLimited(sockets, concurrency, async (socket, i) => {
    try {
      refused += await connectAsTheSdkDoes(socket);
      if (afterSeq !== undefined) {
        const client = /** @type {IdleClient} */ (clients[i]);
        let cursor = afterSeq;
        let missed = 0;
        for (let page = 0; page < 100; page++) {
          const answer = await request(socket, 'messages:sync', {
            rooms: [{ roomId: client.roomId, afterSeq: cursor }],
          });
          if (!answer?.ok) throw new Error(JSON.stringify(answer?.error));
          const room = answer.rooms[0];
          missed += room.messages.length;
          cursor = room.messages.at(-1)?.seq ?? cursor;
          if (!room.hasMore) break;
        }
        if (missed !== expectMissed) incomplete++;
      }
      readyAt.push(performance.now() - started);
    } catch (error) {
      failed++;
      firstError ??= error instanceof Error ? error.message : String(error);
    }
  });
  return {
    clients: clients.length,
    failed,
    refused,
    incomplete,
    firstError,
    allSyncedMs: Math.round(performance.now() - started),
    perClientMs: summarise(readyAt),
  };
}

/**
 * Connects like the SDK (connection-lifecycle.ts): a handshake the server refuses as
 * `unavailable` (too many waiting, or its database unreachable) comes back after the
 * `retryAfterMs` it was told plus up to as much again of jitter. Counted, not failed: a refusal
 * with a time to come back is the server pacing a storm, and what it costs shows in the time.
 * Answers how many times the server refused this client.
 * @param {import('socket.io-client').Socket} socket
 */
async function connectAsTheSdkDoes(socket) {
  for (let refusals = 0; ; refusals++) {
    try {
      await connectSocket(socket);
      return refusals;
    } catch (error) {
      const retryAfterMs = /** @type {{ data?: { retryAfterMs?: unknown } }} */ (error).data
        ?.retryAfterMs;
      const refusedForNow =
        error instanceof Error &&
        error.message === 'unavailable' &&
        typeof retryAfterMs === 'number';
      if (!refusedForNow || refusals === MAX_REFUSALS) throw error;
      await new Promise((resolve) => setTimeout(resolve, retryAfterMs * (1 + Math.random())));
    }
  }
}

/** Refusals after which a client gives up and counts as failed. */
const MAX_REFUSALS = 10;

/**
 * Each client's socket, to its own node (the same one when it comes back in a storm).
 * @param {string[]} urls @param {IdleClient[]} clients
 */
const connectingTo = (urls, clients) =>
  clients.map((c) => createSocket(nodeUrl(urls, c.index), c.token));

export async function close() {
  for (const s of sockets) s.disconnect();
  sockets = [];
}
