import { LIMITS } from '@natter/protocol';
import { describe, expect, it } from 'vitest';
import {
  createDirectRoom,
  createGroupRoom,
  nextEvent,
  recordEvents,
  registerUser,
  settle,
} from './helpers/clients.js';
import { caughtUp, messageBarrier } from './helpers/barrier.js';
import {
  closeSocket,
  eventually,
  registerUsers,
  sendOk,
  socketPool,
  useSocketTestServer,
} from './helpers/message-helpers.js';

const { t, sockets } = useSocketTestServer();

/** Alice (two devices), Bob and Carol in a group. */
async function group(pool = sockets) {
  const [alice, bob, carol] = await registerUsers(t.url, ['alice', 'bob', 'carol']);
  const room = await createGroupRoom(t.url, alice!.token, [bob!.user.id, carol!.user.id]);
  return {
    alice: alice!,
    room,
    a1: await pool.connect(alice!),
    a2: await pool.connect(alice!),
    b: await pool.connect(bob!),
    c: await pool.connect(carol!),
  };
}

describe('typing', () => {
  it('D13: typing:start reaches the others, never the typist’s own devices; typing:stop ends it', async () => {
    const { alice, room, a1, a2, b, c } = await group();
    const own = [recordEvents(a1, 'typing:update'), recordEvents(a2, 'typing:update')];
    const started = [b, c].map((s) => nextEvent(s, 'typing:update'));
    a1.emit('typing:start', { roomId: room.id });
    for (const update of await Promise.all(started)) {
      expect(update).toEqual({ roomId: room.id, userId: alice.user.id, isTyping: true });
    }
    const stopped = [b, c].map((s) => nextEvent(s, 'typing:update'));
    a1.emit('typing:stop', { roomId: room.id });
    for (const update of await Promise.all(stopped)) {
      expect(update).toEqual({ roomId: room.id, userId: alice.user.id, isTyping: false });
    }
    await messageBarrier(b, room.id, a1, a2);
    for (const recorder of own) expect(recorder.seen).toEqual([]);
  });

  it('D13: every typing:start is announced again (receivers can expire it); a stop from another device ends it', async () => {
    const { room, a1, a2, b, c } = await group();
    const updates = recordEvents(b, 'typing:update');
    const started = nextEvent(b, 'typing:update');
    a1.emit('typing:start', { roomId: room.id });
    await started;
    a1.emit('typing:start', { roomId: room.id });
    a2.emit('typing:start', { roomId: room.id });
    await eventually(async () => updates.seen.length >= 3);
    await Promise.all([caughtUp(a1), caughtUp(a2)]);
    await messageBarrier(c, room.id, b);
    expect(updates.seen.map((u) => u.isTyping)).toEqual([true, true, true]);
    const stopped = nextEvent(b, 'typing:update');
    a2.emit('typing:stop', { roomId: room.id });
    expect((await stopped).isTyping).toBe(false);
  });

  it('typing:stop without a start sends nothing', async () => {
    const { room, a1, b } = await group();
    const updates = recordEvents(b, 'typing:update');
    a1.emit('typing:stop', { roomId: room.id });
    await messageBarrier(a1, room.id, b);
    expect(updates.seen).toEqual([]);
  });

  it('a start immediately followed by a stop leaves nobody typing', async () => {
    const { room, a1, b, c } = await group();
    const updates = recordEvents(b, 'typing:update');
    a1.emit('typing:start', { roomId: room.id });
    a1.emit('typing:stop', { roomId: room.id });
    await caughtUp(a1);
    await messageBarrier(c, room.id, b);
    expect(updates.seen.at(-1)?.isTyping ?? false).toBe(false);
  });

  it('D13: sending a message ends the sender’s indicator', async () => {
    const { alice, room, a1, b } = await group();
    const started = nextEvent(b, 'typing:update');
    a1.emit('typing:start', { roomId: room.id });
    await started;
    const stopped = nextEvent(b, 'typing:update');
    await sendOk(a1, room.id, 'done typing');
    expect(await stopped).toEqual({ roomId: room.id, userId: alice.user.id, isTyping: false });
  });

  it('D13: a typist whose socket disconnects stops typing at once', async () => {
    const { alice, room, a1, b } = await group();
    const started = nextEvent(b, 'typing:update');
    a1.emit('typing:start', { roomId: room.id });
    await started;
    // Well before the 5 s expiry: the disconnect itself ends it.
    const stopped = nextEvent(b, 'typing:update', () => true, 2000);
    await closeSocket(a1);
    expect(await stopped).toEqual({ roomId: room.id, userId: alice.user.id, isTyping: false });
  });

  it('is per room', async () => {
    const [alice, bob] = await registerUsers(t.url, ['alice', 'bob']);
    const direct = await createDirectRoom(t.url, alice!.token, bob!.user.id);
    const carol = await registerUser(t.url, 'carol');
    const other = await createGroupRoom(t.url, alice!.token, [carol.user.id]);
    const a = await sockets.connect(alice!);
    const b = await sockets.connect(bob!);
    const c = await sockets.connect(carol);
    const bobSees = recordEvents(b, 'typing:update');
    const carolSees = nextEvent(c, 'typing:update');
    a.emit('typing:start', { roomId: other.id });
    expect((await carolSees).roomId).toBe(other.id);
    await messageBarrier(b, direct.id, b);
    expect(bobSees.seen).toEqual([]);
  });

  it('typing in a room one is not in is dropped, as are malformed payloads', async () => {
    const { room, b, c } = await group();
    const mallory = await sockets.connect(await registerUser(t.url, 'mallory'));
    const updates = [recordEvents(b, 'typing:update'), recordEvents(c, 'typing:update')];
    mallory.emit('typing:start', { roomId: room.id });
    const raw = b as unknown as { emit(event: string, payload: unknown): void };
    raw.emit('typing:start', {});
    raw.emit('typing:start', { roomId: room.id, extra: true });
    raw.emit('typing:start', 'room');
    await caughtUp(mallory);
    await messageBarrier(b, room.id, b, c);
    for (const recorder of updates) expect(recorder.seen).toEqual([]);
    // The socket that sent garbage still works.
    const update = nextEvent(c, 'typing:update');
    b.emit('typing:start', { roomId: room.id });
    expect((await update).isTyping).toBe(true);
  });
});

/** The slow tests run side by side, each closing its own sockets (afterEach would close theirs). */
describe('typing expiry', () => {
  const expiry = LIMITS.typingExpiryMs;
  const ownSockets = () => socketPool(() => t.url);

  it.concurrent(
    'D13: a start without a stop ends by itself after about 5 s',
    async ({ expect, onTestFinished }) => {
      const pool = ownSockets();
      onTestFinished(() => pool.closeAll());
      const { alice, room, a1, b } = await group(pool);
      const started = nextEvent(b, 'typing:update');
      a1.emit('typing:start', { roomId: room.id });
      await started;
      const at = Date.now();
      const ended = await nextEvent(b, 'typing:update', () => true, expiry + 3000);
      const elapsed = Date.now() - at;
      expect(ended).toEqual({ roomId: room.id, userId: alice.user.id, isTyping: false });
      expect(elapsed).toBeGreaterThan(expiry - 500);
      expect(elapsed).toBeLessThan(expiry + 2500);
    },
  );

  it.concurrent('a repeated start pushes the expiry back', async ({ expect, onTestFinished }) => {
    const pool = ownSockets();
    onTestFinished(() => pool.closeAll());
    const { room, a1, b } = await group(pool);
    const updates = recordEvents(b, 'typing:update');
    const started = nextEvent(b, 'typing:update');
    a1.emit('typing:start', { roomId: room.id });
    await started;
    const at = Date.now();
    await settle(expiry - 2000);
    a1.emit('typing:start', { roomId: room.id });
    await settle(2500);
    // 5.5 s after the first start: still typing, thanks to the second.
    expect(updates.seen.map((u) => u.isTyping)).toEqual([true, true]);
    const ended = await nextEvent(b, 'typing:update', () => true, expiry);
    expect(ended.isTyping).toBe(false);
    expect(Date.now() - at).toBeGreaterThan(2 * expiry - 2500);
  });
});
