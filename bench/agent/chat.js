import { Latencies } from '../lib/percentiles.js';
import { connectSocket, createSocket, eachLimited, nodeUrl, now } from './sockets.js';

/**
 * Chat traffic: members of rooms connected as real sockets, senders sending `message:send`,
 * every member counting `message:new`. Used by the conversations and fan-out scenarios.
 * @typedef {{ socket: import('socket.io-client').Socket, roomId: string, roomSize: number,
 *   received: Set<string>, index: number }} Member
 * @typedef {{ t0: number, roomSize: number, got: number, ok: boolean | undefined }} Pending
 */

/** @type {Member[]} */
let members = [];
/** @type {Member[]} */
let senders = [];
/** When any event last reached any member. */
let lastEventAt = 0;
/** The run in progress; deliveries of earlier runs that arrive late are ignored. */
let run = newRun('none');
/** Ends the `sendAtRate` in progress before its duration (`stopSending`). */
let stopEarly = () => {};

/** @param {string} tag */
function newRun(tag) {
  return {
    tag,
    /** @type {Map<string, Pending>} */
    pending: new Map(),
    sent: 0,
    acked: 0,
    failed: 0,
    /** @type {string | undefined} */
    firstError: undefined,
    completed: 0,
    deliveries: 0,
    duplicates: 0,
    lastCompletion: 0,
    lastDelivery: 0,
    ack: new Latencies(),
    receive: new Latencies(),
    // Reads (`readEach`): members' `messages:read` requests and the receipt packets they cause.
    reads: 0,
    readsAcked: 0,
    readsFailed: 0,
    /** @type {string | undefined} */
    firstReadError: undefined,
    readAck: new Latencies(),
    /** `messages:read:update` and `messages:read:batch` packets received, and reads they carry. */
    readPackets: 0,
    readsTold: 0,
    deliveredPackets: 0,
  };
}

/**
 * Connects every member of the rooms, each to its node; `sendersPerRoom` of each room's members
 * will send. `hidden`: every socket is a background tab (its user gets pushes). `readEach`: every
 * member but the senders marks each message of the run read as it arrives (`messages:read`).
 * @param {{ urls: string[], rooms: import('../lib/plan.js').BenchRoom[], sendersPerRoom: number, hidden?: boolean, readEach?: boolean }} params
 */
export async function connect({ urls, rooms, sendersPerRoom, hidden = false, readEach = false }) {
  members = [];
  senders = [];
  for (const room of rooms) {
    room.members.forEach((user, i) => {
      const member = {
        socket: createSocket(nodeUrl(urls, user.index), user.token, { hidden }),
        roomId: room.id,
        roomSize: room.members.length,
        received: new Set(),
        index: members.length,
      };
      member.socket.onAny(() => (lastEventAt = performance.now()));
      member.socket.on('message:new', (/** @type {{ clientId: string, content: string }} */ m) =>
        onDelivery(member, m),
      );
      countReceipts(member.socket);
      if (readEach && i >= sendersPerRoom) {
        member.socket.on('message:new', (/** @type {{ id: string, clientId: string }} */ m) =>
          markRead(member, m),
        );
      }
      members.push(member);
      if (i < sendersPerRoom) senders.push(member);
    });
  }
  const started = performance.now();
  await eachLimited(members, 100, async (m) => void (await connectSocket(m.socket)));
  const connectMs = performance.now() - started;
  // Connecting members announce themselves (presence) to their rooms: measure after the echo.
  const quietDeadline = performance.now() + 60_000;
  while (performance.now() - lastEventAt < 500 && performance.now() < quietDeadline) {
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    sockets: members.length,
    senders: senders.length,
    connectMs,
    settleMs: performance.now() - started - connectMs,
  };
}

/** @param {Member} member @param {{ clientId: string, content: string }} message */
function onDelivery(member, message) {
  const at = now();
  if (!message.clientId?.startsWith(run.tag)) return;
  if (member.received.has(message.clientId)) {
    run.duplicates++;
    return;
  }
  member.received.add(message.clientId);
  run.deliveries++;
  run.lastDelivery = performance.now();
  run.receive.add(at - Number(message.content));
  const pending = run.pending.get(message.clientId);
  if (pending && ++pending.got === pending.roomSize) {
    run.completed++;
    run.lastCompletion = performance.now();
  }
}

/** Counts the receipt packets a socket is handed, and the reads they tell of. @param {import('socket.io-client').Socket} socket */
function countReceipts(socket) {
  socket.on('messages:read:update', () => {
    run.readPackets++;
    run.readsTold++;
  });
  socket.on('messages:read:batch', (/** @type {{ reads: unknown[] }} */ batch) => {
    run.readPackets++;
    run.readsTold += batch.reads.length;
  });
  socket.on('messages:delivered:update', () => run.deliveredPackets++);
}

/** Marks a message of the run read, as a client showing the room does. @param {Member} member @param {{ id: string, clientId: string }} message */
function markRead(member, message) {
  if (!message.clientId?.startsWith(run.tag)) return;
  const current = run;
  const t0 = now();
  current.reads++;
  member.socket.emit(
    'messages:read',
    { roomId: member.roomId, upToMessageId: message.id },
    (/** @type {{ ok: boolean, error?: { code: string } }} */ answer) => {
      current.readAck.add(now() - t0);
      if (answer?.ok) current.readsAcked++;
      else {
        current.readsFailed++;
        current.firstReadError ??= JSON.stringify(answer?.error);
      }
    },
  );
}

/** @param {Member} sender @param {() => void} [onAck] */
function send(sender, onAck) {
  const clientId = `${run.tag}-${sender.index}-${run.sent++}`;
  const t0 = now();
  const current = run;
  current.pending.set(clientId, { t0, roomSize: sender.roomSize, got: 0, ok: undefined });
  sender.socket.emit(
    'message:send',
    { roomId: sender.roomId, clientId, type: 'text', content: String(t0) },
    (/** @type {{ ok: boolean, error?: { code: string, message?: string } }} */ answer) => {
      current.ack.add(now() - t0);
      const pending = current.pending.get(clientId);
      if (pending) pending.ok = answer?.ok === true;
      if (answer?.ok) current.acked++;
      else {
        current.failed++;
        current.firstError ??= JSON.stringify(answer?.error);
      }
      onAck?.();
    },
  );
}

/**
 * Open loop: `rate` messages/s spread over all senders for `durationMs` (or until
 * `stopSending`), whatever the answers.
 * @param {{ tag: string, rate: number, durationMs: number }} params
 */
export async function sendAtRate({ tag, rate, durationMs }) {
  run = newRun(tag);
  const started = performance.now();
  let next = 0;
  let end = durationMs;
  stopEarly = () => (end = Math.min(end, performance.now() - started));
  await new Promise((resolve) => {
    const timer = setInterval(() => {
      const elapsed = performance.now() - started;
      const due = Math.floor((Math.min(elapsed, end) * rate) / 1000);
      while (senders.length > 0 && run.sent < due)
        send(/** @type {Member} */ (senders[next++ % senders.length]));
      if (elapsed >= end) {
        clearInterval(timer);
        resolve(undefined);
      }
    }, 2);
  });
  stopEarly = () => {};
  return finish(started, end);
}

/** Ends the `sendAtRate` in progress now: a probe that runs as long as something else does. */
export async function stopSending() {
  stopEarly();
}

/**
 * Closed loop, flat out: every sender keeps `window` sends in flight for `durationMs`.
 * @param {{ tag: string, window: number, durationMs: number }} params
 */
export async function sendFlatOut({ tag, window, durationMs }) {
  run = newRun(tag);
  const started = performance.now();
  const deadline = started + durationMs;
  for (const sender of senders) {
    const loop = () => {
      if (performance.now() < deadline) send(sender, loop);
    };
    for (let i = 0; i < window; i++) loop();
  }
  await new Promise((r) => setTimeout(r, durationMs));
  return finish(started, durationMs);
}

/**
 * Waits (bounded) for every ack and delivery, then counts what was lost or duplicated.
 * @param {number} started @param {number} durationMs
 */
async function finish(started, durationMs) {
  const drainDeadline = performance.now() + 15_000;
  let lastDeliveries = -1;
  let quietSince = performance.now();
  while (performance.now() < drainDeadline) {
    const arrivals = run.deliveries + run.readPackets + run.deliveredPackets;
    if (arrivals !== lastDeliveries) {
      lastDeliveries = arrivals;
      quietSince = performance.now();
    }
    const allAcked =
      run.acked + run.failed === run.sent && run.readsAcked + run.readsFailed === run.reads;
    const allHere = [...run.pending.values()].every((p) => !p.ok || p.got === p.roomSize);
    const quiet = performance.now() - quietSince;
    // A process that only receives (fan-out) cannot know the count: it waits for quiet; so do
    // readers, whose receipts are told in batches up to a second later.
    const settled = run.sent > 0 && run.reads === 0 ? allHere : quiet > 3000;
    if (allAcked && settled) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  // Only acked messages must be delivered; a failed send must reach no one.
  let lostDeliveries = 0;
  let deliveredFailed = 0;
  let unacked = 0;
  let expectedDeliveries = 0;
  for (const p of run.pending.values()) {
    if (p.ok === undefined) unacked++;
    if (p.ok) {
      lostDeliveries += p.roomSize - p.got;
      expectedDeliveries += p.roomSize;
    } else deliveredFailed += p.got;
  }
  await new Promise((r) => setTimeout(r, 200)); // late duplicates
  const result = {
    startedAt: performance.timeOrigin + started,
    elapsedMs: Math.max(durationMs, run.lastCompletion - started),
    lastDeliveryMs: run.lastDelivery - started,
    sent: run.sent,
    acked: run.acked,
    failed: run.failed,
    firstError: run.firstError,
    unacked,
    completed: run.completed,
    deliveries: run.deliveries,
    expectedDeliveries,
    lostDeliveries,
    deliveredFailed,
    duplicates: run.duplicates,
    ack: run.ack.toJSON(),
    receive: run.receive.toJSON(),
    reads: run.reads,
    readsAcked: run.readsAcked,
    readsFailed: run.readsFailed,
    firstReadError: run.firstReadError,
    readAck: run.readAck.toJSON(),
    readPackets: run.readPackets,
    readsTold: run.readsTold,
    deliveredPackets: run.deliveredPackets,
  };
  for (const m of members) m.received.clear();
  run.pending.clear();
  return result;
}

/** Closes every socket of the scenario. */
export async function close() {
  for (const m of members) m.socket.disconnect();
  members = [];
  senders = [];
}
