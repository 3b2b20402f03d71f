import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Room } from '@natter/protocol';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientSocket, TestUser } from './helpers/clients.js';
import {
  createGroupRoom,
  nextEvent,
  ok,
  registerUser,
  request,
  sendText,
} from './helpers/clients.js';
import { clusterCanRun } from './helpers/cluster.js';
import { codeOf, connectReady, eventually } from './helpers/message-helpers.js';
import type { NodeProcess } from './helpers/node-processes.js';
import { startNodeProcess } from './helpers/node-processes.js';
import type { ScratchDatabase } from './helpers/scratch-database.js';
import { createScratchDatabase } from './helpers/scratch-database.js';

/** The worker processes of a primary, oldest first (worker 1 is forked first). */
function workerPids(primary: NodeProcess): number[] {
  const children = readFileSync(`/proc/${primary.pid}/task/${primary.pid}/children`, 'utf8');
  return children
    .split(/\s+/)
    .filter(Boolean)
    .map(Number)
    .toSorted((a, b) => a - b);
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** A socket that speaks HTTP long-polling only: each of its requests must reach its worker. */
function connectPolling(url: string, token: string): Promise<ClientSocket> {
  const socket: ClientSocket = io(url, {
    auth: { token },
    transports: ['polling'],
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/**
 * Opens a WebSocket upgrade on a raw TCP connection, its request written in two parts with a
 * turn of the event loop between them, as a slow or fragmenting network delivers it: the primary
 * reads the first part and hands the connection over while the second is on its way. Resolves
 * with the first bytes the server answers (a `101` when the second part reached the worker).
 */
function splitUpgrade(url: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port), noDelay: true });
    socket.once('error', reject);
    // Bounds a failure only: a worker that got the whole request answers in milliseconds.
    socket.setTimeout(15_000, () => {
      socket.destroy();
      resolve('no answer');
    });
    socket.once('data', (answer) => {
      socket.destroy();
      resolve(answer.toString('latin1'));
    });
    socket.once('connect', () => {
      socket.write(`GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: ${hostname}\r\n`);
      setImmediate(() =>
        socket.write(
          'Upgrade: websocket\r\nConnection: Upgrade\r\n' +
            `Sec-WebSocket-Key: ${Buffer.from(crypto.randomUUID().slice(0, 16)).toString('base64')}\r\n` +
            'Sec-WebSocket-Version: 13\r\n\r\n',
        ),
      );
    });
  });
}

/**
 * WORKERS=2 on PostgreSQL without Redis: one port, two worker processes behind a primary. The
 * primary gives each new connection to the worker with fewer (`least-connection`, ties to the
 * first), so sockets opened one after another alternate between worker 1 and worker 2; the
 * SIGKILL test proves it by which sockets drop.
 */
describe.skipIf(!clusterCanRun)('WORKERS=2: one port, two processes, no Redis', () => {
  let database: ScratchDatabase;
  let dataDir: string;
  let primary: NodeProcess;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let room: Room;
  /** Connected in this order: worker 1, 2, 1, 2. */
  let aliceOn1: ClientSocket;
  let bobOn2: ClientSocket;
  let bobOn1: ClientSocket;
  let carolPollingOn2: ClientSocket;
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    database = await createScratchDatabase('natter_workers');
    dataDir = await mkdtemp(join(tmpdir(), 'natter-workers-'));
    primary = await startNodeProcess({
      DATABASE_URL: database.url,
      DATA_DIR: dataDir,
      WORKERS: '2',
      RATE_LIMITS: 'on',
    });
    alice = await registerUser(primary.url, 'wa');
    bob = await registerUser(primary.url, 'wb');
    carol = await registerUser(primary.url, 'wc');
    room = await createGroupRoom(primary.url, alice.token, [bob.user.id, carol.user.id]);
    aliceOn1 = await connectReady(primary.url, alice.token);
    sockets.push(aliceOn1);
    const bobOnline = nextEvent(aliceOn1, 'presence:update', (p) => p.userId === bob.user.id);
    bobOn2 = await connectReady(primary.url, bob.token);
    sockets.push(bobOn2);
    // Announced by worker 2, received on worker 1: presence crosses workers.
    expect(await bobOnline).toMatchObject({ online: true });
    bobOn1 = await connectReady(primary.url, bob.token);
    sockets.push(bobOn1);
    carolPollingOn2 = await connectPolling(primary.url, carol.token);
    sockets.push(carolPollingOn2);
    ok(await request(carolPollingOn2, 'presence:get', { userIds: [] }));
  }, 60_000);

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await primary?.kill('SIGKILL');
    await database?.drop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('delivers a message to members on the other worker, and to the sender before its ack', async () => {
    const toBob = nextEvent(bobOn2, 'message:new', (m) => m.content === 'hello from 1');
    const toCarol = nextEvent(carolPollingOn2, 'message:new', (m) => m.content === 'hello from 1');
    let echoedBeforeAck = false;
    aliceOn1.once('message:new', () => (echoedBeforeAck = true));
    const ack = ok(await sendText(aliceOn1, room.id, 'hello from 1'));
    expect(echoedBeforeAck).toBe(true);
    expect((await toBob).id).toBe(ack.message.id);
    expect((await toCarol).id).toBe(ack.message.id);
  });

  it('serves a long-polling client: its sends and receives reach one worker through the primary', async () => {
    const toAlice = nextEvent(aliceOn1, 'message:new', (m) => m.content === 'over polling');
    const ack = ok(await sendText(carolPollingOn2, room.id, 'over polling'));
    expect((await toAlice).id).toBe(ack.message.id);
    expect(carolPollingOn2.io.engine.transport.name).toBe('polling');
  });

  it('answers presence for users whose sockets are on either worker', async () => {
    const answer = ok(
      await request(carolPollingOn2, 'presence:get', { userIds: [alice.user.id, bob.user.id] }),
    );
    expect(answer.presence.map((p) => [p.userId, p.online]).toSorted()).toEqual(
      [
        [alice.user.id, true],
        [bob.user.id, true],
      ].toSorted(),
    );
  });

  it('counts one rate budget across the workers', async () => {
    // presence:get: 30 a user per 10 s, of which bob's two connectReady calls took 2.
    const fromBoth = [];
    for (let i = 0; i < 14; i++) {
      fromBoth.push(request(bobOn1, 'presence:get', { userIds: [] }));
      fromBoth.push(request(bobOn2, 'presence:get', { userIds: [] }));
    }
    expect((await Promise.all(fromBoth)).map(codeOf)).toEqual(Array(28).fill('ok'));
    // Counted per worker, each would be at 15 of 30 here.
    expect(codeOf(await request(bobOn1, 'presence:get', { userIds: [] }))).toBe('rate_limited');
    expect(codeOf(await request(bobOn2, 'presence:get', { userIds: [] }))).toBe('rate_limited');
  });

  it('loses no byte a client sends while its connection is handed to a worker', async () => {
    // Before the primary stopped reading a connection it hands over, bytes arriving until the
    // worker acknowledged it were read by the primary and dropped: here the upgrade's second
    // part, in a burst of 1,000 WebSocket clients their CONNECT packet (each then hung 45 s).
    const answers = await Promise.all(Array.from({ length: 100 }, () => splitUpgrade(primary.url)));
    expect(answers.filter((answer) => !answer.startsWith('HTTP/1.1 101 '))).toEqual([]);
  });

  it('replaces a worker killed with SIGKILL; the other serves on and announces its users offline', async () => {
    const [first, second] = workerPids(primary);
    if (first === undefined || second === undefined) throw new Error(primary.output());
    const aliceOffline = nextEvent(
      carolPollingOn2,
      'presence:update',
      (p) => p.userId === alice.user.id && !p.online,
      10_000,
    );
    const bobSeen: boolean[] = [];
    carolPollingOn2.on('presence:update', (p) => {
      if (p.userId === bob.user.id) bobSeen.push(p.online);
    });
    const dropped = Promise.all(
      [aliceOn1, bobOn1].map((s) => new Promise((resolve) => s.once('disconnect', resolve))),
    );
    process.kill(first, 'SIGKILL');
    await dropped;
    // Worker 1's sockets are gone, worker 2's are not: the sockets were spread as planned.
    expect(bobOn2.connected).toBe(true);
    expect(carolPollingOn2.connected).toBe(true);
    // Alice had no other device; bob still has one on worker 2.
    expect(await aliceOffline).toMatchObject({ online: false });

    const toCarol = nextEvent(carolPollingOn2, 'message:new', (m) => m.content === 'still here');
    const ack = ok(await sendText(bobOn2, room.id, 'still here'));
    expect((await toCarol).id).toBe(ack.message.id);

    await eventually(
      async () => {
        const pids = workerPids(primary);
        return pids.length === 2 && !pids.includes(first) && pids.includes(second);
      },
      { timeoutMs: 10_000 },
    );
    expect(primary.output()).toContain('a worker died: starting another');
    await eventually(
      async () => /"worker":3,[^\n]*serving the connections/.test(primary.output()),
      {
        timeoutMs: 15_000,
      },
    );
    // The replacement takes new clients: alice comes back, on it or on worker 2.
    const aliceBack = await connectReady(primary.url, alice.token);
    sockets.push(aliceBack);
    const backToCarol = nextEvent(carolPollingOn2, 'message:new', (m) => m.content === 'back');
    ok(await sendText(aliceBack, room.id, 'back'));
    expect((await backToCarol).content).toBe('back');
    expect(bobSeen).not.toContain(false);
    expect(isAlive(first)).toBe(false);
  }, 30_000);

  it('drains on SIGTERM: every worker ends, then the primary, with status 0', async () => {
    const workers = workerPids(primary);
    const bobSentAway = new Promise((resolve) => bobOn2.once('disconnect', resolve));
    const exit = await primary.kill('SIGTERM');
    expect(exit, primary.output()).toEqual({ code: 0, signal: null });
    expect(workers.filter(isAlive)).toEqual([]);
    expect(await bobSentAway).toBe('transport close');
  }, 30_000);
});

describe('WORKERS with the embedded database', () => {
  it('refuses to start: PGlite belongs to one process', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'natter-workers-'));
    try {
      await expect(startNodeProcess({ DATA_DIR: dataDir, WORKERS: '2' })).rejects.toThrow(
        'WORKERS=2 needs DATABASE_URL',
      );
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
