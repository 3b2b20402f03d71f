import { LIMITS } from '@natter/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { createGroupRoom, ok, recordEvents, request } from './helpers/clients.js';
import { connectReady, eventually, registerUsers, sendOk } from './helpers/message-helpers.js';
import { useSocketTestServer } from './helpers/message-helpers.js';
import { startTcpProxy } from './helpers/tcp-proxy.js';
import type { TcpProxy } from './helpers/tcp-proxy.js';

/** A small bound, so the test floods little past what the kernel's TCP buffers swallow first. */
const MAX_BUFFERED = 256 * 1024;
const CONTENT = 'x'.repeat(LIMITS.messageContentMax);
/** One message:new as engine.io queues it: the content and a few hundred bytes of fields. */
const PACKET_BYTES_MAX = CONTENT.length + 2_000;

const { t, sockets } = useSocketTestServer({
  sockets: {
    maxRequestsInFlight: 10_000,
    maxSocketsPerUser: 10_000,
    sendBufferMaxBytes: MAX_BUFFERED,
  },
});

const proxies: TcpProxy[] = [];
afterEach(async () => {
  await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
});

/**
 * A member whose client stopped reading (a frozen tab, a phone in a tunnel whose TCP connection
 * stays open) while the room is busy: the node holds at most SOCKET_BUFFER_MAX_BYTES for it and
 * then cuts it; everyone else keeps getting every message. Its TCP connection stalls in a proxy
 * that stops reading from the node, so the node's writes back up as they would on a real link.
 */
describe('a client that stops reading', () => {
  it('is cut once the node holds more than the bound for it, and the others miss nothing', async () => {
    const [alice, bob, carol] = await registerUsers(t.url, ['alice', 'bob', 'carol']);
    if (!alice || !bob || !carol) throw new Error('registering failed');
    const room = await createGroupRoom(t.url, alice.token, [bob.user.id, carol.user.id]);
    const a = await sockets.connect(alice);
    const b = await sockets.connect(bob);
    const proxy = await startTcpProxy(t.url);
    proxies.push(proxy);
    const c = await connectReady(proxy.url, carol.token);
    const carolId = c.id ?? '';
    const seenByBob = recordEvents(b, 'message:new');

    proxy.stall('down');
    // Alice floods the room until the node lets Carol go. Each round waits for its acks, so the
    // loop is paced by the node, and it ends on what the node did, not on a clock.
    const sent: string[] = [];
    let highest = 0;
    while (t.server.sendBuffers.bufferedBytes(carolId) !== undefined) {
      if (sent.length > 1_500) throw new Error('the node never cut the stalled client');
      const batch = await Promise.all(Array.from({ length: 5 }, () => sendOk(a, room.id, CONTENT)));
      sent.push(...batch.map((m) => m.id));
      highest = Math.max(highest, t.server.sendBuffers.bufferedBytes(carolId) ?? 0);
    }

    // What the node held for Carol grew past nothing (the stall reached it) and never past the
    // bound by more than the packet that crossed it.
    expect(highest).toBeGreaterThan(0);
    expect(t.server.sendBuffers.highWaterBytes).toBeLessThanOrEqual(
      MAX_BUFFERED + PACKET_BYTES_MAX,
    );

    // Bob got every message, each once, while Carol was stuck and after she was cut.
    await eventually(async () => seenByBob.seen.length >= sent.length, { timeoutMs: 10_000 });
    expect(seenByBob.seen.map((m) => m.id)).toEqual(sent);

    // Carol's client learns it was cut once its network moves again, and can come back.
    const disconnected = new Promise<string>((resolve) => c.once('disconnect', resolve));
    proxy.thaw();
    expect(await disconnected).toMatch(/^transport (close|error)$/);
    const again = await connectReady(proxy.url, carol.token);
    const latest = ok(await request(again, 'messages:load', { roomId: room.id, limit: 1 }));
    expect(latest.messages.map((m) => m.id)).toEqual(sent.slice(-1));
    again.close();
  }, 60_000);
});
