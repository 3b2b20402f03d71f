import type { Site } from '@natter/protocol';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roomMembers, supportConversations } from '../src/db/schema.js';
import type { UnreadReplySweeper } from '../src/support/unread-reply-sweeper.js';
import { connect, http, ok, registerUser, request, uniqueName } from './helpers/clients.js';
import type { ClientSocket, TestUser } from './helpers/clients.js';
import {
  expectDeletedLeftOut,
  expectHostileAsText,
  HOSTILE,
  registerHostileUser,
} from './helpers/email-checks.js';
import { sendOk } from './helpers/message-helpers.js';
import { freePort } from './helpers/private-redis.js';
import type { TestSmtpServer } from './helpers/smtp-server.js';
import { startSmtpServer } from './helpers/smtp-server.js';
import { addAgent, createSite, registerAdmin, startVisitor } from './helpers/support-helpers.js';
import type { TestServer } from './helpers/test-server.js';
import { startTestServer } from './helpers/test-server.js';

const RETRY_AFTER_MS = 60_000;

describe('emailing visitors the replies they have not read', () => {
  let smtp: TestSmtpServer;
  let t: TestServer;
  let sweeper: UnreadReplySweeper;
  let publicUrl: string;
  let admin: TestUser;
  let agent: TestUser;
  let site: Site;
  let agentSocket: ClientSocket;
  const sockets: ClientSocket[] = [];

  /**
   * Sweeps until a pass claims nothing. The database may hold other files' conversations (one
   * PostgreSQL database per run), so one pass is not assumed to reach ours.
   */
  const sweepAll = async (now?: number) => {
    while ((await sweeper.sweep(now)) > 0);
  };
  const emailedSeq = async (roomId: string) => {
    const [row] = await t.server.database.db
      .select({ emailedSeq: supportConversations.emailedSeq })
      .from(supportConversations)
      .where(eq(supportConversations.roomId, roomId));
    return row?.emailedSeq;
  };
  /** A visitor who left an email (or not), with a socket, in a conversation of `site`. */
  const newVisitor = async (options: { email?: boolean; onSite?: Site; name?: string } = {}) => {
    const email = `${uniqueName('v')}@example.com`;
    const visitor = await startVisitor(t, options.onSite ?? site, {
      name: options.name ?? 'Ann',
      ...(options.email === false ? {} : { email }),
    });
    const socket = await connect(t.url, visitor.token);
    sockets.push(socket);
    return { email, roomId: visitor.room.id, socket };
  };

  beforeAll(async () => {
    smtp = await startSmtpServer();
    const port = await freePort();
    publicUrl = `http://127.0.0.1:${port}`;
    t = await startTestServer({
      port,
      publicUrl,
      mail: { smtpUrl: smtp.url, from: 'Shop <support@shop.example>' },
      // Due at once; passes only when a test asks (the timer is far off).
      replyEmails: { delayMs: 0, sweepIntervalMs: 3_600_000, retryAfterMs: RETRY_AFTER_MS },
    });
    if (!t.server.unreadReplySweeper) throw new Error('the reply sweeper should run with SMTP');
    sweeper = t.server.unreadReplySweeper;
    admin = await registerAdmin(t);
    agent = await registerUser(t.url, 'agent');
    site = await createSite(t, admin, { name: 'Shop' });
    await addAgent(t, admin, site.id, agent.user.id);
    agentSocket = await connect(t.url, agent.token);
  });
  afterAll(async () => {
    for (const socket of [agentSocket, ...sockets]) socket?.close();
    await t?.close();
    await smtp?.stop();
  });

  it('emails an unread reply once, with its text and the absolute /c/ link', async () => {
    const { email, roomId, socket } = await newVisitor();
    await sendOk(socket, roomId, 'Where is my order?');
    const reply = await sendOk(agentSocket, roomId, 'It ships tomorrow.');
    await sweepAll();

    const mails = smtp.mailsTo(email);
    expect(mails).toHaveLength(1);
    const { parsed } = mails[0]!;
    expect(parsed.subject).toBe('New reply from Shop');
    expect(parsed.from?.text).toContain('support@shop.example');
    expect(parsed.text).toContain('It ships tomorrow.');
    expect(parsed.html).toContain('It ships tomorrow.');
    const [row] = await t.server.database.db
      .select({ linkToken: supportConversations.linkToken })
      .from(supportConversations)
      .where(eq(supportConversations.roomId, roomId));
    const link = `${publicUrl}/c/${row!.linkToken}`;
    expect(parsed.text).toContain(link);
    expect(parsed.html).toContain(`href="${link}"`);
    expect(await emailedSeq(roomId)).toBe(reply.seq);

    await sweepAll();
    expect(smtp.mailsTo(email)).toHaveLength(1);
  });

  it('waits for the delay: a reply younger than it is not emailed yet', async () => {
    const { email, roomId } = await newVisitor();
    await sendOk(agentSocket, roomId, 'Hello!');
    // A pass a minute ago: with the delay, the reply was not due then.
    await sweepAll(Date.now() - 60_000);
    expect(smtp.mailsTo(email)).toHaveLength(0);
    expect(await emailedSeq(roomId)).toBe(0);
    await sweepAll();
    expect(smtp.mailsTo(email)).toHaveLength(1);
  });

  it('sends nothing for a reply the visitor read before the pass', async () => {
    const { email, roomId, socket } = await newVisitor();
    const reply = await sendOk(agentSocket, roomId, 'Read me here');
    ok(await request(socket, 'messages:read', { roomId, upToMessageId: reply.id }));
    await sweepAll();
    expect(smtp.mailsTo(email)).toHaveLength(0);
  });

  it('does not email a reply a push already told the visitor of, only what came after', async () => {
    const { email, roomId } = await newVisitor();
    const pushed = await sendOk(agentSocket, roomId, 'told by push');
    // What the push sender writes when a push service accepts a push (push-failures.test.ts).
    await t.server.database.db
      .update(roomMembers)
      .set({ notifiedSeq: pushed.seq })
      .where(eq(roomMembers.roomId, roomId));
    await sweepAll();
    expect(smtp.mailsTo(email)).toHaveLength(0);

    await sendOk(agentSocket, roomId, 'not pushed');
    await sweepAll();
    const mails = smtp.mailsTo(email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.parsed.text).toContain('not pushed');
    expect(mails[0]!.parsed.text).not.toContain('told by push');
  });

  it("never emails the visitor's own messages or the agents' private notes", async () => {
    const { email, roomId, socket } = await newVisitor();
    await sendOk(socket, roomId, 'my own words');
    const note = await http(t.url, 'POST', `/api/support/conversations/${roomId}/notes`, {
      token: agent.token,
      body: { content: 'secret note: refund risk' },
    });
    expect(note.status).toBe(201);
    await sweepAll();
    expect(smtp.mailsTo(email)).toHaveLength(0);

    await sendOk(agentSocket, roomId, 'the answer');
    await sweepAll();
    const [mail] = smtp.mailsTo(email);
    expect(mail?.parsed.text).toContain('the answer');
    for (const part of [mail?.parsed.text, mail?.parsed.html]) {
      expect(part).not.toContain('my own words');
      expect(part).not.toContain('secret note');
    }
  });

  it('emails no one when the visitor left no address', async () => {
    const { roomId } = await newVisitor({ email: false });
    await sendOk(agentSocket, roomId, 'nobody to email');
    await sweepAll();
    expect(await emailedSeq(roomId)).toBe(0);
  });

  it('batches several replies into one email; a later reply gets a second email with only itself', async () => {
    const { email, roomId } = await newVisitor();
    for (const text of ['first reply', 'second reply', 'third reply']) {
      await sendOk(agentSocket, roomId, text);
    }
    await sweepAll();
    const [batched] = smtp.mailsTo(email);
    expect(smtp.mailsTo(email)).toHaveLength(1);
    const text = batched?.parsed.text ?? '';
    expect(text.indexOf('first reply')).toBeLessThan(text.indexOf('second reply'));
    expect(text.indexOf('second reply')).toBeLessThan(text.indexOf('third reply'));

    await sendOk(agentSocket, roomId, 'a later reply');
    await sweepAll();
    const mails = smtp.mailsTo(email);
    expect(mails).toHaveLength(2);
    expect(mails[1]?.parsed.text).toContain('a later reply');
    expect(mails[1]?.parsed.text).not.toContain('first reply');
  });

  it('leaves out a deleted reply, and sends nothing when every reply was deleted', async () => {
    const { email, roomId } = await newVisitor();
    await expectDeletedLeftOut({ sender: agentSocket, roomId, email, smtp, sweepAll });
  });

  it('writes hostile agent, visitor and site text into the HTML as text', async () => {
    const hostileSite = await createSite(t, admin, { name: HOSTILE.title.raw });
    const hostileAgent = await registerHostileUser(t.url);
    await addAgent(t, admin, hostileSite.id, hostileAgent.user.id);
    const hostileSocket = await connect(t.url, hostileAgent.token);
    sockets.push(hostileSocket);
    const { email, roomId } = await newVisitor({ onSite: hostileSite, name: HOSTILE.name.raw });
    await sendOk(hostileSocket, roomId, HOSTILE.message.raw);
    await sweepAll();

    const [mail] = smtp.mailsTo(email);
    expectHostileAsText(mail!.parsed);
    expect(mail?.parsed.subject).toBe(`New reply from ${HOSTILE.title.raw}`);
  });

  it('sends one email when two passes run at once', async () => {
    const { email, roomId } = await newVisitor();
    await sendOk(agentSocket, roomId, 'only once please');
    await Promise.all([sweepAll(), sweepAll(), sweepAll()]);
    expect(smtp.mailsTo(email)).toHaveLength(1);
  });

  it('keeps the replies unsent when the SMTP server refuses, and sends them on a later pass', async () => {
    const { email, roomId } = await newVisitor();
    await sendOk(agentSocket, roomId, 'try again later');
    const now = Date.now();
    await smtp.refusing(() => sweepAll(now));
    expect(smtp.mailsTo(email)).toHaveLength(0);
    expect(await emailedSeq(roomId)).toBe(0);

    // Backing off: not retried before its time, then retried.
    await sweepAll(now + 1000);
    expect(smtp.mailsTo(email)).toHaveLength(0);
    await sweepAll(now + RETRY_AFTER_MS + 1000);
    expect(smtp.mailsTo(email)).toHaveLength(1);
    expect((await http(t.url, 'GET', '/healthz')).status).toBe(200);
  });

  it('survives an SMTP server that is down, and sends once it is back', async () => {
    const { email, roomId } = await newVisitor();
    await sendOk(agentSocket, roomId, 'are you there?');
    const now = Date.now();
    await smtp.stop();
    try {
      await sweepAll(now);
    } finally {
      await smtp.restart();
    }
    expect(await emailedSeq(roomId)).toBe(0);
    expect((await http(t.url, 'GET', '/healthz')).status).toBe(200);
    await sweepAll(now + RETRY_AFTER_MS + 1000);
    expect(smtp.mailsTo(email)).toHaveLength(1);
  });
});

describe('without SMTP_URL', () => {
  it('runs no reply job; with SMTP but no PUBLIC_URL it refuses to start', async () => {
    const t = await startTestServer();
    try {
      expect(t.server.unreadReplySweeper).toBeUndefined();
    } finally {
      await t.close();
    }
    await expect(
      startTestServer({ mail: { smtpUrl: 'smtp://127.0.0.1:1', from: 'x@example.com' } }),
    ).rejects.toThrow(/SMTP_URL needs PUBLIC_URL/);
  });
});

describe('the reply job on its own timer', () => {
  it('emails an unread reply without being asked, within a few passes', async () => {
    const smtp = await startSmtpServer();
    const port = await freePort();
    const t = await startTestServer({
      port,
      publicUrl: `http://127.0.0.1:${port}`,
      mail: { smtpUrl: smtp.url, from: 'support@shop.example' },
      replyEmails: { delayMs: 0, sweepIntervalMs: 50 },
    });
    const sockets: ClientSocket[] = [];
    try {
      const admin = await registerAdmin(t);
      const agent = await registerUser(t.url, 'agent');
      const site = await createSite(t, admin);
      await addAgent(t, admin, site.id, agent.user.id);
      const email = `${uniqueName('v')}@example.com`;
      const visitor = await startVisitor(t, site, { email });
      sockets.push(await connect(t.url, agent.token));
      const arrival = smtp.nextMailTo(email);
      await sendOk(sockets[0]!, visitor.room.id, 'sent by the timer');
      expect((await arrival).parsed.text).toContain('sent by the timer');
    } finally {
      for (const socket of sockets) socket.close();
      await t.close();
      await smtp.stop();
    }
  });
});
