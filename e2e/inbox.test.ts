import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { uniqueName } from './helpers/api.js';
import {
  composer,
  messageLog,
  messageText,
  roomsNav,
  sendMessage,
  signUpInUi,
} from './helpers/app.js';
import {
  seriousAxeViolations,
  startVisitor,
  visitorReceives,
  visitorSays,
} from './helpers/support.js';
import { useE2e } from './helpers/suite.js';

const SITE_ORIGIN = 'https://shop.example';

const sections = (page: Page) => page.getByRole('navigation', { name: 'Sections' });
const conversations = (page: Page) => page.getByRole('navigation', { name: 'Conversations' });
const details = (page: Page) => page.getByRole('complementary', { name: 'Conversation details' });
const row = (page: Page, name: string) =>
  conversations(page).getByRole('link').filter({ hasText: name });

describe('the inbox and the site settings in the web app', () => {
  const e2e = useE2e();

  it('the admin sets up a site and an agent; the agent answers a visitor from the inbox', async () => {
    // The first account of the instance is its admin: signed up through the form.
    const admin = await e2e.open();
    await admin.context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await signUpInUi(admin.page, {
      username: uniqueName('owner'),
      password: 'correct horse battery',
      displayName: 'Olivia Owner',
    });
    await roomsNav(admin.page).waitFor();
    const agentUser = await e2e.register('agent');

    // Settings → New site.
    await sections(admin.page).getByRole('link', { name: 'Settings' }).click();
    await admin.page.getByRole('button', { name: 'New site' }).click();
    const dialog = admin.page.getByRole('dialog', { name: 'New site' });
    await dialog.getByLabel('Name').fill('Acme shop');
    await dialog.getByLabel('Allowed origins').fill('shop.example/path');
    await dialog.getByRole('button', { name: 'Create site' }).click();
    // Checked in the page before the server is asked: the bad line is named.
    await dialog.getByRole('alert').getByText('“shop.example/path” is not an origin').waitFor();
    await dialog.getByLabel('Allowed origins').fill(`${SITE_ORIGIN}/`);
    await dialog.getByRole('button', { name: 'Create site' }).click();
    await admin.page.getByRole('heading', { name: 'Acme shop', level: 1 }).waitFor();
    expect(admin.page.url()).toMatch(/\/settings\/sites\/[^/]+$/);

    // The snippet is shown and copied.
    const snippet = admin.page.getByLabel('Embed snippet');
    const snippetText = await snippet.innerText();
    expect(snippetText).toMatch(
      /^<script src="http:\/\/[^"]+\/widget\.js" data-site="[^"]+" async><\/script>$/,
    );
    await admin.page.getByRole('button', { name: 'Copy snippet' }).click();
    await admin.page.getByRole('button', { name: 'Copied' }).waitFor();
    expect(await admin.page.evaluate(() => navigator.clipboard.readText())).toBe(snippetText);
    const siteKey = /data-site="([^"]+)"/.exec(snippetText)?.[1] ?? '';

    // The secret stays hidden until "Show".
    expect(await admin.page.getByText(/^[0-9a-f]{64}$/).count()).toBe(0);
    await admin.page.getByRole('button', { name: 'Show' }).click();
    await admin.page.getByText(/^[0-9a-f]{64}$/).waitFor();

    // A refusal shows next to the form: the page's own check, then the server's 400 (a name of
    // invisible characters only passes the page and is empty once the server strips them).
    const siteName = admin.page.getByRole('textbox', { name: 'Name', exact: true });
    await admin.page.getByLabel('Expected reply time (minutes)').fill('0');
    await admin.page.getByRole('button', { name: 'Save settings' }).click();
    await admin.page
      .getByRole('alert')
      .getByText(/expected reply time/i)
      .waitFor();
    await admin.page.getByLabel('Expected reply time (minutes)').fill('10');
    await siteName.fill('\u200b\u200b');
    await admin.page.getByRole('button', { name: 'Save settings' }).click();
    await admin.page.getByRole('alert').getByText(/name/i).waitFor();
    await siteName.fill('Acme shop');
    await admin.page.getByLabel('Greeting').fill('Hello! Ask us anything.');
    await admin.page.getByRole('button', { name: 'Save settings' }).click();
    await admin.page.getByRole('status').getByText('Saved.').waitFor();

    // Add the agent by searching their name.
    await admin.page.getByLabel('Add an agent').fill(agentUser.username);
    await admin.page
      .getByRole('list', { name: 'People found' })
      .getByRole('button', { name: new RegExp(agentUser.username) })
      .click();
    await admin.page
      .getByRole('list', { name: 'Agents of this site' })
      .getByText(`@${agentUser.username}`)
      .waitFor();
    expect(await seriousAxeViolations(admin.page)).toEqual([]);

    // A canned response, on the server: the agent's composer offers it below.
    await admin.page.getByLabel('Shortcut', { exact: true }).fill('late');
    await admin.page
      .getByLabel('Response', { exact: true })
      .fill('Sorry for the wait: your parcel leaves today.');
    await admin.page.getByRole('button', { name: 'Add response' }).click();
    await admin.page
      .getByRole('list', { name: 'Canned responses of this site' })
      .getByText('/late')
      .waitFor();

    // The settings page survives a reload (a deep link).
    await admin.page.reload();
    await admin.page.getByRole('heading', { name: 'Acme shop', level: 1 }).waitFor();

    // A visitor writes (the widget's UI is another test's: the API stands in for it).
    const agent = await e2e.signIn(agentUser);
    await sections(agent.page).getByRole('link', { name: 'Inbox' }).click();
    await conversations(agent.page).waitFor();
    const visitor = await startVisitor(e2e.url, {
      siteKey,
      name: 'Dana Visitor',
      email: 'dana@example.com',
      context: { pageUrl: `${SITE_ORIGIN}/orders/42`, pageTitle: 'Order #42', language: 'fr' },
    });
    try {
      await visitorSays(visitor, 'Hi, my order is late');

      // Open / Unassigned shows it, live.
      await agent.page.getByLabel('Assignee').selectOption('unassigned');
      await row(agent.page, 'Dana Visitor').getByText('Hi, my order is late').waitFor();
      await agent.page
        .getByRole('status')
        .getByText('New conversation from Dana Visitor')
        .waitFor();

      // The chats list does not show support rooms.
      await sections(agent.page).getByRole('link', { name: 'Chats' }).click();
      await roomsNav(agent.page).getByText('No chats yet.').waitFor();
      expect(await roomsNav(agent.page).getByRole('link').count()).toBe(0);
      await sections(agent.page).getByRole('link', { name: 'Inbox' }).click();

      // Open it: the timeline, and the visitor's details as text.
      await row(agent.page, 'Dana Visitor').click();
      await messageText(agent.page, 'Hi, my order is late').waitFor();
      expect(agent.page.url()).toMatch(/\/inbox\/[^/]+$/);
      const panel = details(agent.page);
      await panel.getByText('dana@example.com').waitFor();
      await panel.getByText('Order #42').waitFor();
      await panel.getByText(`${SITE_ORIGIN}/orders/42`).waitFor();
      await panel.getByText('Safari 18 on macOS').waitFor();
      await panel.getByText('Not verified').waitFor();
      expect(await panel.getByRole('link').count()).toBe(0);

      // Claim.
      await panel.getByRole('button', { name: 'Claim' }).click();
      await expect.poll(() => panel.getByLabel('Assigned to').inputValue()).toBe(agentUser.id);
      expect(await panel.getByRole('button', { name: 'Claim' }).count()).toBe(0);

      // Reply: the visitor receives it.
      const reply = visitorReceives(visitor, 'We are on it, Dana.');
      await sendMessage(agent.page, 'We are on it, Dana.');
      await reply;

      // A canned response: "/" opens the site's list, Enter inserts it, Enter sends it.
      const canned = 'Sorry for the wait: your parcel leaves today.';
      const cannedArrives = visitorReceives(visitor, canned);
      await composer(agent.page).fill('/la');
      await agent.page
        .getByRole('listbox', { name: 'Canned responses' })
        .getByRole('option', { name: /late/ })
        .waitFor();
      await composer(agent.page).press('Enter');
      await expect.poll(() => composer(agent.page).inputValue()).toBe(canned);
      await composer(agent.page).press('Enter');
      await cannedArrives;

      // A private note: shown to agents, never sent to the visitor.
      await panel.getByRole('textbox', { name: 'Private note' }).fill('Customer since 2019, VIP');
      await panel.getByRole('button', { name: 'Add note' }).click();
      await panel
        .getByRole('list', { name: 'Notes' })
        .getByText('Customer since 2019, VIP')
        .waitFor();
      // The agent's next message reaches the visitor after anything the note could have sent.
      const marker = visitorReceives(visitor, 'One more thing');
      await sendMessage(agent.page, 'One more thing');
      await marker;
      const seen = JSON.stringify(visitor.events);
      expect(seen).not.toContain('Customer since 2019');
      expect(visitor.events.map((e) => e.event)).not.toContain('conversation:note');
      expect(visitor.events.map((e) => e.event)).not.toContain('conversation:updated');

      // The whole conversation view, with its details panel, is accessible.
      expect(await seriousAxeViolations(agent.page)).toEqual([]);

      // Resolve: it leaves Open and is under Resolved; reopen brings it back.
      await panel.getByRole('button', { name: 'Resolve' }).click();
      await panel.getByText('Resolved', { exact: true }).waitFor();
      await agent.page.getByLabel('Assignee').selectOption('all');
      await expect.poll(() => row(agent.page, 'Dana Visitor').count()).toBe(0);
      await agent.page.getByRole('radio', { name: 'Resolved' }).check();
      await row(agent.page, 'Dana Visitor').waitFor();
      await panel.getByRole('button', { name: 'Reopen' }).click();
      await panel.getByText('Open', { exact: true }).waitFor();
      await expect.poll(() => row(agent.page, 'Dana Visitor').count()).toBe(0);
      await agent.page.getByRole('radio', { name: 'Open' }).check();
      await row(agent.page, 'Dana Visitor').waitFor();

      // A deep link to the conversation survives a reload.
      await agent.page.reload();
      await composer(agent.page).waitFor();
      await messageLog(agent.page).getByText('We are on it, Dana.').waitFor();
    } finally {
      visitor.socket.close();
    }
  });

  it('an account that is neither admin nor agent sees no Inbox or Settings, even by link', async () => {
    await e2e.register('first'); // the instance's admin, when this test runs alone
    const plain = await e2e.register('plain');
    const person = await e2e.signIn(plain);
    await person.page.goto('/settings');
    await roomsNav(person.page).waitFor();
    await expect.poll(() => new URL(person.page.url()).pathname).toBe('/');
    expect(await sections(person.page).count()).toBe(0);
  });
});
