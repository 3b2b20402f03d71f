import type { PushPayload, Room } from '@natter/protocol';
import { pushPayloadSchema } from '@natter/protocol';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushSubscriptions } from '../src/db/schema.js';
import { topicOf } from '../src/notifications/push-sender.js';
import type { ClientSocket, TestUser } from './helpers/clients.js';
import {
  connect,
  createDirectRoom,
  createGroupRoom,
  http,
  nextEvent,
  ok,
  registerUser,
  request,
  sendText,
} from './helpers/clients.js';
import { eventually } from './helpers/message-helpers.js';
import { startPushService, subscribeDevice, testPushConfig } from './helpers/push-helpers.js';
import type { PushService } from './helpers/push-service.js';
import {
  addAgent,
  createSite,
  registerAdmin,
  startTalkingVisitor,
} from './helpers/support-helpers.js';
import type { TestServer } from './helpers/test-server.js';
import { startTestServer } from './helpers/test-server.js';

let t: TestServer;
let service: PushService;
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  service = await startPushService();
  t = await startTestServer({ push: testPushConfig(service) });
});

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await t?.close();
  await service?.close();
});

async function open(user: TestUser, auth: object = {}) {
  const socket = await connect(t.url, user.token, auth);
  sockets.push(socket);
  return socket;
}

const payloadsTo = (endpointId: string) =>
  service.deliveriesTo(endpointId).map((d) => d.payload as PushPayload);

/** Waits until `endpointId` got a push of `messageId`. */
const pushed = (endpointId: string, messageId: string) =>
  service.waitFor(
    () => payloadsTo(endpointId).some((p) => p.messageId === messageId),
    `a push of ${messageId}`,
  );

/**
 * A witness: a new offline member of the room with a device. Its push of a message proves that
 * the pass which read that message's recipients ran and handed out its pushes; any push another
 * member were to get from that pass left alongside it.
 */
async function witnessOf(owner: TestUser, room: Room) {
  const witness = await registerUser(t.url, 'witness');
  await http(t.url, 'POST', `/api/rooms/${room.id}/members`, {
    token: owner.token,
    body: { userId: witness.user.id },
  });
  return subscribeDevice(t.url, witness.token, service);
}

/**
 * Waits for the witness's push of the message, then until every push of that pass was tried:
 * whatever else that message was going to push has arrived by then.
 */
async function afterPushesOf(witnessEndpoint: string, messageId: string) {
  await pushed(witnessEndpoint, messageId);
  await t.server.pushes.flush();
}

/** Alice's group with Bob (one device, offline) and a witness. */
async function groupWithWitness() {
  const [alice, bob] = await Promise.all([registerUser(t.url, 'al'), registerUser(t.url, 'bo')]);
  const room = await createGroupRoom(t.url, alice.token, [bob.user.id]);
  const bobDevice = await subscribeDevice(t.url, bob.token, service);
  return { alice, bob, room, bobDevice, witness: await witnessOf(alice, room) };
}

describe('pushes to members who are not looking', () => {
  it('an offline member gets an encrypted, VAPID-signed push with the payload; the sender gets none', async () => {
    const [alice, bob] = await Promise.all([registerUser(t.url, 'al'), registerUser(t.url, 'bo')]);
    const room = await createDirectRoom(t.url, alice.token, bob.user.id);
    const [bobDevice, aliceDevice] = await Promise.all([
      subscribeDevice(t.url, bob.token, service),
      subscribeDevice(t.url, alice.token, service),
    ]);
    const socket = await open(alice);
    const message = ok(await sendText(socket, room.id, 'hello Bob')).message;

    await pushed(bobDevice, message.id);
    const [delivery] = service.deliveriesTo(bobDevice);
    const payload = pushPayloadSchema.parse(delivery?.payload);
    expect(payload).toMatchObject({
      roomId: room.id,
      messageId: message.id,
      seq: message.seq,
      senderName: alice.user.displayName,
      body: 'hello Bob',
      url: `/chat/${room.id}`,
    });
    const { body: key } = await http<{ publicKey: string }>(
      t.url,
      'GET',
      '/api/push/vapid-public-key',
      {
        token: bob.token,
      },
    );
    expect(delivery?.vapid.publicKey).toBe(key.publicKey);
    expect(delivery?.vapid.sub).toMatch(/^(mailto:|https:)/);
    expect(delivery?.ttl).toBe(String(24 * 60 * 60));
    expect(delivery?.urgency).toBe('high');
    expect(delivery?.topic).toBe(topicOf(room.id));
    expect(delivery?.topic).toMatch(/^[A-Za-z0-9_-]{1,32}$/);
    expect(service.rejections).toEqual([]);

    // The sender's own device: nothing, proven by a later pass.
    await afterPushesOf(bobDevice, message.id);
    expect(service.deliveriesTo(aliceDevice)).toEqual([]);
  });

  it('a member with a visible device gets none; one whose only socket is hidden gets one', async () => {
    const [owner, watching, hidden, hiddenAtConnect] = await Promise.all([
      registerUser(t.url, 'ow'),
      registerUser(t.url, 'wa'),
      registerUser(t.url, 'hi'),
      registerUser(t.url, 'hc'),
    ]);
    const room = await createGroupRoom(t.url, owner.token, [
      watching.user.id,
      hidden.user.id,
      hiddenAtConnect.user.id,
    ]);
    const [watchingDevice, hiddenDevice, hiddenAtConnectDevice] = await Promise.all([
      subscribeDevice(t.url, watching.token, service),
      subscribeDevice(t.url, hidden.token, service),
      subscribeDevice(t.url, hiddenAtConnect.token, service),
    ]);
    await open(watching);
    const hiddenSocket = await open(hidden);
    ok(await request(hiddenSocket, 'visibility:set', { visible: false }));
    await open(hiddenAtConnect, { visible: false });
    const socket = await open(owner);
    const message = ok(await sendText(socket, room.id, 'anyone?')).message;

    await Promise.all([
      pushed(hiddenDevice, message.id),
      pushed(hiddenAtConnectDevice, message.id),
    ]);
    await afterPushesOf(hiddenDevice, message.id);
    expect(service.deliveriesTo(watchingDevice)).toEqual([]);
  });

  it('a muted room sends nothing; unmuting restores pushes; the mute shows in the room, on every device', async () => {
    const { alice, bob, room, bobDevice, witness } = await groupWithWitness();
    const bobOtherDevice = await open(bob);
    ok(await request(bobOtherDevice, 'visibility:set', { visible: false }));

    const updated = nextEvent(bobOtherDevice, 'room:updated', (r) => r.id === room.id);
    const muted = await http<{ room: Room }>(t.url, 'PUT', `/api/rooms/${room.id}/mute`, {
      token: bob.token,
      body: { muted: true },
    });
    expect(muted.status).toBe(200);
    expect(muted.body.room.muted).toBe(true);
    expect((await updated).muted).toBe(true);
    const list = await http<{ rooms: Room[] }>(t.url, 'GET', '/api/rooms', { token: bob.token });
    expect(list.body.rooms.find((r) => r.id === room.id)?.muted).toBe(true);
    const aliceView = await http<{ room: Room }>(t.url, 'GET', `/api/rooms/${room.id}`, {
      token: alice.token,
    });
    expect(aliceView.body.room.muted).toBeUndefined();

    const socket = await open(alice);
    const first = ok(await sendText(socket, room.id, 'while muted')).message;
    await afterPushesOf(witness, first.id);
    expect(service.deliveriesTo(bobDevice)).toEqual([]);

    const unmuted = await http<{ room: Room }>(t.url, 'PUT', `/api/rooms/${room.id}/mute`, {
      token: bob.token,
      body: { muted: false },
    });
    expect(unmuted.body.room.muted).toBeUndefined();
    const second = ok(await sendText(socket, room.id, 'unmuted')).message;
    await pushed(bobDevice, second.id);
    expect(payloadsTo(bobDevice).map((p) => p.messageId)).toEqual([second.id]);
  });

  it('a burst of 1,000 messages reaches an offline member as a handful of pushes, the last one last', async () => {
    const [alice, bob] = await Promise.all([registerUser(t.url, 'al'), registerUser(t.url, 'bo')]);
    const room = await createDirectRoom(t.url, alice.token, bob.user.id);
    const bobDevice = await subscribeDevice(t.url, bob.token, service);
    const socket = await open(alice);
    let last = 0;
    for (let i = 0; i < 1000; i += 50) {
      const acks = await Promise.all(
        Array.from({ length: 50 }, (_, j) => sendText(socket, room.id, `burst ${i + j}`)),
      );
      for (const ack of acks) last = Math.max(last, ok(ack).message.seq);
    }
    await service.waitFor(
      () => payloadsTo(bobDevice).some((p) => p.seq === last),
      'the push of the last message',
      20_000,
    );
    const seqs = payloadsTo(bobDevice).map((p) => p.seq);
    expect(seqs.length).toBeLessThanOrEqual(12);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  });

  it('a visitor gets the agent’s reply as a push that opens the conversation’s /c/ page', async () => {
    const admin = await registerAdmin(t);
    const site = await createSite(t, admin);
    const agent = await registerUser(t.url, 'ag');
    await addAgent(t, admin, site.id, agent.user.id);
    const visitor = await startTalkingVisitor(t, site);
    const visitorDevice = await subscribeDevice(t.url, visitor.token, service);
    const agentSocket = await open(agent);
    const reply = ok(await sendText(agentSocket, visitor.room.id, 'How can I help?')).message;

    await pushed(visitorDevice, reply.id);
    expect(payloadsTo(visitorDevice)[0]).toMatchObject({
      roomId: visitor.room.id,
      body: 'How can I help?',
      url: visitor.link,
    });
    expect(visitor.link).toMatch(/^\/c\//);
  });

  it('signing out ends the session’s subscription: no more pushes', async () => {
    const { alice, bob, room, bobDevice, witness } = await groupWithWitness();
    expect((await http(t.url, 'POST', '/api/auth/logout', { token: bob.token })).status).toBe(204);
    const rows = await t.server.database.db
      .select()
      .from(pushSubscriptions)
      .where(eq(pushSubscriptions.userId, bob.user.id));
    expect(rows).toEqual([]);

    const socket = await open(alice);
    const message = ok(await sendText(socket, room.id, 'still there?')).message;
    await afterPushesOf(witness, message.id);
    expect(service.deliveriesTo(bobDevice)).toEqual([]);
  });

  it('keeps the payload well under the 4 KB a push service takes, with a long text cut', async () => {
    const [alice, bob] = await Promise.all([registerUser(t.url, 'al'), registerUser(t.url, 'bo')]);
    const room = await createGroupRoom(t.url, alice.token, [bob.user.id], 'x'.repeat(80));
    const bobDevice = await subscribeDevice(t.url, bob.token, service);
    const socket = await open(alice);
    const message = ok(await sendText(socket, room.id, '😀'.repeat(5_000))).message;
    await pushed(bobDevice, message.id);
    const payload = payloadsTo(bobDevice)[0];
    expect([...(payload?.body ?? '')].length).toBeLessThanOrEqual(200);
    expect(Buffer.byteLength(JSON.stringify(payload))).toBeLessThan(2048);
  });
});

describe('what changed before the pass', () => {
  // Passes only when the test runs one: what happens "before the pass" happens before it.
  let u: TestServer;
  beforeAll(async () => {
    u = await startTestServer({ push: { ...testPushConfig(service), passDelayMs: 3_600_000 } });
  });
  afterAll(async () => {
    await u?.close();
  });

  it('a message deleted, or read, before the pass is not pushed; the next one is', async () => {
    const [alice, bob] = await Promise.all([registerUser(u.url, 'al'), registerUser(u.url, 'bo')]);
    const room = await createGroupRoom(u.url, alice.token, [bob.user.id]);
    const bobDevice = await subscribeDevice(u.url, bob.token, service);
    const alices = await connect(u.url, alice.token);
    const bobs = await connect(u.url, bob.token, { visible: false });
    sockets.push(alices, bobs);

    // One pass each: a pass looks at a room's newest message only.
    const deleted = ok(await sendText(alices, room.id, 'oops')).message;
    ok(await request(alices, 'message:delete', { messageId: deleted.id }));
    await u.server.pushes.flush();
    const read = ok(await sendText(alices, room.id, 'to be read')).message;
    ok(await request(bobs, 'messages:read', { roomId: room.id, upToMessageId: read.id }));
    await u.server.pushes.flush();
    expect(service.deliveriesTo(bobDevice)).toEqual([]);

    const next = ok(await sendText(alices, room.id, 'still here?')).message;
    await u.server.pushes.flush();
    expect(payloadsTo(bobDevice).map((p) => p.messageId)).toEqual([next.id]);
  });
});

describe('mentions through a mute', () => {
  // Passes only when the test runs one: each case sends, then flushes one pass.
  let u: TestServer;
  beforeAll(async () => {
    u = await startTestServer({ push: { ...testPushConfig(service), passDelayMs: 3_600_000 } });
  });
  afterAll(async () => {
    await u?.close();
  });

  const mute = (token: string, roomId: string, body: object) =>
    http<{ room: Room; error: { code: string; message: string } }>(
      u.url,
      'PUT',
      `/api/rooms/${roomId}/mute`,
      { token, body },
    );

  /** Alice's group with Bob, who has a device (offline) and muted the room as `body` says. */
  async function mutedGroup(body: object = { muted: true }) {
    const [alice, bob] = await Promise.all([registerUser(u.url, 'al'), registerUser(u.url, 'bo')]);
    const room = await createGroupRoom(u.url, alice.token, [bob.user.id], 'Design');
    const bobDevice = await subscribeDevice(u.url, bob.token, service);
    expect((await mute(bob.token, room.id, body)).status).toBe(200);
    const socket = await connect(u.url, alice.token);
    sockets.push(socket);
    const send = async (content: string) => ok(await sendText(socket, room.id, content)).message;
    return { alice, bob, room, bobDevice, send };
  }

  it('a muted room still pushes a mention of the member, marked as one, even under later messages', async () => {
    const { alice, bob, room, bobDevice, send } = await mutedGroup();
    await send('plain, muted');
    await u.server.pushes.flush();
    expect(service.deliveriesTo(bobDevice)).toEqual([]);

    const mention = await send(`@${bob.user.username} can you look?`);
    await send('and a plain one after it');
    await u.server.pushes.flush();
    expect(payloadsTo(bobDevice)).toEqual([
      expect.objectContaining({
        messageId: mention.id,
        roomId: room.id,
        roomName: 'Design',
        senderName: alice.user.displayName,
        body: `@${bob.user.username} can you look?`,
        mention: 'you',
      }),
    ]);
  });

  it('@all passes a mute too; @here does not (it calls on those online, a push on one who is not)', async () => {
    const here = await mutedGroup();
    await here.send('@here anyone?');
    await u.server.pushes.flush();
    expect(service.deliveriesTo(here.bobDevice)).toEqual([]);

    const all = await mutedGroup();
    const everyone = await all.send('@all standup in 5');
    await u.server.pushes.flush();
    expect(payloadsTo(all.bobDevice).map((p) => [p.messageId, p.mention])).toEqual([
      [everyone.id, 'all'],
    ]);
  });

  it('muting mentions too silences them; unmuting the room unmutes its mentions', async () => {
    const { bob, room, bobDevice, send } = await mutedGroup({ muted: true, mentions: true });
    const listed = await http<{ rooms: Room[] }>(u.url, 'GET', '/api/rooms', { token: bob.token });
    expect(listed.body.rooms.find((r) => r.id === room.id)).toMatchObject({
      muted: true,
      mentionsMuted: true,
    });
    await send(`@${bob.user.username} hello?`);
    await send('@all hello?');
    await u.server.pushes.flush();
    expect(service.deliveriesTo(bobDevice)).toEqual([]);

    const unmuted = await mute(bob.token, room.id, { muted: false });
    expect(unmuted.body.room.muted).toBeUndefined();
    expect(unmuted.body.room.mentionsMuted).toBeUndefined();
    // Muted again without naming mentions: they pass, as they did before they were muted.
    expect(
      (await mute(bob.token, room.id, { muted: true })).body.room.mentionsMuted,
    ).toBeUndefined();
    const mention = await send(`@${bob.user.username} now?`);
    await u.server.pushes.flush();
    expect(payloadsTo(bobDevice).map((p) => p.messageId)).toEqual([mention.id]);
  });

  it('an unmuted member told of a burst hears of the mention in it, not of the plain line after', async () => {
    const [alice, bob] = await Promise.all([registerUser(u.url, 'al'), registerUser(u.url, 'bo')]);
    const room = await createGroupRoom(u.url, alice.token, [bob.user.id]);
    const bobDevice = await subscribeDevice(u.url, bob.token, service);
    const socket = await connect(u.url, alice.token);
    sockets.push(socket);
    const mention = ok(await sendText(socket, room.id, `@${bob.user.username} look`)).message;
    ok(await sendText(socket, room.id, 'plain after it'));
    await u.server.pushes.flush();
    expect(payloadsTo(bobDevice).map((p) => [p.messageId, p.mention])).toEqual([
      [mention.id, 'you'],
    ]);
  });

  it('refuses a mentions setting without a muted room, one not a boolean, and a stranger', async () => {
    const { alice, room } = await mutedGroup();
    const stranger = await registerUser(u.url, 'st');
    const loose = await mute(alice.token, room.id, { muted: false, mentions: true });
    expect(loose.status).toBe(400);
    expect(loose.body.error).toMatchObject({ code: 'bad_request' });
    expect(loose.body.error.message).toContain('mentions');
    const wrong = await mute(alice.token, room.id, { muted: true, mentions: 'yes' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toContain('mentions');
    expect((await mute(stranger.token, room.id, { muted: true, mentions: true })).status).toBe(403);
  });
});

describe('a mention during a collapse window', () => {
  // Passes only when the test runs one, and a window long enough to hold three of them.
  let u: TestServer;
  beforeAll(async () => {
    u = await startTestServer({
      push: { ...testPushConfig(service), passDelayMs: 3_600_000, collapseWindowMs: 3_000 },
    });
  });
  afterAll(async () => {
    await u?.close();
  });

  it('is pushed when the window ends, muted or not, though a plain message came after it', async () => {
    const [alice, bob, carol] = await Promise.all(
      ['al', 'bo', 'ca'].map((prefix) => registerUser(u.url, prefix)),
    );
    if (!alice || !bob || !carol) throw new Error('registering failed');
    const room = await createGroupRoom(u.url, alice.token, [bob.user.id, carol.user.id]);
    const [bobDevice, carolDevice] = await Promise.all(
      [bob, carol].map((user) => subscribeDevice(u.url, user.token, service)),
    );
    if (!bobDevice || !carolDevice) throw new Error('subscribing failed');
    // Bob muted the room; Carol did not.
    await http(u.url, 'PUT', `/api/rooms/${room.id}/mute`, {
      token: bob.token,
      body: { muted: true },
    });
    const socket = await connect(u.url, alice.token);
    sockets.push(socket);
    const first = ok(await sendText(socket, room.id, `@${bob.user.username} one`)).message;
    await u.server.pushes.flush();
    // Inside the windows that push opened: each held, one pass each.
    const names = `@${bob.user.username} @${carol.user.username}`;
    const second = ok(await sendText(socket, room.id, `${names} two`)).message;
    await u.server.pushes.flush();
    ok(await sendText(socket, room.id, 'plain three'));
    await u.server.pushes.flush();
    expect(payloadsTo(bobDevice).map((p) => p.messageId)).toEqual([first.id]);
    // Once the windows end, their held news waits for the next pass.
    await eventually(
      async () => {
        await u.server.pushes.flush();
        return payloadsTo(bobDevice).length > 1 && payloadsTo(carolDevice).length > 1;
      },
      { timeoutMs: 10_000, intervalMs: 100 },
    );
    expect(payloadsTo(bobDevice).map((p) => [p.messageId, p.mention])).toEqual([
      [first.id, 'you'],
      [second.id, 'you'],
    ]);
    // The mention, not the newer plain line: the notification says Carol was mentioned.
    expect(payloadsTo(carolDevice).map((p) => [p.messageId, p.mention])).toEqual([
      [first.id, undefined],
      [second.id, 'you'],
    ]);
  });
});

describe('the per-node push budget', () => {
  let u: TestServer;
  beforeAll(async () => {
    u = await startTestServer({
      push: { ...testPushConfig(service), passDelayMs: 3_600_000, maxPerSecond: 1 },
    });
  });
  afterAll(async () => {
    await u?.close();
  });

  it('spaces pushes out past the budget, and still sends every room its newest message', async () => {
    const bob = await registerUser(u.url, 'bo');
    const bobDevice = await subscribeDevice(u.url, bob.token, service);
    sockets.push(await connect(u.url, bob.token, { visible: false }));
    const newest: string[] = [];
    for (const name of ['s1', 's2', 's3']) {
      const sender = await registerUser(u.url, name);
      const room = await createDirectRoom(u.url, sender.token, bob.user.id);
      const socket = await connect(u.url, sender.token);
      sockets.push(socket);
      ok(await sendText(socket, room.id, `first from ${name}`));
      newest.push(ok(await sendText(socket, room.id, `newest from ${name}`)).message.id);
    }
    await u.server.pushes.flush();

    const deliveries = service.deliveriesTo(bobDevice);
    expect(deliveries.map((d) => (d.payload as PushPayload).messageId).sort()).toEqual(
      [...newest].sort(),
    );
    // One a second, after the one the budget holds at the start: at least two seconds for three.
    const times = deliveries.map((d) => d.receivedAt);
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThanOrEqual(1_500);
  });
});
