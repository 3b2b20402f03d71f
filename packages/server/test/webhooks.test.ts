import type { Conversation, Message, Room, WebhookEvent, WebhookEventType } from '@natter/protocol';
import { WEBHOOK_SIGNATURE_TOLERANCE_SECONDS } from '@natter/protocol';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { webhooks } from '../src/db/schema.js';
import { clusterCanRun } from './helpers/cluster.js';
import type { ClientSocket, TestUser } from './helpers/clients.js';
import {
  connect,
  createGroupRoom,
  http,
  newClientId,
  nextEvent,
  ok,
  registerUser,
  request,
  sendText,
} from './helpers/clients.js';
import type { PageServer } from './helpers/page-servers.js';
import { startTrap } from './helpers/page-servers.js';
import {
  addAgent,
  createSite,
  registerAdmin,
  startTalkingVisitor,
  startVisitor,
} from './helpers/support-helpers.js';
import { createScratchDatabase } from './helpers/scratch-database.js';
import type { TestServer } from './helpers/test-server.js';
import { startTestServer } from './helpers/test-server.js';
import {
  WEBHOOK_TEST_CONFIG,
  createWebhook,
  deliveriesOf,
  sendTestEvent,
  startWebhookTestServer,
} from './helpers/webhook-helpers.js';
import type { VerifySignature } from './helpers/webhook-recipe.js';
import { verifierFromDocs } from './helpers/webhook-recipe.js';
import type { ReceivedWebhook, WebhookReceiver } from './helpers/webhook-receiver.js';
import { startWebhookReceiver } from './helpers/webhook-receiver.js';

type EventOf<T extends WebhookEvent['type']> = Extract<WebhookEvent, { type: T }>;

describe('webhooks: events and their delivery', () => {
  let t: TestServer;
  let admin: TestUser;
  let friend: TestUser;
  let adminSocket: ClientSocket;
  let friendSocket: ClientSocket;
  let group: Room;
  let receiver: WebhookReceiver;
  let verify: VerifySignature;
  let paths = 0;

  beforeAll(async () => {
    [t, receiver, verify] = await Promise.all([
      startWebhookTestServer(),
      startWebhookReceiver(),
      verifierFromDocs(),
    ]);
    admin = await registerAdmin(t);
    friend = await registerUser(t.url, 'friend');
    group = await createGroupRoom(t.url, admin.token, [friend.user.id], 'Hooked');
    [adminSocket, friendSocket] = await Promise.all([
      connect(t.url, admin.token),
      connect(t.url, friend.token),
    ]);
  });
  afterEach(async () => {
    receiver.answerWith(() => 200);
    receiver.release();
    await t.server.database.db.delete(webhooks);
  });
  afterAll(async () => {
    adminSocket.close();
    friendSocket.close();
    await t.close();
    await receiver.close();
  });

  /** A webhook of its own path, so a test only ever waits for its own requests. */
  const hook = async (events: WebhookEventType[], siteId?: string) => {
    const path = `/hook-${++paths}`;
    const webhook = await createWebhook(t, admin, {
      url: receiver.url(path),
      events,
      ...(siteId !== undefined && { siteId }),
    });
    const receive = <T extends WebhookEvent['type']>(
      type: T,
      match: (event: EventOf<T>) => boolean = () => true,
      timeoutMs?: number,
    ) =>
      receiver.receive(
        (r) => r.path === path && r.body.type === type && match(r.body as EventOf<T>),
        timeoutMs,
      ) as Promise<ReceivedWebhook & { body: EventOf<T> }>;
    const requests = () => receiver.received.filter((r) => r.path === path);
    return { webhook, path, receive, requests };
  };

  const sendMessage = async (content: string, socket = adminSocket) =>
    ok(await sendText(socket, group.id, content)).message;

  describe('what is sent', () => {
    it('sends message.created with the message, its room and the documented headers', async () => {
      const { webhook, receive } = await hook(['message.created']);
      const message = await sendMessage('Hello, receivers');
      const request = await receive('message.created', (e) => e.data.message.id === message.id);

      expect(request.contentType).toBe('application/json');
      expect(request.eventType).toBe('message.created');
      expect(request.eventId).toBe(request.body.id);
      expect(request.body).toEqual({
        id: request.eventId,
        type: 'message.created',
        createdAt: message.createdAt,
        data: {
          message: {
            id: message.id,
            roomId: group.id,
            seq: message.seq,
            senderId: admin.user.id,
            sender: { id: admin.user.id, displayName: admin.user.displayName },
            type: 'text',
            content: 'Hello, receivers',
            createdAt: message.createdAt,
          },
          room: { id: group.id, type: 'group' },
        },
      });
      expect(verify(request.rawBody, request.signature, webhook.secret)).toBe(true);
    });

    it("carries the message's mentions (resolved by the server) and what it replies to", async () => {
      const { receive } = await hook(['message.created']);
      const parent = await sendMessage('Who is in?');
      const message = ok(
        await request(adminSocket, 'message:send', {
          roomId: group.id,
          clientId: newClientId(),
          type: 'text',
          content: `@${friend.user.username} you are`,
          replyTo: parent.id,
        }),
      ).message;
      const { body } = await receive('message.created', (e) => e.data.message.id === message.id);
      expect(body.data.message).toMatchObject({
        mentions: [friend.user.id],
        replyTo: parent.id,
        content: `@${friend.user.username} you are`,
      });
    });

    it('leaves system lines out: a rename is not a message event', async () => {
      const { webhook, receive } = await hook(['message.created']);
      const renamed = await http(t.url, 'PATCH', `/api/rooms/${group.id}`, {
        token: admin.token,
        body: { name: 'Hooked, renamed' },
      });
      expect(renamed.status).toBe(200);
      // The marker comes after the system line: its delivery is written with or after it.
      const marker = await sendMessage('after the rename');
      await receive('message.created', (e) => e.data.message.id === marker.id);
      const { deliveries } = await deliveriesOf(t, admin, webhook.id);
      expect(deliveries.map((d) => d.event)).toEqual(['message.created']);
    });

    it('sends conversation.created, .assigned and .resolved for support conversations', async () => {
      const site = await createSite(t, admin);
      const { receive } = await hook([
        'conversation.created',
        'conversation.assigned',
        'conversation.resolved',
        'message.created',
      ]);
      const visitor = await startVisitor(t, site, { name: 'Vera' });
      const roomId = visitor.room.id;
      const created = await receive(
        'conversation.created',
        (e) => e.data.conversation.roomId === roomId,
      );
      expect(created.body.data.conversation).toMatchObject({
        roomId,
        siteId: site.id,
        status: 'open',
        visitor: { id: visitor.visitor.id, displayName: 'Vera', verified: false },
      });
      expect(created.body.data.conversation.assigneeId).toBeUndefined();

      const visitorSocket = await connect(t.url, visitor.token);
      try {
        const message = ok(await sendText(visitorSocket, roomId, 'Is anyone there?')).message;
        const said = await receive('message.created', (e) => e.data.message.id === message.id);
        expect(said.body.data.room).toEqual({ id: roomId, type: 'support', siteId: site.id });
      } finally {
        visitorSocket.close();
      }

      const claimed = await http<{ conversation: Conversation }>(
        t.url,
        'POST',
        `/api/support/conversations/${roomId}/claim`,
        { token: admin.token },
      );
      expect(claimed.status).toBe(200);
      const assigned = await receive(
        'conversation.assigned',
        (e) => e.data.conversation.roomId === roomId,
      );
      expect(assigned.body.data.conversation).toEqual(claimed.body.conversation);
      expect(assigned.body.data.conversation.assigneeId).toBe(admin.user.id);

      const resolved = await http<{ conversation: Conversation }>(
        t.url,
        'PUT',
        `/api/support/conversations/${roomId}/status`,
        { token: admin.token, body: { status: 'resolved' } },
      );
      const event = await receive(
        'conversation.resolved',
        (e) => e.data.conversation.roomId === roomId,
      );
      expect(event.body.data.conversation).toEqual(resolved.body.conversation);
      expect(event.body.data.conversation.status).toBe('resolved');
    });

    it('tells of no change that is not one: claiming a claimed or resolving a resolved conversation', async () => {
      const site = await createSite(t, admin);
      const { webhook, receive } = await hook(['conversation.assigned', 'conversation.resolved']);
      const roomId = (await startTalkingVisitor(t, site)).room.id;
      const inbox = (path: string, body?: unknown) =>
        http(t.url, body ? 'PUT' : 'POST', `/api/support/conversations/${roomId}${path}`, {
          token: admin.token,
          body,
        });
      await inbox('/claim');
      await inbox('/claim');
      await inbox('/status', { status: 'resolved' });
      await inbox('/status', { status: 'resolved' });
      // A marker of each kind, after the repeats: reopened, then resolved and claimed afresh.
      const agent = await registerUser(t.url, 'agent');
      await addAgent(t, admin, site.id, agent.user.id);
      await inbox('/status', { status: 'open' });
      await inbox('/status', { status: 'resolved' });
      await http(t.url, 'POST', `/api/support/conversations/${roomId}/assign`, {
        token: admin.token,
        body: { userId: agent.user.id },
      });
      await receive(
        'conversation.assigned',
        (e) => e.data.conversation.assigneeId === agent.user.id,
      );
      const { deliveries } = await deliveriesOf(t, admin, webhook.id, '?limit=100');
      // Two claims, two resolutions: one event each for the first of each pair, and the markers.
      expect(deliveries.map((d) => d.event).sort()).toEqual([
        'conversation.assigned',
        'conversation.assigned',
        'conversation.resolved',
        'conversation.resolved',
      ]);
    });

    it('sends conversation.assigned for a round-robin assignment too', async () => {
      // The admin made the site, so is its one agent, and is online (a socket is open).
      const site = await createSite(t, admin, { autoAssign: true });
      const { receive } = await hook(['conversation.assigned'], site.id);
      const visitor = await startTalkingVisitor(t, site, 'Anyone?');
      const assigned = await receive(
        'conversation.assigned',
        (e) => e.data.conversation.roomId === visitor.room.id,
      );
      expect(assigned.body.data.conversation.assigneeId).toBe(admin.user.id);
    });

    it("gives a site's webhook its own site's conversations only, and no other room", async () => {
      const [mine, other] = [
        await createSite(t, admin),
        await createSite(t, admin, { name: 'Other' }),
      ];
      const { webhook, receive } = await hook(['conversation.created', 'message.created'], mine.id);
      const elsewhere = await startTalkingVisitor(t, other, 'Over there');
      await sendMessage('in a group');
      const here = await startTalkingVisitor(t, mine, 'Right here');

      const said = await receive('message.created', (e) => e.data.message.roomId === here.room.id);
      expect(said.body.data.message.content).toBe('Right here');
      const { deliveries } = await deliveriesOf(t, admin, webhook.id);
      // Both of `mine`'s events, and nothing of what happened before them elsewhere.
      expect(deliveries.map((d) => d.event).sort()).toEqual([
        'conversation.created',
        'message.created',
      ]);
      expect(elsewhere.room.id).not.toBe(here.room.id);
    });

    it('sends a disabled webhook no events but a test event, and none it does not subscribe to', async () => {
      const off = await hook(['message.created']);
      const otherEvents = await hook(['conversation.created']);
      const marker = await hook(['message.created']);
      await http(t.url, 'PATCH', `/api/webhooks/${off.webhook.id}`, {
        token: admin.token,
        body: { enabled: false },
      });
      const message = await sendMessage('only the marker hears this');
      await marker.receive('message.created', (e) => e.data.message.id === message.id);
      expect((await deliveriesOf(t, admin, off.webhook.id)).deliveries).toEqual([]);
      expect((await deliveriesOf(t, admin, otherEvents.webhook.id)).deliveries).toEqual([]);
      // A test event is sent all the same: the admin may try an endpoint before switching it on.
      const queued = await sendTestEvent(t, admin, off.webhook.id);
      expect((await off.receive('webhook.test')).eventId).toBe(queued.id);
    });

    it("keeps other webhooks' events when one was deleted through another node", async () => {
      const gone = await hook(['message.created']);
      const kept = await hook(['message.created']);
      // A first message fills this node's cached list with both.
      const first = await sendMessage('to both');
      await gone.receive('message.created', (e) => e.data.message.id === first.id);
      // Deleted behind this node's back: its cached list still names the webhook.
      await t.server.database.db.delete(webhooks).where(eq(webhooks.id, gone.webhook.id));
      const message = await sendMessage('for whoever is still there');
      await kept.receive('message.created', (e) => e.data.message.id === message.id);
      expect(gone.requests()).toHaveLength(1);
    });

    it('sends a test event on request, and logs it delivered', async () => {
      const { webhook, receive } = await hook(['message.created']);
      const queued = await sendTestEvent(t, admin, webhook.id);
      expect(queued).toMatchObject({ event: 'webhook.test', status: 'pending', attempts: 0 });
      const request = await receive('webhook.test');
      expect(request.body).toEqual({
        id: queued.id,
        type: 'webhook.test',
        createdAt: queued.createdAt,
        data: { webhookId: webhook.id, text: expect.stringContaining('test event') },
      });
      await expect
        .poll(async () => (await deliveriesOf(t, admin, webhook.id)).deliveries[0])
        .toMatchObject({ id: queued.id, status: 'delivered', attempts: 1, lastStatus: 200 });
    });
  });

  describe('signatures and ids', () => {
    it('signs with the documented recipe: a tampered body, another secret or an old time fail', async () => {
      const { webhook, receive } = await hook(['message.created']);
      const message = await sendMessage('signed');
      const { rawBody, signature } = await receive(
        'message.created',
        (e) => e.data.message.id === message.id,
      );
      expect(signature).toMatch(/^t=\d{10},v1=[0-9a-f]{64}$/);
      expect(verify(rawBody, signature, webhook.secret)).toBe(true);
      expect(verify(rawBody.replace('signed', 'Signed'), signature, webhook.secret)).toBe(false);
      expect(verify(`${rawBody} `, signature, webhook.secret)).toBe(false);
      expect(verify(rawBody, signature, 'whsec_someone-else')).toBe(false);
      // One hex digit changed (to another digit: replacing a 0 by 0 would forge nothing).
      const forged = signature.replace(/v1=(.)/, (_, digit) => `v1=${digit === '0' ? '1' : '0'}`);
      expect(verify(rawBody, forged, webhook.secret)).toBe(false);
      const t0 = Number(/t=(\d+)/.exec(signature)?.[1]) * 1000;
      const tolerance = WEBHOOK_SIGNATURE_TOLERANCE_SECONDS * 1000;
      expect(verify(rawBody, signature, webhook.secret, t0 + tolerance)).toBe(true);
      expect(verify(rawBody, signature, webhook.secret, t0 + tolerance + 1000)).toBe(false);
    });

    it('signs with the new secret once it is rotated', async () => {
      const { webhook, receive } = await hook(['message.created']);
      const rotated = await http<{ webhook: { secret: string } }>(
        t.url,
        'POST',
        `/api/webhooks/${webhook.id}/secret`,
        { token: admin.token },
      );
      const message = await sendMessage('after rotation');
      const { rawBody, signature } = await receive(
        'message.created',
        (e) => e.data.message.id === message.id,
      );
      expect(verify(rawBody, signature, rotated.body.webhook.secret)).toBe(true);
      expect(verify(rawBody, signature, webhook.secret)).toBe(false);
    });

    it('gives every event its own id, and one event to two webhooks two ids', async () => {
      const first = await hook(['message.created']);
      const second = await hook(['message.created']);
      const messages = [await sendMessage('one'), await sendMessage('two')];
      const ids = [];
      for (const { receive } of [first, second]) {
        for (const message of messages) {
          ids.push(
            (await receive('message.created', (e) => e.data.message.id === message.id)).eventId,
          );
        }
      }
      expect(new Set(ids).size).toBe(4);
    });
  });

  describe('retries', () => {
    it('retries with the same id and a doubling wait until the receiver answers 2xx', async () => {
      const { webhook, path, requests } = await hook(['message.created']);
      const answers = [500, 503, 204];
      receiver.answerWith((r) => (r.path === path ? (answers.shift() ?? 204) : 200));
      const message = await sendMessage('try, try again');
      await receiver.receive((r) => r.path === path && requests().length === 3);

      const attempts = requests();
      expect(attempts.map((r) => r.eventId)).toEqual(Array(3).fill(attempts[0]?.eventId));
      expect(attempts.every((r) => r.body.type === 'message.created')).toBe(true);
      expect((attempts[0]?.body as EventOf<'message.created'>).data.message.id).toBe(message.id);
      // Each attempt is signed anew; each wait is at least three quarters of its doubling step.
      for (const attempt of attempts) {
        expect(verify(attempt.rawBody, attempt.signature, webhook.secret)).toBe(true);
      }
      const base = WEBHOOK_TEST_CONFIG.retryBaseMs ?? 0;
      const [a, b, c] = attempts.map((r) => r.receivedAt) as [number, number, number];
      expect(b - a).toBeGreaterThanOrEqual(0.75 * base - 5);
      expect(c - b).toBeGreaterThanOrEqual(0.75 * 2 * base - 5);
      await expect
        .poll(async () => (await deliveriesOf(t, admin, webhook.id)).deliveries[0])
        .toMatchObject({ status: 'delivered', attempts: 3, lastStatus: 204 });
    });

    it('logs each failure with its status, and gives up (failed) once the window has passed', async () => {
      const { webhook, path } = await hook(['message.created']);
      receiver.answerWith((r) => (r.path === path ? 500 : 200));
      await sendMessage('never delivered');
      await expect
        .poll(async () => (await deliveriesOf(t, admin, webhook.id)).deliveries[0]?.attempts)
        .toBeGreaterThanOrEqual(1);
      const pending = (await deliveriesOf(t, admin, webhook.id)).deliveries[0];
      if (pending?.status === 'pending') {
        expect(pending).toMatchObject({ lastStatus: 500, nextAttemptAt: expect.any(String) });
      }
      // The window is 4 s here (24 h by default); the waits double from 150 ms.
      await expect
        .poll(async () => (await deliveriesOf(t, admin, webhook.id)).deliveries[0]?.status, {
          timeout: 10_000,
        })
        .toBe('failed');
      const failed = (await deliveriesOf(t, admin, webhook.id)).deliveries[0];
      expect(failed).toMatchObject({ status: 'failed', lastStatus: 500 });
      expect(failed?.nextAttemptAt).toBeUndefined();
      // As many attempts as the receiver saw: none after giving up.
      expect(receiver.received.filter((r) => r.path === path)).toHaveLength(failed?.attempts ?? -1);
      expect(failed?.attempts).toBeGreaterThanOrEqual(3);
    });
  });

  describe('never at the expense of chat', () => {
    it('acks and broadcasts messages promptly while the receiver hangs', async () => {
      const { path } = await hook(['message.created']);
      receiver.answerWith((r) => (r.path === path ? 'hang' : 200));
      await sendMessage('the receiver hangs on this one');
      await receiver.receive((r) => r.path === path);
      expect(receiver.hanging).toBe(1);
      // With an attempt hanging, sends go on as ever: acked, and broadcast to the room.
      for (const content of ['still', 'flowing', 'freely']) {
        const arrival = nextEvent(
          friendSocket,
          'message:new',
          (m: Message) => m.content === content,
        );
        ok(await sendText(adminSocket, group.id, content));
        await arrival;
      }
    });
  });

  describe('where deliveries may go', () => {
    let trap: PageServer;
    beforeAll(async () => {
      trap = await startTrap('127.0.0.1');
    });
    afterAll(() => trap.close());

    it('checks the address again at every attempt: a URL turned private is refused, never reached', async () => {
      const { webhook } = await hook(['message.created']);
      // As if its DNS now pointed at the server's own loopback: saved as it was, checked now.
      await t.server.database.db
        .update(webhooks)
        .set({ url: trap.url('/') })
        .where(eq(webhooks.id, webhook.id));
      await sendTestEvent(t, admin, webhook.id);
      await expect
        .poll(async () => (await deliveriesOf(t, admin, webhook.id)).deliveries[0]?.attempts)
        .toBeGreaterThanOrEqual(1);
      const [delivery] = (await deliveriesOf(t, admin, webhook.id)).deliveries;
      expect(delivery?.lastError).toMatch(
        /^refused: refused: 127\.0\.0\.1 is 127\.0\.0\.1 \(loopback\)/,
      );
      expect(delivery?.lastStatus).toBeUndefined();
      expect(trap.connections).toBe(0);
    });
  });

  // Several nodes share one PostgreSQL; PGlite lives inside one process.
  describe.runIf(clusterCanRun)('two nodes on one PostgreSQL', () => {
    it('hands an attempt cut short by shutdown to another node, with the same event id', async () => {
      const database = await createScratchDatabase('natter_webhook_handover');
      // An attempt may take a minute: a shutdown that waited for it would outlast the test.
      const config = {
        databaseUrl: database.url,
        webhooks: { ...WEBHOOK_TEST_CONFIG, timeoutMs: 60_000 },
      };
      let second: TestServer | undefined;
      try {
        const first = await startTestServer(config);
        const nodeAdmin = await registerAdmin(first);
        const webhook = await createWebhook(first, nodeAdmin, {
          url: receiver.url('/handover'),
          events: ['message.created'],
        });
        receiver.answerWith((r) => (r.path === '/handover' ? 'hang' : 200));
        const queued = await sendTestEvent(first, nodeAdmin, webhook.id);
        await receiver.receive((r) => r.eventId === queued.id);

        await first.close(); // resolves with the receiver still hanging on
        expect(receiver.hanging).toBeGreaterThanOrEqual(1);
        receiver.answerWith(() => 200);
        second = await startTestServer(config);
        await expect
          .poll(async () => (await deliveriesOf(second!, nodeAdmin, webhook.id)).deliveries[0])
          .toMatchObject({ id: queued.id, status: 'delivered', attempts: 2, lastStatus: 200 });
        const attempts = receiver.received.filter((r) => r.path === '/handover');
        expect(attempts.map((r) => r.eventId)).toEqual([queued.id, queued.id]);
      } finally {
        receiver.release();
        await second?.close();
        await database.drop();
      }
    });

    it('never send one delivery twice, though both send at once', async () => {
      const database = await createScratchDatabase('natter_webhook_nodes');
      const nodes: TestServer[] = [];
      const cluster = new Set<string>();
      try {
        // Three sends at once per node: six requests hanging at once means both nodes send.
        const webhooksConfig = { ...WEBHOOK_TEST_CONFIG, concurrency: 3, timeoutMs: 15_000 };
        for (let i = 0; i < 2; i++) {
          nodes.push(
            await startTestServer({ databaseUrl: database.url, webhooks: webhooksConfig }),
          );
        }
        const [a, b] = nodes as [TestServer, TestServer];
        const nodeAdmin = await registerAdmin(a);
        const webhook = await createWebhook(a, nodeAdmin, {
          url: receiver.url('/cluster'),
          events: ['message.created'],
        });
        const mine = (r: ReceivedWebhook) => r.path === '/cluster';
        receiver.answerWith((r) => (mine(r) ? 'hang' : 200));
        const queued = [];
        for (let i = 0; i < 6; i++) {
          queued.push(await sendTestEvent(a, nodeAdmin, webhook.id));
          queued.push(await sendTestEvent(b, nodeAdmin, webhook.id));
        }
        for (const delivery of queued) cluster.add(delivery.id);

        await receiver.receive(() => receiver.hanging === 6, 10_000);
        const hanging = receiver.received.filter(mine).map((r) => r.eventId);
        expect(new Set(hanging).size).toBe(6);
        receiver.answerWith(() => 200);
        receiver.release();

        await expect
          .poll(async () => (await deliveriesOf(a, nodeAdmin, webhook.id)).deliveries, {
            timeout: 10_000,
          })
          .toSatisfy(
            (deliveries: { status: string }[]) =>
              deliveries.length === 12 && deliveries.every((d) => d.status === 'delivered'),
          );
        await Promise.all(nodes.map((node) => node.server.webhookSender.settled()));
        const ids = receiver.received.filter(mine).map((r) => r.eventId);
        expect(ids.sort()).toEqual([...cluster].sort());
        const { deliveries } = await deliveriesOf(b, nodeAdmin, webhook.id);
        expect(deliveries.every((d) => d.attempts === 1)).toBe(true);
      } finally {
        receiver.release();
        for (const node of nodes) await node.close();
        await database.drop();
      }
    });
  });
});
