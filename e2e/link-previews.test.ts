import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PageServer } from '../packages/server/test/helpers/page-servers.js';
import type { E2eUser } from './helpers/api.js';
import { connect, seedMessages } from './helpers/api.js';
import { isInView, messageItem, messageText, openRoom, sendMessage } from './helpers/app.js';
import { ARTICLE, PREVIEW_SETTINGS, startPreviewSite } from './helpers/preview-pages.js';
import { seriousAxeViolations } from './helpers/support.js';
import { useE2e } from './helpers/suite.js';
import {
  FRIENDLY_CSS,
  createSiteWithAgent,
  openAsVisitor,
  startHostSite,
  widgetFrame,
  widgetLog,
} from './helpers/widget-host.js';

const PHONE = { width: 390, height: 844 };

describe('link previews in the browser', () => {
  const e2e = useE2e({ settings: async () => PREVIEW_SETTINGS });
  let site: PageServer;
  let admin: E2eUser;
  beforeAll(async () => {
    site = await startPreviewSite();
    // The instance's first account is its admin (the widget's site needs one).
    admin = await e2e.register('admin');
  });
  afterAll(() => site.close());

  it('the card appears live on both sides, with its image; the author removes it for everyone', async () => {
    const { alice, bob, bobUser, room } = await e2e.aliceAndBobInARoom();
    // A conversation taller than the window, so the card has to be scrolled into view.
    const [lastFiller] = (
      await seedMessages(e2e.url, bobUser, room.id, 20, (i) => `earlier ${i}`)
    ).slice(-1);
    await messageText(alice.page, lastFiller!.content).waitFor();
    const text = `Read this before Saturday: ${site.url('/article')}`;
    await sendMessage(alice.page, text);

    for (const { page } of [alice, bob]) {
      const title = messageItem(page, text).getByRole('link', { name: ARTICLE.title });
      await title.waitFor();
      expect(await title.getAttribute('href')).toBe(site.url('/article'));
      // The list stays at the bottom as the card makes the newest message taller.
      const card = messageItem(page, text).locator('.link-preview');
      await expect.poll(() => isInView(page, card)).toBe(true);
      const image = messageItem(page, text).locator('.link-preview-image');
      await expect
        .poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth))
        .toBe(600);
      expect(await messageItem(page, text).getByText(ARTICLE.siteName).count()).toBe(1);
    }
    expect(site.requests.filter((path) => path === '/article')).toHaveLength(1);
    expect(
      await messageItem(bob.page, text).getByRole('button', { name: 'Remove preview' }).count(),
    ).toBe(0);

    await messageItem(alice.page, text).getByRole('button', { name: 'Remove preview' }).click();
    for (const { page } of [alice, bob]) {
      await messageItem(page, text)
        .getByRole('link', { name: ARTICLE.title })
        .waitFor({ state: 'detached' });
      // The message itself stays, link and all.
      await messageText(page, text).waitFor();
    }
  });

  it('the support widget shows the card of an agent link, scrolled into view', async () => {
    const shop = await startHostSite(e2e.url, FRIENDLY_CSS);
    const agent = await e2e.register('agent');
    const agentSocket = await connect(e2e.url, agent.token);
    try {
      const widgetSite = await createSiteWithAgent(e2e.url, admin, agent, {
        name: 'Garden shop',
        allowedOrigins: [shop.origin],
      });
      const { page } = await e2e.open();
      await page.goto(`${shop.origin}/?site=${widgetSite.key}`);
      const frame = widgetFrame(page);
      const roomId = await openAsVisitor(page, agentSocket);
      await seedMessages(e2e.url, agent, roomId, 12, (i) => `Earlier answer ${i}`);
      await seedMessages(e2e.url, agent, roomId, 1, () => `The guide: ${site.url('/guide')}`);

      const card = widgetLog(frame).getByRole('link', { name: /Starting tomato seeds indoors/ });
      await card.waitFor();
      expect(await card.getAttribute('href')).toBe(site.url('/guide'));
      expect(await card.getAttribute('rel')).toBe('noopener noreferrer nofollow');
      const bottomGap = () =>
        card.evaluate((element) => {
          const log = element.closest('[role="log"]');
          return log
            ? log.getBoundingClientRect().bottom - element.getBoundingClientRect().bottom
            : -1;
        });
      await expect.poll(bottomGap).toBeGreaterThanOrEqual(0);
    } finally {
      agentSocket.close();
      await shop.close();
    }
  });

  it.each(['light', 'dark'] as const)(
    'has no serious axe violation with a card, %s, on desktop and phone',
    async (colorScheme) => {
      const { alice, bob, aliceUser } = await e2e.aliceAndBobInARoom();
      await sendMessage(bob.page, `Notes: ${site.url('/plain')}`);
      await sendMessage(alice.page, `And this one: ${site.url('/article')}`);
      const cards = alice.page.locator('.link-preview');
      await expect.poll(() => cards.count()).toBe(2);

      await alice.page.emulateMedia({ colorScheme });
      expect(await seriousAxeViolations(alice.page)).toEqual([]);

      const phone = await e2e.signIn(aliceUser);
      await phone.page.emulateMedia({ colorScheme });
      await phone.page.setViewportSize(PHONE);
      await openRoom(phone.page, 'Bob');
      await expect.poll(() => phone.page.locator('.link-preview').count()).toBe(2);
      expect(await seriousAxeViolations(phone.page)).toEqual([]);
    },
  );
});
