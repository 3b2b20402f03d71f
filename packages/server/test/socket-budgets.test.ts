import type { RequestEvent } from '@natter/protocol';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { RATE_BUDGETS } from '../src/rate-limit/rate-budgets.js';
import type { RatePolicy } from '../src/rate-limit/rate-budgets.js';
import { connect, createDirectRoom, nextEvent, recordEvents, request } from './helpers/clients.js';
import type { ClientSocket } from './helpers/clients.js';
import { codeOf, registerUsers, useSocketTestServer } from './helpers/message-helpers.js';
import type { TestServer } from './helpers/test-server.js';
import { startTestServer } from './helpers/test-server.js';

const MAX_IN_FLIGHT = 4;
const MAX_SOCKETS = 3;

const { t, sockets, directPair } = useSocketTestServer({
  rateLimits: true,
  sockets: { maxSocketsPerUser: MAX_SOCKETS },
});

/** The budget each acked event spends (connection-handler.ts registers them). */
const REQUEST_BUDGETS: Record<RequestEvent, RatePolicy> = {
  'message:send': 'messagesPerUser',
  'message:edit': 'editsPerUser',
  'message:delete': 'deletesPerUser',
  'reaction:add': 'reactionsPerUser',
  'reaction:remove': 'reactionsPerUser',
  'message:preview:remove': 'editsPerUser',
  'messages:load': 'loadsPerUser',
  'messages:sync': 'syncsPerUser',
  'messages:read': 'readsPerUser',
  'presence:get': 'presencePerUser',
  'visibility:set': 'visibilityPerUser',
};

/** Whether the handshake is accepted, or the `connect_error` it fails with. */
async function handshake(auth: object): Promise<{ message: string; data?: unknown } | 'connected'> {
  try {
    const socket = await connect(t.url, undefined, auth);
    socket.close();
    return 'connected';
  } catch (error) {
    const { message, data } = error as Error & { data?: unknown };
    return { message, data };
  }
}

describe('per-event budgets', () => {
  it('every acked event spends its own per-user budget: past it the answer is rate_limited with retryAfterMs, before any parsing', async () => {
    const [user] = await registerUsers(t.url, ['budget']);
    // Not connectReady: its presence:get round trip would spend from a budget under test.
    const socket = await connect(t.url, user!.token);
    // Events that share a budget (reaction:add and reaction:remove) find it spent by the first.
    const spent = new Set<RatePolicy>();
    try {
      for (const [event, policy] of Object.entries(REQUEST_BUDGETS) as [
        RequestEvent,
        RatePolicy,
      ][]) {
        // An empty payload costs as much as a valid one: garbage is not a way around the budget.
        for (let i = 0; !spent.has(policy) && i < RATE_BUDGETS[policy].points; i++) {
          expect(codeOf(await request(socket, event, {})), `${event} #${i + 1}`).toBe(
            'bad_request',
          );
        }
        const limited = await request(socket, event, {});
        expect(codeOf(limited), event).toBe('rate_limited');
        if (limited.ok) throw new Error('unreachable');
        expect(limited.error.message).toContain(RATE_BUDGETS[policy].what);
        expect(limited.error.retryAfterMs).toBeGreaterThan(0);
        expect(limited.error.retryAfterMs).toBeLessThanOrEqual(
          RATE_BUDGETS[policy].durationSec * 1000,
        );
        spent.add(policy);
      }
    } finally {
      socket.close();
    }
  });

  it('typing past its budget is dropped without an answer; other users keep theirs', async () => {
    const { alice, bob, room, a, b } = await directPair();
    // Carol, in another room with Bob, provides the barrier.
    const [carol] = await registerUsers(t.url, ['carol']);
    const carolsRoom = await createDirectRoom(t.url, carol!.token, bob.user.id);
    const c = await sockets.connect(carol!);
    const updates = recordEvents(b, 'typing:update');
    const budget = RATE_BUDGETS.typingPerUser.points;
    const last = nextEvent(b, 'typing:update', () => updates.seen.length === budget);
    for (let i = 0; i < budget + 5; i++) a.emit('typing:start', { roomId: room.id });
    await last;
    // Barrier: Carol's start is announced after any of Alice's that got through.
    const carolTyping = nextEvent(b, 'typing:update', (u) => u.userId === carol!.user.id);
    c.emit('typing:start', { roomId: carolsRoom.id });
    await carolTyping;
    updates.stop();
    expect(updates.seen.filter((u) => u.userId === alice.user.id)).toHaveLength(budget);
  });
});

describe('requests in flight per socket', () => {
  let small: TestServer;
  beforeAll(async () => {
    small = await startTestServer({ sockets: { maxRequestsInFlight: MAX_IN_FLIGHT } });
  });
  afterAll(() => small.close());

  it(`past ${MAX_IN_FLIGHT} unanswered requests, the next is answered rate_limited at once, and the slots come back`, async () => {
    const [alice, bob] = await registerUsers(small.url, ['alice', 'bob']);
    const room = await createDirectRoom(small.url, alice!.token, bob!.user.id);
    const a = await connect(small.url, alice!.token);
    onTestFinished(() => void a.close());
    const load = () => request(a, 'messages:load', { roomId: room.id });
    const answers = await Promise.all(Array.from({ length: 12 }, load));
    const codes = answers.map(codeOf);
    expect(codes.slice(0, MAX_IN_FLIGHT)).toEqual(Array(MAX_IN_FLIGHT).fill('ok'));
    expect(codes).toContain('rate_limited');
    for (const answer of answers) {
      if (answer.ok) continue;
      expect(answer.error.code).toBe('rate_limited');
      expect(answer.error.retryAfterMs).toBeGreaterThan(0);
    }
    expect(codeOf(await load())).toBe('ok');
  });

  it("the slots are each socket's own: the user's other socket is served while one is full", async () => {
    const [alice, bob] = await registerUsers(small.url, ['alice', 'bob']);
    const room = await createDirectRoom(small.url, alice!.token, bob!.user.id);
    const full = await connect(small.url, alice!.token);
    const other = await connect(small.url, alice!.token);
    onTestFinished(() => void (full.close(), other.close()));
    const load = (socket: ClientSocket) => () =>
      request(socket, 'messages:load', { roomId: room.id });
    // Whichever socket's requests arrive first, a count shared between them would refuse some of
    // the other's first MAX_IN_FLIGHT.
    const [fullAnswers, otherAnswers] = await Promise.all([
      Promise.all(Array.from({ length: 12 }, load(full))),
      Promise.all(Array.from({ length: MAX_IN_FLIGHT }, load(other))),
    ]);
    expect(fullAnswers.map(codeOf).slice(0, MAX_IN_FLIGHT)).toEqual(
      Array(MAX_IN_FLIGHT).fill('ok'),
    );
    expect(fullAnswers.map(codeOf)).toContain('rate_limited');
    expect(otherAnswers.map(codeOf)).toEqual(Array(MAX_IN_FLIGHT).fill('ok'));
  });
});

describe('event names', () => {
  it("a name that is not one of the protocol's client events (an Object.prototype key included) gets no answer, and the socket is served on", async () => {
    const { room, a } = await directPair();
    const answered: string[] = [];
    const untyped = a as unknown as { emit(event: string, ...args: unknown[]): void };
    for (const event of ['__proto__', 'constructor', 'hasOwnProperty', 'toString', 'no:such']) {
      untyped.emit(event, {}, () => answered.push(event));
    }
    // Packets of one socket are handled in order, and a refusal would be answered at once: by
    // the time the next request is answered, an answer to any of these would have come.
    expect(codeOf(await request(a, 'messages:load', { roomId: room.id }))).toBe('ok');
    expect(answered).toEqual([]);
  });
});

describe('sockets per user', () => {
  it(`a user's socket past ${MAX_SOCKETS} fails its handshake with too_many_connections; others are not affected; a closed one frees its slot`, async () => {
    const [alice, bob] = await registerUsers(t.url, ['alice', 'bob']);
    const open: ClientSocket[] = [];
    for (let i = 0; i < MAX_SOCKETS; i++) open.push(await connect(t.url, alice!.token));
    try {
      expect(await handshake({ token: alice!.token })).toEqual({
        message: 'too_many_connections',
        data: { maxSockets: MAX_SOCKETS },
      });
      expect(await handshake({ token: bob!.token })).toBe('connected');
      open.shift()?.close();
      // The server learns of the close over another connection: ask until it has.
      await expect.poll(() => handshake({ token: alice!.token })).toBe('connected');
    } finally {
      for (const socket of open) socket.close();
    }
  });
});

describe('protocol version in the handshake', () => {
  it('a client declaring an unsupported version gets unsupported_protocol_version naming the supported one', async () => {
    const [user] = await registerUsers(t.url, ['version']);
    for (const protocolVersion of [2, 0, '1', null]) {
      expect(await handshake({ token: user!.token, protocolVersion })).toEqual({
        message: 'unsupported_protocol_version',
        data: { supportedVersions: [1] },
      });
    }
  });

  it('version 1, or none at all (a PROTOCOL.md-only client), is accepted', async () => {
    const [user] = await registerUsers(t.url, ['version']);
    expect(await handshake({ token: user!.token, protocolVersion: 1 })).toBe('connected');
    expect(await handshake({ token: user!.token })).toBe('connected');
  });
});
