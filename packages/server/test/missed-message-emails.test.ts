import type { NotificationSettings } from '@natter/protocol';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseClock } from '../src/db/database-clock.js';
import { roomMembers } from '../src/db/schema.js';
import { createLogger } from '../src/logger.js';
import { openMailer } from '../src/mail/mailer-factory.js';
import { MissedMessageSweeper } from '../src/notifications/missed-message-sweeper.js';
import { expectHttpError } from './helpers/authz-helpers.js';
import {
  connect,
  createDirectRoom,
  createGroupRoom,
  http,
  ok,
  registerUser,
  request,
  uniqueName,
} from './helpers/clients.js';
import type { ClientSocket } from './helpers/clients.js';
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
import { createSite, registerAdmin, startVisitor } from './helpers/support-helpers.js';
import type { TestServer } from './helpers/test-server.js';
import { startTestServer } from './helpers/test-server.js';

const DELAY_MS = 5 * 60_000;
/** The sweeper's first wait after a failed send (missed-message-sweeper.ts). */
const RETRY_AFTER_MS = 60_000;

/**
 * A server that sends email through `smtp`, with a PUBLIC_URL naming its own port (email links
 * are absolute); the job passes only when a test asks, at the moment it names.
 */
async function startMailingServer(smtp: TestSmtpServer) {
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const t = await startTestServer({
    port,
    publicUrl,
    mail: { smtpUrl: smtp.url, from: 'Natter <no-reply@chat.example>' },
    push: { missedEmailDelayMs: DELAY_MS, missedEmailSweepIntervalMs: 3_600_000 },
  });
  return { t, publicUrl };
}

const putSettings = (url: string, token: string, body: unknown) =>
  http<NotificationSettings>(url, 'PUT', '/api/me/notifications', { token, body });

describe('emailing users the messages they missed', () => {
  let smtp: TestSmtpServer;
  let t: TestServer;
  let sweeper: MissedMessageSweeper;
  let publicUrl: string;
  const sockets: ClientSocket[] = [];

  /** A moment at which everything sent so far is past the delay. */
  const afterDelay = () => Date.now() + DELAY_MS + 1000;
  /** Sweeps until a pass claims nothing (the database may hold other files' users). */
  const sweepAll = async (now = afterDelay()) => {
    while ((await sweeper.sweep(now)) > 0);
  };
  const connected = async (user: { token: string }) => {
    const socket = await connect(t.url, user.token);
    sockets.push(socket);
    return socket;
  };
  /** A user who turned the email on, and a friend with a socket to write to them from. */
  const recipientAndFriend = async () => {
    const email = `${uniqueName('r')}@example.com`;
    const recipient = await registerUser(t.url, 'rcpt');
    expect((await putSettings(t.url, recipient.token, { email, emailMissed: true })).status).toBe(
      200,
    );
    const friend = await registerUser(t.url, 'friend');
    const room = await createDirectRoom(t.url, friend.token, recipient.user.id);
    return { email, recipient, friend, friendSocket: await connected(friend), roomId: room.id };
  };
  const setMembership = (
    roomId: string,
    userId: string,
    change: { muted?: boolean; mentionsMuted?: boolean; notifiedSeq?: number },
  ) =>
    t.server.database.db
      .update(roomMembers)
      .set(change)
      .where(and(eq(roomMembers.roomId, roomId), eq(roomMembers.userId, userId)));
  const notifiedSeq = async (roomId: string, userId: string) => {
    const [row] = await t.server.database.db
      .select({ notifiedSeq: roomMembers.notifiedSeq })
      .from(roomMembers)
      .where(and(eq(roomMembers.roomId, roomId), eq(roomMembers.userId, userId)));
    return row?.notifiedSeq;
  };

  /** What `leaveOut` sends is not emailed; a message from the friend after it is, without it. */
  const expectLeftOut = async (
    scene: Awaited<ReturnType<typeof recipientAndFriend>>,
    leftOutText: string,
    leaveOut: () => Promise<unknown>,
  ) => {
    await leaveOut();
    await sweepAll();
    expect(smtp.mailsTo(scene.email)).toHaveLength(0);
    await sendOk(scene.friendSocket, scene.roomId, 'said later');
    await sweepAll();
    const [mail] = smtp.mailsTo(scene.email);
    expect(mail?.parsed.text).toContain('said later');
    expect(mail?.parsed.text).not.toContain(leftOutText);
  };

  beforeAll(async () => {
    smtp = await startSmtpServer();
    ({ t, publicUrl } = await startMailingServer(smtp));
    if (!t.server.missedMessageSweeper) throw new Error('the missed-message job runs with SMTP');
    sweeper = t.server.missedMessageSweeper;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await t?.close();
    await smtp?.stop();
  });

  it('sends one email covering two rooms, grouped by room, each linked; then nothing again', async () => {
    const { email, recipient, friend, friendSocket, roomId: directId } = await recipientAndFriend();
    const group = await createGroupRoom(t.url, friend.token, [recipient.user.id], 'Weekend plans');
    await sendOk(friendSocket, directId, 'are you coming?');
    const last = await sendOk(friendSocket, group.id, 'bring snacks');
    await sweepAll();

    const mails = smtp.mailsTo(email);
    expect(mails).toHaveLength(1);
    const { parsed } = mails[0]!;
    expect(parsed.subject).toBe('Unread messages in 2 conversations');
    expect(parsed.from?.text).toContain('no-reply@chat.example');
    const text = parsed.text ?? '';
    expect(text).toContain(`Hello ${recipient.user.displayName},`);
    expect(text).toContain(`${friend.user.displayName} (1 new message)`);
    expect(text).toContain('Weekend plans (1 new message)');
    // Grouped: each message under its own room, and the oldest room first.
    expect(text.indexOf('are you coming?')).toBeLessThan(text.indexOf('Weekend plans'));
    expect(text.indexOf('Weekend plans')).toBeLessThan(text.indexOf('bring snacks'));
    for (const roomId of [directId, group.id]) {
      expect(text).toContain(`${publicUrl}/chat/${roomId}`);
      expect(parsed.html).toContain(`href="${publicUrl}/chat/${roomId}"`);
    }
    expect(parsed.html).toContain('bring snacks');
    expect(await notifiedSeq(group.id, recipient.user.id)).toBe(last.seq);

    await sweepAll();
    expect(smtp.mailsTo(email)).toHaveLength(1);
  });

  it('quotes a few messages of a busy room and counts the rest', async () => {
    const { email, friendSocket, roomId } = await recipientAndFriend();
    for (let i = 1; i <= 7; i++) await sendOk(friendSocket, roomId, `line ${i}`);
    await sweepAll();
    const [mail] = smtp.mailsTo(email);
    expect(mail?.parsed.subject).toMatch(/^7 unread messages in /);
    const text = mail?.parsed.text ?? '';
    expect(text).toContain('line 5');
    expect(text).not.toContain('line 6');
    expect(text).toContain('…and 2 more messages.');
  });

  it('waits for the delay: a message younger than it is not emailed yet', async () => {
    const { email, recipient, friendSocket, roomId } = await recipientAndFriend();
    await sendOk(friendSocket, roomId, 'not yet');
    await sweepAll(Date.now());
    expect(smtp.mailsTo(email)).toHaveLength(0);
    expect(await notifiedSeq(roomId, recipient.user.id)).toBe(0);
    await sweepAll();
    expect(smtp.mailsTo(email)).toHaveLength(1);
  });

  it('sends nothing for messages read before the pass', async () => {
    const { email, recipient, friendSocket, roomId } = await recipientAndFriend();
    const message = await sendOk(friendSocket, roomId, 'read me here');
    const socket = await connected(recipient);
    ok(await request(socket, 'messages:read', { roomId, upToMessageId: message.id }));
    await sweepAll();
    expect(smtp.mailsTo(email)).toHaveLength(0);
  });

  it('sends nothing from a muted room', async () => {
    const { email, recipient, friendSocket, roomId } = await recipientAndFriend();
    await setMembership(roomId, recipient.user.id, { muted: true });
    await sendOk(friendSocket, roomId, 'muted words');
    await sweepAll();
    expect(smtp.mailsTo(email)).toHaveLength(0);
    expect(await notifiedSeq(roomId, recipient.user.id)).toBe(0);
  });

  it('from a muted room, emails only what mentions the user, unless they muted mentions too', async () => {
    const { email, recipient, friendSocket, roomId } = await recipientAndFriend();
    await setMembership(roomId, recipient.user.id, { muted: true });
    await sendOk(friendSocket, roomId, 'muted words');
    await sendOk(friendSocket, roomId, `@${recipient.user.username} a word for you`);
    await sendOk(friendSocket, roomId, 'more muted words');
    await sweepAll();
    const [mail] = smtp.mailsTo(email);
    expect(mail?.parsed.text).toContain('a word for you');
    expect(mail?.parsed.text).not.toContain('muted words');

    await setMembership(roomId, recipient.user.id, { mentionsMuted: true });
    await sendOk(friendSocket, roomId, `@${recipient.user.username} another word`);
    await sweepAll();
    expect(smtp.mailsTo(email)).toHaveLength(1);
  });

  it("never emails the user's own messages", async () => {
    const scene = await recipientAndFriend();
    const mine = await connected(scene.recipient);
    await expectLeftOut(scene, 'my own words', () => sendOk(mine, scene.roomId, 'my own words'));
  });

  it('leaves out deleted messages, and sends nothing when all were deleted', async () => {
    const { email, friendSocket, roomId } = await recipientAndFriend();
    await expectDeletedLeftOut({
      sender: friendSocket,
      roomId,
      email,
      smtp,
      sweepAll: () => sweepAll(),
    });
  });

  it('does not email what a push already told (notified_seq past it), only what came after', async () => {
    const scene = await recipientAndFriend();
    await expectLeftOut(scene, 'told by push', async () => {
      const pushed = await sendOk(scene.friendSocket, scene.roomId, 'told by push');
      // What the push sender does when a push service accepts a push.
      await setMembership(scene.roomId, scene.recipient.user.id, { notifiedSeq: pushed.seq });
    });
  });

  it('sends nothing with the setting off, or turned off before the pass', async () => {
    const { email, recipient, friendSocket, roomId } = await recipientAndFriend();
    expect(
      (await putSettings(t.url, recipient.token, { emailMissed: false })).body.emailMissed,
    ).toBe(false);
    await sendOk(friendSocket, roomId, 'nobody asked');
    await sweepAll();
    expect(smtp.mailsTo(email)).toHaveLength(0);
    expect(await notifiedSeq(roomId, recipient.user.id)).toBe(0);
  });

  it('writes hostile names and messages into the HTML as text', async () => {
    const { email, recipient } = await recipientAndFriend();
    // The greeting names the recipient: their own name is a user's string too.
    const renamed = await http(t.url, 'PATCH', '/api/me', {
      token: recipient.token,
      body: { displayName: HOSTILE.name.raw },
    });
    expect(renamed.status).toBe(200);
    const hostile = await registerHostileUser(t.url);
    const group = await createGroupRoom(
      t.url,
      hostile.token,
      [recipient.user.id],
      HOSTILE.title.raw,
    );
    await sendOk(await connected(hostile), group.id, HOSTILE.message.raw);
    await sweepAll();

    const [mail] = smtp.mailsTo(email);
    expectHostileAsText(mail!.parsed);
  });

  it('sends one email when passes of two nodes run at once', async () => {
    const { email, friendSocket, roomId } = await recipientAndFriend();
    await sendOk(friendSocket, roomId, 'only once please');
    // A second node: its own sweeper and SMTP connection over the same database.
    const log = createLogger('silent');
    const otherMailer = openMailer({ smtpUrl: smtp.url, from: 'no-reply@chat.example' }, log)!;
    const otherNode = new MissedMessageSweeper(
      t.server.database.db,
      await DatabaseClock.measured(t.server.database.db, log),
      otherMailer,
      publicUrl,
      { missedEmailDelayMs: DELAY_MS, missedEmailSweepIntervalMs: 3_600_000 },
      log,
    );
    try {
      const now = afterDelay();
      await Promise.all([sweepAll(now), sweepAll(now), otherNode.sweep(now), otherNode.sweep(now)]);
    } finally {
      otherMailer.close();
    }
    expect(smtp.mailsTo(email)).toHaveLength(1);
  });

  it('keeps the messages unsent while SMTP refuses, retries after the wait, then sends once', async () => {
    const { email, recipient, friendSocket, roomId } = await recipientAndFriend();
    await sendOk(friendSocket, roomId, 'try again later');
    const now = afterDelay();
    await smtp.refusing(() => sweepAll(now));
    expect(smtp.mailsTo(email)).toHaveLength(0);
    expect(await notifiedSeq(roomId, recipient.user.id)).toBe(0);

    // Backing off: not retried before its time, then retried, once.
    await sweepAll(now + 1000);
    expect(smtp.mailsTo(email)).toHaveLength(0);
    await sweepAll(now + RETRY_AFTER_MS + 1000);
    expect(smtp.mailsTo(email)).toHaveLength(1);
    await sweepAll(now + 10 * RETRY_AFTER_MS);
    expect(smtp.mailsTo(email)).toHaveLength(1);
    expect((await http(t.url, 'GET', '/healthz')).status).toBe(200);
  });

  it('gives up after the last try: the claim stays and nothing more is sent', async () => {
    const { email, recipient, friendSocket, roomId } = await recipientAndFriend();
    const message = await sendOk(friendSocket, roomId, 'never delivered');
    let now = afterDelay();
    await smtp.refusing(async () => {
      // Five tries, each after the doubled wait of the one before.
      for (let attempt = 0; attempt < 5; attempt++) {
        await sweepAll(now);
        now += RETRY_AFTER_MS * 2 ** attempt + 1000;
      }
    });
    expect(await notifiedSeq(roomId, recipient.user.id)).toBe(message.seq);
    await sweepAll(now);
    expect(smtp.mailsTo(email)).toHaveLength(0);
  });
});

describe('the notification settings routes', () => {
  let t: TestServer;
  let smtp: TestSmtpServer;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    ({ t } = await startMailingServer(smtp));
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
  });

  const getSettings = (token: string) =>
    http<NotificationSettings>(t.url, 'GET', '/api/me/notifications', { token });

  it('reads the defaults, stores a change and reads it back', async () => {
    const user = await registerUser(t.url);
    expect(await getSettings(user.token)).toMatchObject({
      status: 200,
      body: { email: null, emailMissed: false, emailAvailable: true },
    });
    const email = `${uniqueName('me')}@example.com`;
    const put = await putSettings(t.url, user.token, { email, emailMissed: true });
    expect(put).toMatchObject({
      status: 200,
      body: { email, emailMissed: true, emailAvailable: true },
    });
    expect((await getSettings(user.token)).body).toEqual(put.body);
    // The email off keeps the address; the email on again needs none given.
    expect((await putSettings(t.url, user.token, { emailMissed: false })).body).toMatchObject({
      email,
      emailMissed: false,
    });
    expect((await putSettings(t.url, user.token, { emailMissed: true })).body).toMatchObject({
      email,
      emailMissed: true,
    });
  });

  it('refuses a bad email, an empty or unknown change, and names the field', async () => {
    const user = await registerUser(t.url);
    const message = expectHttpError(
      await putSettings(t.url, user.token, { email: 'not an address', emailMissed: true }),
      400,
      'bad_request',
    );
    expect(message).toMatch(/email/);
    expectHttpError(await putSettings(t.url, user.token, {}), 400, 'bad_request');
    expectHttpError(
      await putSettings(t.url, user.token, { emailMissed: 'yes' }),
      400,
      'bad_request',
    );
    expectHttpError(
      await putSettings(t.url, user.token, { email: 'a@example.com', sms: true }),
      400,
      'bad_request',
    );
    expect((await getSettings(user.token)).body).toMatchObject({ email: null, emailMissed: false });
  });

  it('refuses to turn the email on without an address, or to clear the address while on', async () => {
    const user = await registerUser(t.url);
    const noAddress = expectHttpError(
      await putSettings(t.url, user.token, { emailMissed: true }),
      400,
      'bad_request',
    );
    expect(noAddress).toMatch(/^email/);
    expectHttpError(
      await putSettings(t.url, user.token, { email: null, emailMissed: true }),
      400,
      'bad_request',
    );
    expect((await getSettings(user.token)).body).toMatchObject({ email: null, emailMissed: false });

    const email = `${uniqueName('me')}@example.com`;
    await putSettings(t.url, user.token, { email, emailMissed: true });
    expect(
      expectHttpError(await putSettings(t.url, user.token, { email: null }), 400, 'bad_request'),
    ).toMatch(/^email/);
    expect((await getSettings(user.token)).body).toMatchObject({ email, emailMissed: true });
    // Both at once: the address goes with the email off.
    expect(
      (await putSettings(t.url, user.token, { email: null, emailMissed: false })).body,
    ).toMatchObject({ email: null, emailMissed: false });
  });

  it('answers 401 without a session and refuses website visitors', async () => {
    expectHttpError(await http(t.url, 'GET', '/api/me/notifications'), 401, 'unauthorized');
    const admin = await registerAdmin(t);
    const site = await createSite(t, admin);
    const visitor = await startVisitor(t, site, { email: `${uniqueName('v')}@example.com` });
    expectHttpError(await getSettings(visitor.token), 403, 'forbidden');
    expectHttpError(
      await putSettings(t.url, visitor.token, { emailMissed: true }),
      403,
      'forbidden',
    );
  });
});

describe('without SMTP_URL', () => {
  it('runs no missed-message job and says email is not available, yet keeps the setting', async () => {
    const t = await startTestServer();
    try {
      expect(t.server.missedMessageSweeper).toBeUndefined();
      const user = await registerUser(t.url);
      const put = await putSettings(t.url, user.token, {
        email: 'someone@example.com',
        emailMissed: true,
      });
      expect(put).toMatchObject({
        status: 200,
        body: { email: 'someone@example.com', emailMissed: true, emailAvailable: false },
      });
    } finally {
      await t.close();
    }
  });
});
