/**
 * The support chat's "done when", as its people meet it, on a fresh server: the owner creates a
 * site in Settings and pastes its snippet into a page of another origin; a visitor of that page
 * writes; the owner answers from the inbox; the visitor, who closed the tab, gets the reply by
 * email with the conversation's link and continues the same conversation there.
 */
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { startSmtpServer } from '../packages/server/test/helpers/smtp-server.js';
import { uniqueName } from './helpers/api.js';
import { composer, messageText, sendMessage, signUpInUi } from './helpers/app.js';
import { freePort } from './helpers/server.js';
import { useE2e } from './helpers/suite.js';
import {
  FRIENDLY_CSS,
  launcher,
  startHostSite,
  widgetComposer,
  widgetFrame,
  widgetLog,
} from './helpers/widget-host.js';
import type { HostSite } from './helpers/widget-host.js';

const sections = (page: Page) => page.getByRole('navigation', { name: 'Sections' });
const conversations = (page: Page) => page.getByRole('navigation', { name: 'Conversations' });

describe('a site owner answers a visitor, who is reached by email after leaving', () => {
  let smtp: Awaited<ReturnType<typeof startSmtpServer>> | undefined;
  let host: HostSite | undefined;
  // The email's link must be absolute: the server is told its public URL, so its port is chosen
  // before it starts. Replies are due at once (no delay) so the test waits for one job pass.
  const e2e = useE2e({
    settings: async () => {
      smtp = await startSmtpServer();
      const port = await freePort();
      return {
        PORT: String(port),
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        SMTP_URL: smtp.url,
        SUPPORT_EMAIL_DELAY_MINUTES: '0',
      };
    },
  });
  afterAll(async () => {
    await host?.close();
    await smtp?.stop();
  });

  it('from a new site to an answered visitor who left', async () => {
    host = await startHostSite(e2e.url, FRIENDLY_CSS);

    // The first account of the instance is its admin: the site's owner.
    const owner = await e2e.open();
    await owner.context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await signUpInUi(owner.page, {
      username: uniqueName('owner'),
      password: 'correct horse battery',
      displayName: 'Olivia Owner',
    });
    await sections(owner.page).getByRole('link', { name: 'Settings' }).click();
    await owner.page.getByRole('button', { name: 'New site' }).click();
    const dialog = owner.page.getByRole('dialog', { name: 'New site' });
    await dialog.getByLabel('Name').fill('Garden shop');
    await dialog.getByLabel('Allowed origins').fill(host.origin);
    await dialog.getByRole('button', { name: 'Create site' }).click();
    await owner.page.getByRole('heading', { name: 'Garden shop', level: 1 }).waitFor();

    // The widget asks for an email before the first message, so a reply can follow the visitor.
    await owner.page.getByRole('checkbox', { name: 'Email' }).check();
    await owner.page.getByRole('button', { name: 'Save settings' }).click();
    await owner.page.getByRole('status').getByText('Saved.').waitFor();

    // Copy the snippet and paste it into the shop's page, as the owner would.
    await owner.page.getByRole('button', { name: 'Copy snippet' }).click();
    host.paste(await owner.page.evaluate(() => navigator.clipboard.readText()));

    // The owner, the site's first agent, watches the inbox.
    await sections(owner.page).getByRole('link', { name: 'Inbox' }).click();
    await conversations(owner.page).waitFor();

    // A visitor of the shop writes through the widget.
    const visitor = await e2e.open();
    await visitor.page.goto(`${host.origin}/`);
    const frame = widgetFrame(visitor.page);
    await launcher(frame).click();
    await frame.getByLabel('Your email').fill('sam@example.com');
    await frame.getByRole('button', { name: 'Start chat' }).click();
    await widgetComposer(frame).fill('Do you ship tomato seeds abroad?');
    await widgetComposer(frame).press('Enter');
    await widgetLog(frame).getByText('Sent').or(widgetLog(frame).getByText('Delivered')).waitFor();

    // The owner sees it in the inbox; the visitor closes the tab before the answer comes.
    const row = conversations(owner.page).getByRole('link').filter({ hasText: 'tomato seeds' });
    await row.waitFor();
    await visitor.page.close();
    await row.click();
    await messageText(owner.page, 'Do you ship tomato seeds abroad?').waitFor();
    const mail = smtp?.nextMailTo('sam@example.com', 30_000);
    await sendMessage(owner.page, 'We do: anywhere in the EU, in 3 to 5 days.');

    // The unread reply is emailed, with the conversation's own page.
    const received = await mail;
    expect(received?.parsed.subject).toBe('New reply from Garden shop');
    expect(received?.parsed.text).toContain('We do: anywhere in the EU, in 3 to 5 days.');
    const link = /http:\/\/127\.0\.0\.1:\d+\/c\/[\w-]+/.exec(received?.parsed.text ?? '')?.[0];
    expect(link).toBeDefined();

    // On another device: the link continues the same conversation, without the shop's page.
    const elsewhere = await e2e.open();
    await elsewhere.page.goto(link ?? '');
    const standaloneLog = widgetLog(elsewhere.page);
    await standaloneLog.getByText('Do you ship tomato seeds abroad?').waitFor();
    await standaloneLog.getByText('We do: anywhere in the EU, in 3 to 5 days.').waitFor();
    await widgetComposer(elsewhere.page).fill('Great, ordering now.');
    await widgetComposer(elsewhere.page).press('Enter');
    await messageText(owner.page, 'Great, ordering now.').waitFor();
    await composer(owner.page).waitFor();
  });
});
