/**
 * The rich-text screenshots (issue #15): a group conversation whose messages use every construct
 * of the Markdown subset, in my bubble and in others', with mentions (mine and someone else's) —
 * desktop light and dark and a phone — and the same message in the support widget.
 * `npm run build && npx tsx e2e/screenshots-extras-richtext.ts`; look at the PNGs in
 * docs/screenshots/rich-text-*.png. Not a test; the server, browser and seeding are the e2e
 * tests' own.
 */
import {
  createGroupRoom,
  markRead,
  nextEvent,
  connect,
  registerAs,
  seedMessages,
} from './helpers/api.js';
import type { E2eUser } from './helpers/api.js';
import { messageLog, openRoom, signedIn } from './helpers/app.js';
import { launchBrowser } from './helpers/browser.js';
import { everyConstruct } from './helpers/rich-text.js';
import { desktop, phone, shot } from './helpers/screenshots.js';
import { startServer } from './helpers/server.js';
import {
  FRIENDLY_CSS,
  createSiteWithAgent,
  launcher,
  startHostSite,
  widgetComposer,
  widgetFrame,
  widgetLog,
} from './helpers/widget-host.js';

/** A conversation as people write it: short messages around the one with every construct. */
async function seedConversation(url: string, me: E2eUser, bob: E2eUser, carol: E2eUser) {
  const room = await createGroupRoom(url, me, 'Release crew', [bob, carol]);
  const say = (from: E2eUser, text: string) => seedMessages(url, from, room.id, 1, () => text);
  await say(carol, 'Morning! Is **v2.4** still on for today?');
  await say(bob, everyConstruct(me.username));
  await say(me, `Great work. @${carol.username}, can you check _the migration_ once more?`);
  await say(
    carol,
    '> can you check the migration once more?\n\nOn it. Running `npm run db:check` now.',
  );
  const [last] = await say(
    me,
    'Done list:\n1. ~~write notes~~\n2. tag the release\n3. tell the **support** team',
  );
  if (last) await markRead(url, me, room.id, last.id);
  return room;
}

async function main() {
  const [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  try {
    const url = server.url;
    // The instance's first account is its admin (it makes the widget's site).
    const me = await registerAs(url, 'maya', 'Maya Lopez');
    const bob = await registerAs(url, 'bob', 'Bob Stone');
    const carol = await registerAs(url, 'carol', 'Carol Diaz');
    await seedConversation(url, me, bob, carol);

    for (const [name, options] of [
      ['rich-text-light', desktop],
      ['rich-text-dark', { ...desktop, colorScheme: 'dark' }],
      ['rich-text-phone', phone],
    ] as const) {
      const { context, page } = await signedIn(browser, url, me, undefined, options);
      await openRoom(page, 'Release crew');
      await messageLog(page).locator('.mention--me').waitFor();
      await messageLog(page).locator('.mention:not(.mention--me)').first().waitFor();
      await shot(page, name);
      await context.close();
    }

    const host = await startHostSite(url, FRIENDLY_CSS);
    const agent = await registerAs(url, 'sam', 'Sam Rivera');
    const agentSocket = await connect(url, agent.token);
    try {
      const site = await createSiteWithAgent(url, me, agent, {
        name: 'Garden shop',
        allowedOrigins: [host.origin],
        greeting: 'Hi! Questions about seeds, tools or your order? We are here.',
        accentColor: '#2e7d32',
      });
      const context = await browser.newContext(desktop);
      const page = await context.newPage();
      await page.goto(`${host.origin}/?site=${site.key}`);
      const frame = widgetFrame(page);
      const opened = nextEvent<{ id: string }>(agentSocket, 'room:new', () => true);
      await launcher(frame).click();
      const room = await opened;
      const asked = nextEvent(agentSocket, 'message:new', () => true);
      await widgetComposer(frame).fill('Do you ship **tomato seeds** abroad? Order `#4521`.');
      await widgetComposer(frame).press('Enter');
      await asked;
      await seedMessages(url, agent, room.id, 1, () =>
        [
          'We do! For **seeds**:',
          '- EU: _3 to 5 days_',
          '- elsewhere: ~~2 weeks~~ 8 days',
          '',
          '> Order `#4521` ships tomorrow.',
          '',
          'Tracking: https://example.com/track/4521',
        ].join('\n'),
      );
      await widgetLog(frame).locator('.rich-text blockquote').waitFor();
      await shot(page, 'rich-text-widget');
      await context.close();
    } finally {
      agentSocket.close();
      await host.close();
    }
  } finally {
    await browser.close();
    await server.stop();
  }
}

await main();
