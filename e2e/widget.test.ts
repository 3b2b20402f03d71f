import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Conversation, Message, Room, Site } from '@natter/protocol';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connect, nextEvent, registerUser } from './helpers/api.js';
import type { ClientSocket, E2eUser } from './helpers/api.js';
import { launchBrowser } from './helpers/browser.js';
import { makePng } from './helpers/files.js';
import { startServer } from './helpers/server.js';
import type { E2eServer } from './helpers/server.js';
import {
  createSiteWithAgent,
  launcher,
  startHostSite,
  widgetComposer,
  widgetFrame,
  widgetLog,
} from './helpers/widget-host.js';
import type { HostSite } from './helpers/widget-host.js';

const AXE_SOURCE = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

/** What `recordCspViolations` keeps in each frame's window. */
interface CspRecord {
  cspViolations: string[];
}

/** Runs in every frame before its scripts: keeps each Content-Security-Policy violation. */
function recordCspViolations() {
  const record = window as unknown as CspRecord;
  record.cspViolations = [];
  document.addEventListener('securitypolicyviolation', (event) =>
    record.cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`),
  );
}

async function reply(agent: ClientSocket, roomId: string, content: string): Promise<Message> {
  const ack = await agent.timeout(10_000).emitWithAck('message:send', {
    roomId,
    clientId: `agent-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`,
    type: 'text',
    content,
  });
  if (!ack.ok) throw new Error(`agent reply failed: ${ack.error.code}`);
  return ack.message;
}

describe('the support widget', () => {
  let server: E2eServer;
  let browser: Browser;
  let host: HostSite;
  let foreign: HostSite;
  let admin: E2eUser;
  let agent: E2eUser;
  let agentSocket: ClientSocket;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    [host, foreign] = await Promise.all([startHostSite(server.url), startHostSite(server.url)]);
    // The instance's first account is its admin.
    admin = await registerUser(server.url, 'admin');
    agent = await registerUser(server.url, 'agent');
    agentSocket = await connect(server.url, agent.token);
  });
  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') {
      console.log(`server output (tail):\n${server.output().slice(-3000)}`);
    }
    await Promise.all(contexts.splice(0).map((c) => c.close()));
  });
  afterAll(async () => {
    agentSocket?.close();
    await browser?.close();
    await Promise.all([host?.close(), foreign?.close()]);
    await server?.stop();
  });

  const newSite = (settings: Record<string, unknown> = {}, by: E2eUser = agent) =>
    createSiteWithAgent(server.url, admin, by, {
      name: 'Garden shop',
      allowedOrigins: [host.origin],
      greeting: 'Hello! How can we help?',
      accentColor: '#2e7d32',
      ...settings,
    });

  async function visit(
    origin: string,
    site: Site,
    options: BrowserContextOptions = {},
    tag = '',
  ): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext(options);
    context.setDefaultTimeout(10_000);
    contexts.push(context);
    await context.addInitScript(recordCspViolations);
    const page = await context.newPage();
    await page.goto(`${origin}/?site=${site.key}${tag}`);
    return { context, page };
  }

  /** The visitor's new conversation, as the agent hears of it. */
  const newConversation = () =>
    nextEvent<Room>(agentSocket, 'room:new', (room) => room.type === 'support');

  /** A visitor on the host page who opened the panel, and their conversation (the agent's view). */
  async function openChat(site: Site) {
    const { page } = await visit(host.origin, site);
    const frame = widgetFrame(page);
    const opened = newConversation();
    await launcher(frame).click();
    return { page, frame, room: await opened };
  }

  it('opens on a hostile host page, chats with an agent, counts unread, and resumes after a reload', async () => {
    const site = await newSite();
    const { page } = await visit(host.origin, site);
    const frame = widgetFrame(page);

    // The host's `iframe { display: none !important }` and friends do not hide it.
    await expect.poll(() => launcher(frame).isVisible()).toBe(true);
    const box = await page.locator('iframe').boundingBox();
    const viewport = page.viewportSize();
    expect(box && viewport && box.x + box.width).toBe(viewport?.width);
    expect(box && viewport && box.y + box.height).toBe(viewport?.height);
    await expect.poll(() => launcher(frame).getAttribute('aria-label')).toContain('Garden shop');

    const opened = newConversation();
    await launcher(frame).click();
    const room = await opened;
    await expect.poll(() => widgetComposer(frame).isVisible()).toBe(true);
    await expect.poll(() => widgetLog(frame).textContent()).toContain('Hello! How can we help?');
    await expect.poll(() => frame.getByText('Online').isVisible()).toBe(true);

    const typing = nextEvent<{ roomId: string; isTyping: boolean }>(
      agentSocket,
      'typing:update',
      (update) => update.roomId === room.id && update.isTyping,
    );
    await widgetComposer(frame).pressSequentially('Do you sell tomato seeds?');
    await typing;
    const heard = nextEvent<Message>(agentSocket, 'message:new', (m) => m.roomId === room.id);
    await widgetComposer(frame).press('Enter');
    expect((await heard).content).toBe('Do you sell tomato seeds?');
    await expect.poll(() => widgetComposer(frame).inputValue()).toBe('');

    // Typing both ways: the agent's shows in the widget.
    agentSocket.emit('typing:start', { roomId: room.id });
    await expect.poll(() => frame.getByText('Agent is typing…').isVisible()).toBe(true);
    await reply(agentSocket, room.id, 'Yes, twelve kinds.');
    await expect.poll(() => widgetLog(frame).textContent()).toContain('Yes, twelve kinds.');
    await expect.poll(() => widgetLog(frame).textContent()).toMatch(/Delivered|Read/);

    // Closed with Escape: the focus is back on the launcher, and a new reply is counted.
    await widgetComposer(frame).press('Escape');
    await expect
      .poll(() => launcher(frame).evaluate((b) => b === document.activeElement))
      .toBe(true);
    await page.evaluate(() => {
      const w = window as unknown as {
        unread: number[];
        Natter: { on(e: string, f: (n: number) => void): void };
      };
      w.unread = [];
      w.Natter.on('unread', (count) => w.unread.push(count));
    });
    await reply(agentSocket, room.id, 'Want a catalogue?');
    await expect.poll(() => launcher(frame).getAttribute('aria-label')).toContain('(1 unread)');
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { unread: number[] }).unread))
      .toContain(1);

    // A reload resumes the same visitor and conversation (no new room), with the badge.
    const rooms: Room[] = [];
    const onRoom = (r: Room) => rooms.push(r);
    agentSocket.on('room:new', onRoom);
    await page.reload();
    await expect
      .poll(() => launcher(widgetFrame(page)).getAttribute('aria-label'))
      .toContain('(1 unread)');
    await launcher(widgetFrame(page)).click();
    await expect
      .poll(() => widgetLog(widgetFrame(page)).textContent())
      .toMatch(/tomato seeds[\s\S]*twelve kinds[\s\S]*catalogue/);
    agentSocket.off('room:new', onRoom);
    expect(rooms).toEqual([]);

    // Neither the host's strict CSP nor the frame's was violated (no inline style, no eval).
    const frames = [
      page.mainFrame(),
      page.frames().find((f) => f.url().includes('/widget/frame'))!,
    ];
    for (const each of frames) {
      expect(await each.evaluate(() => (window as unknown as CspRecord).cspViolations)).toEqual([]);
    }
  });

  it("shows the agent's reactions to the visitor's messages, read only", async () => {
    const { frame, room } = await openChat(await newSite());
    const heard = nextEvent<Message>(agentSocket, 'message:new', (m) => m.roomId === room.id);
    await widgetComposer(frame).fill('Thanks for the quick answer!');
    await widgetComposer(frame).press('Enter');
    const message = await heard;
    const ack = await agentSocket
      .timeout(10_000)
      .emitWithAck('reaction:add', { messageId: message.id, emoji: '❤️' });
    expect(ack.ok).toBe(true);
    const reactions = frame.getByLabel('Reactions');
    await expect.poll(() => reactions.textContent()).toBe('❤️ 1');
    expect(await reactions.getByRole('button').count()).toBe(0);
  });

  it("counts a returning visitor's unread live before opening, without the chat chunk", async () => {
    const site = await newSite();
    const { page } = await visit(host.origin, site);
    const opened = newConversation();
    await launcher(widgetFrame(page)).click();
    const room = await opened;
    await expect.poll(() => widgetComposer(widgetFrame(page)).isVisible()).toBe(true);
    await widgetComposer(widgetFrame(page)).press('Escape');
    await reply(agentSocket, room.id, 'Are you still there?');
    await expect
      .poll(() => launcher(widgetFrame(page)).getAttribute('aria-label'))
      .toContain('(1 unread)');

    // The next page view, as a returning visitor: what the frame fetches before opening.
    const requested: string[] = [];
    page.on('request', (request) => requested.push(new URL(request.url()).pathname));
    await page.reload();
    await expect
      .poll(() => launcher(widgetFrame(page)).getAttribute('aria-label'))
      .toContain('(1 unread)');
    await page.evaluate(() => {
      const w = window as unknown as {
        heard: string[];
        Natter: { on(e: string, f: (m: { content: string }) => void): void };
      };
      w.heard = [];
      w.Natter.on('message', (message) => w.heard.push(message.content));
    });
    await reply(agentSocket, room.id, 'We ship on Mondays.');
    await expect
      .poll(() => launcher(widgetFrame(page)).getAttribute('aria-label'))
      .toContain('(2 unread)');
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { heard: string[] }).heard))
      .toEqual(['We ship on Mondays.']);
    expect(requested.some((path) => path.startsWith('/widget/assets/unread-watch-'))).toBe(true);
    expect(requested.filter((path) => path.startsWith('/widget/assets/chat-'))).toEqual([]);

    // Opening hands over to the SDK: the chat chunk now, and the whole conversation.
    await launcher(widgetFrame(page)).click();
    await expect
      .poll(() => widgetLog(widgetFrame(page)).textContent())
      .toMatch(/still there[\s\S]*Mondays/);
    expect(requested.some((path) => path.startsWith('/widget/assets/chat-'))).toBe(true);
  });

  it('forgets a returning visitor whose token the server refuses', async () => {
    const site = await newSite();
    const { page } = await visit(host.origin, site);
    const opened = newConversation();
    await launcher(widgetFrame(page)).click();
    await opened;
    const frame = () => page.frames().find((f) => f.url().includes('/widget/frame'))!;
    const storedToken = () =>
      frame().evaluate((key) => localStorage.getItem(`natter:visitor:${key}`), site.key);
    await expect.poll(storedToken).toBeTruthy();
    const token = await storedToken();

    // The visitor's session ends (as when an agent's team revokes it): the token is refused.
    const logout = await fetch(`${server.url}/api/auth/logout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(logout.ok).toBe(true);
    await page.reload();
    await expect.poll(() => launcher(widgetFrame(page)).isVisible()).toBe(true);
    await expect.poll(storedToken).toBeNull();
    expect(await launcher(widgetFrame(page)).getAttribute('aria-label')).not.toContain('unread');
  });

  it('continues the same conversation on the standalone /c/ page', async () => {
    const site = await newSite();
    const { context, page } = await visit(host.origin, site);
    const frame = widgetFrame(page);
    const opened = newConversation();
    await launcher(frame).click();
    const room = await opened;
    await widgetComposer(frame).fill('Started on the shop');
    await widgetComposer(frame).press('Enter');
    const link = frame.getByRole('link', { name: /another device/ });
    const href = await link.getAttribute('href');
    expect(href).toMatch(/^\/c\/[A-Za-z0-9_-]{32}$/);

    const standalone = await context.newPage();
    await standalone.goto(server.url + href);
    await expect.poll(() => widgetLog(standalone).textContent()).toContain('Started on the shop');
    expect(await standalone.title()).toBe('Chat with Garden shop');
    const heard = nextEvent<Message>(agentSocket, 'message:new', (m) => m.roomId === room.id);
    await widgetComposer(standalone).fill('Continued on the page');
    await widgetComposer(standalone).press('Enter');
    expect((await heard).content).toBe('Continued on the page');
    // The standalone page is never framed, and has no close button.
    expect(await standalone.getByRole('button', { name: 'Close chat' }).count()).toBe(0);
  });

  it('shows a foreign origin nothing: the frame is refused, and so is the session', async () => {
    const site = await newSite();
    const { page } = await visit(foreign.origin, site);
    await expect
      .poll(() => page.frames().some((f) => f.url().startsWith('chrome-error://')))
      .toBe(true);
    expect(await launcher(widgetFrame(page)).count()).toBe(0);
    // The refused frame is not shown either (no error box in the host's corner).
    expect(await page.locator('iframe').isVisible()).toBe(false);
    const response = await fetch(`${server.url}/api/widget/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: foreign.origin },
      body: JSON.stringify({ siteKey: site.key }),
    });
    expect(response.status).toBe(403);
  });

  it('asks for name and email first when the site wants them', async () => {
    const site = await newSite({ preChat: { askName: true, askEmail: true } });
    const { page } = await visit(host.origin, site);
    const frame = widgetFrame(page);
    const opened = newConversation();
    await launcher(frame).click();
    const room = await opened;
    expect(await widgetComposer(frame).count()).toBe(0);
    const told = nextEvent<Conversation>(
      agentSocket,
      'conversation:updated',
      (c) => c.roomId === room.id,
    );
    await frame.getByLabel('Your name').fill('Ada');
    await frame.getByLabel('Your email').fill('ada@example.com');
    await frame.getByRole('button', { name: 'Start chat' }).click();
    expect((await told).visitor).toMatchObject({ displayName: 'Ada', email: 'ada@example.com' });
    await expect.poll(() => widgetComposer(frame).isVisible()).toBe(true);
  });

  it('says when to expect a reply when no agent is online, asks for an email, keeps the message', async () => {
    const away = await registerUser(server.url, 'away');
    const site = await newSite({ expectedReplyMinutes: 120 }, away);
    const { page } = await visit(host.origin, site);
    const frame = widgetFrame(page);
    await launcher(frame).click();
    await expect.poll(() => frame.getByText(/We're away right now/).isVisible()).toBe(true);
    await expect.poll(() => frame.getByText(/within 2 hours/).isVisible()).toBe(true);
    await frame.getByLabel('Your email').fill('later@example.com');
    await frame.getByRole('button', { name: 'Save email' }).click();
    await expect
      .poll(() => frame.getByText("We'll reply to later@example.com.").isVisible())
      .toBe(true);
    await widgetComposer(frame).fill('Call me back please');
    await widgetComposer(frame).press('Enter');
    await expect
      .poll(() => widgetLog(frame).textContent())
      .toMatch(/Call me back please[\s\S]*Sent/);

    // The agent finds it when they come: the conversation and the message are kept.
    const list = await fetch(`${server.url}/api/support/conversations`, {
      headers: { authorization: `Bearer ${away.token}` },
    });
    const { conversations } = (await list.json()) as { conversations: Conversation[] };
    expect(conversations[0]?.visitor.email).toBe('later@example.com');
    const awaySocket = await connect(server.url, away.token);
    const ack = await awaySocket.timeout(10_000).emitWithAck('messages:load', {
      roomId: conversations[0]!.roomId,
      limit: 10,
    });
    awaySocket.close();
    if (!ack.ok) throw new Error(`history failed: ${ack.error.code}`);
    expect(ack.messages.map((m: Message) => m.content)).toEqual(['Call me back please']);
  });

  it("sends a picture through the SDK's upload path and shows it inline", async () => {
    const { frame, room } = await openChat(await newSite());
    const heard = nextEvent<Message>(agentSocket, 'message:new', (m) => m.roomId === room.id);
    await frame.locator('input[type=file]').setInputFiles({
      name: 'broken-rake.png',
      mimeType: 'image/png',
      buffer: makePng(64, 48),
    });
    const message = await heard;
    expect(message.attachments?.[0]).toMatchObject({ type: 'image', name: 'broken-rake.png' });
    const picture = widgetLog(frame).getByRole('img', { name: 'broken-rake.png' });
    await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(64);
  });

  it('opens a new conversation after the last one was resolved; the old one stays', async () => {
    const site = await newSite();
    const { context, page } = await visit(host.origin, site);
    const frame = widgetFrame(page);
    const first = newConversation();
    await launcher(frame).click();
    const oldRoom = await first;
    await widgetComposer(frame).fill('My order is late');
    await widgetComposer(frame).press('Enter');
    await expect.poll(() => widgetLog(frame).textContent()).toContain('My order is late');
    const resolved = await fetch(`${server.url}/api/support/conversations/${oldRoom.id}/status`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${agent.token}` },
      body: JSON.stringify({ status: 'resolved' }),
    });
    expect(resolved.status).toBe(200);

    // The reopened panel shows the old conversation until the session answers; the answer is
    // held until the visitor has typed there, and their message still goes to the new one.
    let answer = (): void => undefined;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    await context.route('**/api/widget/session', async (route) => {
      const response = await route.fetch();
      await answered;
      await route.fulfill({ response });
    });
    await widgetComposer(frame).press('Escape');
    const second = newConversation();
    await launcher(frame).click();
    const newRoom = await second;
    expect(newRoom.id).not.toBe(oldRoom.id);
    const heard = nextEvent<Message>(agentSocket, 'message:new', (m) => m.roomId === newRoom.id);
    await widgetComposer(frame).fill('Another question');
    await widgetComposer(frame).press('Enter');
    answer();
    expect((await heard).content).toBe('Another question');
    await expect.poll(() => widgetLog(frame).textContent()).not.toContain('My order is late');
    const inbox = await fetch(`${server.url}/api/support/conversations?status=resolved`, {
      headers: { authorization: `Bearer ${agent.token}` },
    });
    const { conversations } = (await inbox.json()) as { conversations: Conversation[] };
    expect(conversations.map((c) => c.roomId)).toContain(oldRoom.id);
  });

  it('makes a verified customer the same visitor on every device (data-user-id and data-user-hash)', async () => {
    const site = await newSite();
    const userHash = createHmac('sha256', site.identitySecret ?? '')
      .update('customer-42')
      .digest('hex');
    const tag = `&user-id=customer-42&user-hash=${userHash}`;
    const laptop = await visit(host.origin, site, {}, tag);
    const opened = newConversation();
    await launcher(widgetFrame(laptop.page)).click();
    const room = await opened;
    await widgetComposer(widgetFrame(laptop.page)).fill('From my laptop');
    await widgetComposer(widgetFrame(laptop.page)).press('Enter');
    const conversation = await fetch(`${server.url}/api/support/conversations/${room.id}`, {
      headers: { authorization: `Bearer ${agent.token}` },
    });
    expect(
      ((await conversation.json()) as { conversation: Conversation }).conversation.visitor.verified,
    ).toBe(true);

    const phone = await visit(host.origin, site, {}, tag);
    await launcher(widgetFrame(phone.page)).click();
    await expect
      .poll(() => widgetLog(widgetFrame(phone.page)).textContent())
      .toContain('From my laptop');
  });

  it("fills a phone's screen when open", async () => {
    const site = await newSite();
    const { page } = await visit(host.origin, site, { viewport: { width: 390, height: 844 } });
    await launcher(widgetFrame(page)).click();
    await expect.poll(() => widgetComposer(widgetFrame(page)).isVisible()).toBe(true);
    expect(await page.locator('iframe').boundingBox()).toEqual({
      x: 0,
      y: 0,
      width: 390,
      height: 844,
    });
    const panel = widgetFrame(page).getByRole('region', { name: 'Chat with Garden shop' });
    expect(await panel.boundingBox()).toEqual({ x: 0, y: 0, width: 390, height: 844 });
  });

  it('has no serious or critical accessibility violations, closed or open, and traps the focus', async () => {
    const site = await newSite();
    // axe is injected as an inline script, which the frame's CSP (rightly) refuses otherwise.
    const { page } = await visit(host.origin, site, { bypassCSP: true });
    await expect.poll(() => launcher(widgetFrame(page)).isVisible()).toBe(true);
    const frameOf = () => page.frames().find((f) => f.url().includes('/widget/frame'))!;
    const audit = async () => {
      await frameOf().addScriptTag({ content: AXE_SOURCE });
      const result = await frameOf().evaluate(async () => {
        const axe = (
          window as unknown as {
            axe: {
              run(): Promise<{
                violations: { id: string; impact: string; nodes: { target: string[] }[] }[];
              }>;
            };
          }
        ).axe;
        return (await axe.run()).violations.map((v) => ({
          id: v.id,
          impact: v.impact,
          nodes: v.nodes.map((n) => n.target.join(' ')),
        }));
      });
      return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    };
    expect(await audit()).toEqual([]);
    await launcher(widgetFrame(page)).click();
    await widgetComposer(widgetFrame(page)).fill('Accessible?');
    await widgetComposer(widgetFrame(page)).press('Enter');
    await expect.poll(() => widgetLog(widgetFrame(page)).textContent()).toContain('Accessible?');
    expect(await audit()).toEqual([]);

    // The focus stays in the panel: Tab from its last control goes to its first.
    const frame = widgetFrame(page);
    await frame.getByRole('link', { name: /another device/ }).focus();
    await page.keyboard.press('Tab');
    const close = frame.getByRole('button', { name: 'Close chat' });
    await expect.poll(() => close.evaluate((b) => b === document.activeElement)).toBe(true);
    await page.keyboard.press('Shift+Tab');
    await expect
      .poll(() =>
        frame
          .getByRole('link', { name: /another device/ })
          .evaluate((a) => a === document.activeElement),
      )
      .toBe(true);
  });
});
