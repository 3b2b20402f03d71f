import { rm } from 'node:fs/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { PushPayload } from '@natter/protocol';
import { makePushCertificate } from '../packages/server/test/helpers/push-certificate.js';
import type { PushCertificate } from '../packages/server/test/helpers/push-certificate.js';
import { PushService } from '../packages/server/test/helpers/push-service.js';
import { createScratchDatabase } from '../packages/server/test/helpers/scratch-database.js';
import type { ScratchDatabase } from '../packages/server/test/helpers/scratch-database.js';
import { createDirectRoom, createGroupRoom, roomOf, seedMessages } from './helpers/api.js';
import type { E2eUser } from './helpers/api.js';
import { openRoom, roomsNav } from './helpers/app.js';
import { ADMIN_URL } from './helpers/cluster-nodes.js';
import {
  deliverPush,
  shownNotifications,
  stubPushManager,
  subscribeOptions,
} from './helpers/push.js';
import { createSite, seriousAxeViolations, startVisitor } from './helpers/support.js';
import { useE2e } from './helpers/suite.js';

/**
 * Notifications in the browser (issue #13), end to end through the UI: turning push on from the
 * invitation and the settings (the server stores this browser's subscription, and pushes to it),
 * the pushed payload shown by the service worker, muting a room, the favicon badge, the `/c/`
 * page's opt-in, and axe on what is new. The browser's subscription is one of a local https
 * push service (packages/server/test/helpers/push-service.ts), which the server trusts and may
 * push to, and which decrypts what it receives as a browser would. The server runs on a scratch
 * PostgreSQL database, so the test can see what it stored.
 */
let database: ScratchDatabase | undefined;
let certificate: PushCertificate | undefined;
let pushService: PushService | undefined;
// Registered before useE2e's hooks, so it runs after them: the server stops first.
afterAll(async () => {
  await pushService?.close();
  await database?.drop();
  if (certificate) await rm(certificate.dir, { recursive: true, force: true });
});
const e2e = useE2e({
  settings: async () => {
    database = await createScratchDatabase('natter_e2e_push', ADMIN_URL);
    certificate = await makePushCertificate();
    pushService = await PushService.start(certificate);
    return {
      DATABASE_URL: database.url,
      PUSH_ENDPOINT_ORIGINS: pushService.origin,
      NODE_EXTRA_CA_CERTS: certificate.certPath,
    };
  },
});
const pushes = () => {
  if (!pushService) throw new Error('the push service did not start');
  return pushService;
};

/** The instance's first account, so its admin: it makes the support site of the `/c/` test. */
let admin: E2eUser;
beforeAll(async () => {
  admin = await e2e.register('admin');
});

/** One statement on the server's database. */
async function query<Row extends pg.QueryResultRow>(text: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: database?.url });
  await client.connect();
  try {
    return (await client.query<Row>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** The subscriptions the server holds, with whose they are. */
const storedSubscriptions = () =>
  query<{ user_id: string; endpoint: string; p256dh: string; auth: string }>(
    'SELECT user_id, endpoint, p256dh, auth FROM push_subscriptions',
  );
const storedFor = async (userId: string) =>
  (await storedSubscriptions()).filter((row) => row.user_id === userId);

const invitation = (page: Page) =>
  page.getByRole('complementary', { name: 'Get notified of new messages' });
const notificationsCard = (page: Page) => page.getByRole('region', { name: 'Notifications' });

async function openProfile(page: Page): Promise<void> {
  await page.getByRole('button', { name: /profile and account/ }).click();
  await page.getByRole('heading', { name: 'Profile and account', level: 1 }).waitFor();
}

/** Alice signed in, her browser's push a subscription of the push service; Bob, their room. */
async function aliceWithPush() {
  const [aliceUser, bobUser] = await Promise.all([e2e.register('alice'), e2e.register('bob')]);
  const room = await createDirectRoom(e2e.url, aliceUser, bobUser);
  const { endpointId, ...subscription } = pushes().subscribe();
  const { page } = await e2e.signIn(aliceUser, (context) =>
    stubPushManager(context, e2e.url, subscription),
  );
  return { aliceUser, bobUser, page, subscription, endpointId, roomId: room.id };
}

describe('push notifications in the web app', () => {
  it('the invitation subscribes this browser; the server pushes to it; the push shows', async () => {
    const { aliceUser, bobUser, page, subscription, endpointId, roomId } = await aliceWithPush();
    const team = await createGroupRoom(e2e.url, bobUser, 'Team', [aliceUser]);

    // Nothing is asked on load: the invitation waits for a click.
    await invitation(page).waitFor();
    expect(await subscribeOptions(page)).toBeNull();
    await invitation(page).getByRole('button', { name: 'Enable notifications' }).click();
    await expect
      .poll(() => storedFor(aliceUser.id))
      .toEqual([{ user_id: aliceUser.id, endpoint: subscription.endpoint, ...subscription.keys }]);
    // userVisibleOnly, and the server's VAPID key as the 65 bytes of a P-256 point.
    expect(await subscribeOptions(page)).toEqual({ userVisibleOnly: true, keyBytes: 65 });
    await expect.poll(() => invitation(page).count()).toBe(0);

    // Alice closes the chat (her only device): Bob's message is pushed to her subscription. The
    // push service decrypts it; the browser would hand it to the service worker as below.
    await page.goto('about:blank');
    const [message] = await seedMessages(e2e.url, bobUser, roomId, 1, () => 'Lunch at noon?');
    await pushes().waitFor(() => pushes().deliveriesTo(endpointId).length > 0, 'the push');
    const payload = pushes().deliveriesTo(endpointId)[0]!.payload as PushPayload;
    expect(payload).toMatchObject({
      roomId,
      messageId: message!.id,
      senderName: bobUser.displayName,
      body: 'Lunch at noon?',
      url: `/chat/${roomId}`,
    });
    await page.goto(e2e.url);
    await roomsNav(page).waitFor();
    await deliverPush(page, payload);
    await expect
      .poll(() => shownNotifications(page))
      .toEqual([
        {
          title: bobUser.displayName,
          body: 'Lunch at noon?',
          tag: roomId,
          icon: `${e2e.url}/favicon.svg`,
          data: { url: `/chat/${roomId}`, roomId },
        },
      ]);

    // Junk (delivered before the group's) shows nothing; a group's push is titled by the group
    // and names the sender. (The browser lists them in no set order.)
    await deliverPush(page, 'not a payload');
    await deliverPush(page, {
      ...payload,
      roomId: team.id,
      roomName: 'Team',
      url: `/chat/${team.id}`,
    });
    await expect
      .poll(async () =>
        (await shownNotifications(page)).map((n) => [n.title, n.body, n.tag]).sort(),
      )
      .toEqual(
        [
          [bobUser.displayName, 'Lunch at noon?', roomId],
          ['Team', `${bobUser.displayName}: Lunch at noon?`, team.id],
        ].sort(),
      );
  });

  it('the settings show the state and turn push off: the server forgets this browser', async () => {
    const { aliceUser, page } = await aliceWithPush();
    await openProfile(page);
    const card = notificationsCard(page);
    await card.getByText('Off on this browser.').waitFor();
    await card.getByRole('button', { name: 'Enable notifications' }).click();
    await card.getByText(/^On for this browser/).waitFor();
    await expect.poll(async () => (await storedFor(aliceUser.id)).length).toBe(1);

    // This server has no SMTP: the email fallback is there, disabled, and says why.
    await card.getByText(/^This server cannot send email/).waitFor();
    expect(
      await card.getByRole('checkbox', { name: 'Email me messages I missed' }).isDisabled(),
    ).toBe(true);

    await card.getByRole('button', { name: 'Turn off on this browser' }).click();
    await card.getByText('Off on this browser.').waitFor();
    await expect.poll(async () => (await storedFor(aliceUser.id)).length).toBe(0);
  });

  it('signing out unsubscribes this browser, and the server drops it with the session', async () => {
    const { aliceUser, page } = await aliceWithPush();
    await invitation(page).getByRole('button', { name: 'Enable notifications' }).click();
    await expect.poll(async () => (await storedFor(aliceUser.id)).length).toBe(1);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await expect.poll(() => subscribeOptions(page)).toBeNull();
    await expect.poll(async () => (await storedFor(aliceUser.id)).length).toBe(0);
  });

  it('a subscription the server lost (its session ended) is handed over again on the next load', async () => {
    const { aliceUser, page, subscription } = await aliceWithPush();
    await invitation(page).getByRole('button', { name: 'Enable notifications' }).click();
    await expect.poll(async () => (await storedFor(aliceUser.id)).length).toBe(1);
    await query('DELETE FROM push_subscriptions WHERE user_id = $1', [aliceUser.id]);
    await page.reload();
    await expect
      .poll(() => storedFor(aliceUser.id))
      .toEqual([{ user_id: aliceUser.id, endpoint: subscription.endpoint, ...subscription.keys }]);
  });

  it('a dismissed invitation stays dismissed', async () => {
    const { page } = await aliceWithPush();
    await invitation(page).getByRole('button', { name: 'No thanks' }).click();
    await expect.poll(() => invitation(page).count()).toBe(0);
    await page.reload();
    await roomsNav(page).waitFor();
    expect(await invitation(page).count()).toBe(0);
    expect(await subscribeOptions(page)).toBeNull();
  });

  it('muting a room in its menu persists, shows in the list, and unmutes in its details', async () => {
    const { aliceUser, bobUser, page, roomId } = await aliceWithPush();
    await openRoom(page, bobUser.displayName);
    await page.getByRole('button', { name: 'More actions for this conversation' }).click();
    await page.getByRole('menuitem', { name: 'Mute notifications' }).click();
    const mutedIcon = roomsNav(page).getByRole('img', { name: 'Muted' });
    await mutedIcon.waitFor();
    expect((await roomOf(e2e.url, aliceUser, roomId)).muted).toBe(true);

    await page.reload();
    await mutedIcon.waitFor();
    await page.getByRole('button', { name: bobUser.displayName, exact: true }).click();
    const mute = page.getByRole('dialog').getByRole('checkbox', { name: 'Mute notifications' });
    expect(await mute.isChecked()).toBe(true);
    await mute.click();
    await expect.poll(() => mutedIcon.count()).toBe(0);
    expect((await roomOf(e2e.url, aliceUser, roomId)).muted).toBeUndefined();
  });

  it('unread messages show on the favicon and in the title', async () => {
    const { bobUser, page, roomId } = await aliceWithPush();
    await roomsNav(page).waitFor();
    const icon = () =>
      page.evaluate(() => {
        const link = document.querySelector<HTMLLinkElement>('link[rel="icon"]');
        return { badge: link?.dataset.badge ?? '', png: link?.href.startsWith('data:image/png') };
      });
    await seedMessages(e2e.url, bobUser, roomId, 2, (i) => `Ping ${i}`);
    await expect.poll(() => page.title()).toBe('(2) Natter');
    await expect.poll(icon).toEqual({ badge: '2', png: true });
    await openRoom(page, bobUser.displayName);
    await expect.poll(icon).toEqual({ badge: '', png: false });
  });

  it('the /c/ page offers "Notify me of replies" and stores the visitor’s subscription', async () => {
    const site = await createSite(e2e.url, admin, {
      name: 'Garden shop',
      allowedOrigins: ['https://shop.example'],
    });
    const visitor = await startVisitor(e2e.url, { siteKey: site.key });
    visitor.socket.close();
    const { context, page } = await e2e.open();
    const device = pushes().subscribe();
    await stubPushManager(context, e2e.url, { endpoint: device.endpoint, keys: device.keys });
    await page.goto(e2e.url + visitor.session.link);
    await page.getByRole('button', { name: 'Notify me of replies' }).click();
    await page.getByText("We'll notify you of replies.").waitFor();
    await expect
      .poll(async () => (await storedFor(visitor.session.visitor.id)).map((r) => r.endpoint))
      .toEqual([device.endpoint]);
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it.each(['light', 'dark'] as const)(
    'the invitation and the Notifications settings pass axe (%s)',
    async (colorScheme) => {
      const { page } = await aliceWithPush();
      await page.emulateMedia({ colorScheme });
      await invitation(page).waitFor();
      expect(await seriousAxeViolations(page)).toEqual([]);
      await openProfile(page);
      await notificationsCard(page).getByText('Off on this browser.').waitFor();
      expect(await seriousAxeViolations(page)).toEqual([]);
    },
  );
});
