import type { Room } from '@natter/protocol';
import type { Frame, FrameLocator, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connect,
  createDirectRoom,
  createGroupRoom,
  nextEvent,
  seedMessages,
} from './helpers/api.js';
import type { E2eUser } from './helpers/api.js';
import { openRoom, sendMessage } from './helpers/app.js';
import type { Person } from './helpers/app.js';
import { everyConstruct, injectionFindings, watchForInjection } from './helpers/rich-text.js';
import { seriousAxeViolations } from './helpers/support.js';
import { useE2e } from './helpers/suite.js';
import {
  createSiteWithAgent,
  launcher,
  startHostSite,
  widgetComposer,
  widgetFrame,
} from './helpers/widget-host.js';
import type { HostSite } from './helpers/widget-host.js';

/**
 * Issue #15's XSS corpus: classics of the OWASP XSS filter evasion cheat sheet, Markdown links to
 * hostile schemes (with case, entity, whitespace and Unicode tricks), template injection, and
 * HTML smuggled inside each Markdown construct. Each is sent as a message through the real web
 * app and the real widget, in the sender's bubble and in the reader's; no dialog may open, no
 * element may be injected (`watchForInjection` sees every DOM change from the first script on),
 * and the text must show as the characters typed (`[payload, what shows]` where Markdown formats
 * it).
 */
const CORPUS: readonly (string | readonly [string, string])[] = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(2)>',
  '<svg/onload=alert(3)>',
  '<svg><script>alert(4)</script></svg>',
  '<IMG SRC=JaVaScRiPt:alert(5)>',
  '<iframe src="javascript:alert(6)"></iframe>',
  '<a href="javascript:alert(7)">click</a>',
  '<a href="&#x6A;avascript:alert(8)">click</a>',
  '"><script>alert(9)</script>',
  "'><img src=x onerror=alert(10)>",
  '<div style="background:url(javascript:alert(11))">styled</div>',
  '<div style="width: expression(alert(12))">expression</div>',
  "<style>@import 'javascript:alert(13)';</style>",
  '<object data="javascript:alert(14)"></object>',
  '<embed src="javascript:alert(15)">',
  '<details open ontoggle=alert(16)>',
  '<body onload=alert(17)>',
  '<<script>alert(18);//<</script>',
  '<scr<script>ipt>alert(19)</script>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(20)>',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(21)">',
  '<form action="javascript:alert(22)"><input type=submit></form>',
  '<base href="javascript:alert(23)//">',
  '[click](javascript:alert(24))',
  '[click](JaVaScRiPt:alert(25))',
  '[click](javascript&#58;alert(26))',
  '[click](&#106;avascript:alert(27))',
  '[click](<java script:alert(28)>)',
  '[click](  javascript:alert(29))',
  '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgzMCk8L3NjcmlwdD4=)',
  '[click](vbscript:msgbox(31))',
  '[click](ｊavascript:alert(32))',
  '[\u202egpj.exe](javascript:alert(33))',
  '<javascript:alert(34)>',
  'javascript:alert(35)',
  '![pic](javascript:alert(36))',
  '![pic](https://example.invalid/x.png" onerror="alert(37))',
  ['**<img src=x onerror=alert(38)>**', '<img src=x onerror=alert(38)>'],
  ['`<script>alert(39)</script>`', '<script>alert(39)</script>'],
  ['```\n</code><script>alert(40)</script>\n```', '</code><script>alert(40)</script>'],
  ['[<img src=x onerror=alert(41)>](https://example.com)', '<img src=x onerror=alert(41)>'],
  ['> <script>alert(42)</script>', '<script>alert(42)</script>'],
  ['- <svg onload=alert(43)>', '<svg onload=alert(43)>'],
  "{{constructor.constructor('alert(44)')()}}",
  '${alert(45)}',
  '[x](https://example.com" onclick="alert(46))',
];
const payloads = CORPUS.map((entry) =>
  typeof entry === 'string' ? { sent: entry, shown: entry } : { sent: entry[0], shown: entry[1] },
);
/** Two halves, one per sender: each within the server's 30 messages per 10 s. */
const halves = [payloads.slice(0, 23), payloads.slice(23)] as const;

/** What the renderer may produce inside a message's text; anything else was injected. */
const RICH_TEXT_TAGS = [
  'p',
  'strong',
  'em',
  'del',
  'code',
  'pre',
  'a',
  'span',
  'br',
  'blockquote',
  'ul',
  'ol',
  'li',
];

/** The newest message text in a log (the web app's or the widget's). */
const newestText = (root: Page | FrameLocator): Locator =>
  root.locator('[role="log"] .rich-text').last();

/** Every dialog (alert, confirm, prompt) the pages or their frames open, dismissed. */
function recordDialogs(...pages: Page[]): string[] {
  const opened: string[] = [];
  for (const page of pages) {
    page.on('dialog', (dialog) => {
      opened.push(`${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss();
    });
  }
  return opened;
}

/**
 * Nothing was injected while the messages showed (the watch's findings), and the message texts
 * now hold only the renderer's elements, with links only to the http(s) addresses the corpus
 * spells out, each opened safely.
 */
async function expectNothingInjected(target: Page | Frame) {
  expect(await injectionFindings(target)).toEqual({ elements: [], attributes: [] });
  const rendered = await target.evaluate(
    (allowed) => ({
      others: Array.from(document.querySelectorAll('.rich-text *'))
        .map((element) => element.tagName.toLowerCase())
        .filter((tag) => !allowed.includes(tag)),
      links: Array.from(document.querySelectorAll('.rich-text a')).map((a) => ({
        href: a.getAttribute('href'),
        rel: a.getAttribute('rel'),
      })),
    }),
    RICH_TEXT_TAGS,
  );
  expect(rendered.others).toEqual([]);
  for (const link of rendered.links) {
    expect(link.href).toMatch(/^https:\/\/example\.(com|invalid)\//);
    expect(link.rel).toBe('noopener noreferrer nofollow');
  }
}

/** The tags of a message text's elements, in document order. */
const tagsOf = (text: Locator) =>
  text.evaluate((root) =>
    Array.from(root.querySelectorAll('*')).map((e) => e.tagName.toLowerCase()),
  );

const EVERY_CONSTRUCT_TAGS = [
  'p',
  'strong',
  'em',
  'del',
  'code',
  'a',
  'br',
  'blockquote',
  'ul',
  'li',
  'span',
  'li',
  'a',
  'strong',
  'ol',
  'li',
  'li',
  'pre',
  'code',
];

/**
 * axe's serious findings, less one it cannot judge: a code block that scrolls sideways in a
 * message that does not hold the timeline's one Tab stop has tabindex -1 (set by the roving
 * tabindex) and so looks unreachable; the axe test proves the keyboard reaches and scrolls it.
 */
const withoutMutedCodeBlocks = (violations: Awaited<ReturnType<typeof seriousAxeViolations>>) =>
  violations.filter(
    (violation) =>
      violation.id !== 'scrollable-region-focusable' ||
      !violation.nodes.every((node) => String(node.target.at(-1)).endsWith('.rich-text > pre')),
  );

const isFocused = (target: Locator) => target.evaluate((e) => e === document.activeElement);

describe('rich text', () => {
  const e2e = useE2e();
  let admin: E2eUser;
  let host: HostSite;

  beforeAll(async () => {
    // The instance's first account is its admin, who makes the widget's site.
    admin = await e2e.register('admin');
    host = await startHostSite(e2e.url);
  });
  afterAll(() => host?.close());

  const watched = (user: E2eUser) =>
    e2e.signIn(user, async (context) => {
      await context.addInitScript(watchForInjection);
    });

  async function twoInARoom() {
    const [aliceUser, bobUser] = await Promise.all([e2e.register('alice'), e2e.register('bob')]);
    const room = await createDirectRoom(e2e.url, aliceUser, bobUser);
    const [alice, bob] = await Promise.all([watched(aliceUser), watched(bobUser)]);
    await Promise.all([openRoom(alice.page, 'Bob'), openRoom(bob.page, 'Alice')]);
    return { aliceUser, bobUser, room, alice, bob };
  }

  /** A visitor on the host page with the widget open, and the agent's view of the conversation. */
  async function visitorWithWidget(): Promise<{ visitor: Person; agent: E2eUser; room: Room }> {
    const agent = await e2e.register('agent');
    const site = await createSiteWithAgent(e2e.url, admin, agent, {
      name: 'Garden shop',
      allowedOrigins: [host.origin],
    });
    const visitor = await e2e.open();
    await visitor.context.addInitScript(watchForInjection);
    await visitor.page.goto(`${host.origin}/?site=${site.key}`);
    const agentSocket = await connect(e2e.url, agent.token);
    try {
      const opened = nextEvent<Room>(agentSocket, 'room:new', (room) => room.type === 'support');
      await launcher(widgetFrame(visitor.page)).click();
      return { visitor, agent, room: await opened };
    } finally {
      agentSocket.close();
    }
  }

  const frameOf = (page: Page): Frame => {
    const frame = page.frames().find((f) => f.url().includes('/widget/frame'));
    if (!frame) throw new Error('no widget frame');
    return frame;
  };

  it('shows every payload of the XSS corpus as inert text in the web app, mine and theirs', async () => {
    const { alice, bob } = await twoInARoom();
    const dialogs = recordDialogs(alice.page, bob.page);

    for (const [sender, reader, half] of [
      [alice, bob, halves[0]],
      [bob, alice, halves[1]],
    ] as const) {
      for (const { sent, shown } of half) {
        await sendMessage(sender.page, sent);
        await expect.poll(() => newestText(reader.page).textContent()).toBe(shown);
        await expect.poll(() => newestText(sender.page).textContent()).toBe(shown);
      }
    }

    expect(dialogs).toEqual([]);
    await expectNothingInjected(alice.page);
    await expectNothingInjected(bob.page);
  });

  it("shows every payload of the XSS corpus as inert text in the widget, the agent's and the visitor's", async () => {
    const { visitor, agent, room } = await visitorWithWidget();
    const frame = widgetFrame(visitor.page);
    const dialogs = recordDialogs(visitor.page);

    for (const { sent, shown } of halves[0]) {
      await seedMessages(e2e.url, agent, room.id, 1, () => sent);
      await expect.poll(() => newestText(frame).textContent()).toBe(shown);
    }
    for (const { sent, shown } of halves[1]) {
      await widgetComposer(frame).fill(sent);
      await widgetComposer(frame).press('Enter');
      await expect.poll(() => newestText(frame).textContent()).toBe(shown);
    }

    expect(dialogs).toEqual([]);
    await expectNothingInjected(visitor.page);
    await expectNothingInjected(frameOf(visitor.page));
  });

  it('renders the Markdown subset as elements in the web app and the widget, and re-renders an edit', async () => {
    const { alice, bob, bobUser, aliceUser, room } = await twoInARoom();
    const [message] = await seedMessages(e2e.url, aliceUser, room.id, 1, () =>
      everyConstruct(bobUser.username),
    );
    if (!message) throw new Error('the message was not sent');
    for (const page of [alice.page, bob.page]) {
      await expect.poll(() => tagsOf(newestText(page))).toEqual(EVERY_CONSTRUCT_TAGS);
    }
    const text = newestText(bob.page);
    expect(await text.locator('strong').first().textContent()).toBe('Release notes');
    expect(await text.locator('blockquote').textContent()).toBe('Ship it once the checks pass.');
    expect(await text.locator('ol').getAttribute('start')).toBeNull();
    expect(await text.locator('pre').getAttribute('tabindex')).toBe('0');
    expect(await text.locator('a').evaluateAll((links) => links.map((a) => a.outerHTML))).toEqual([
      '<a href="https://example.com/releases" title="https://example.com/releases" target="_blank" rel="noopener noreferrer nofollow">https://example.com/releases</a>',
      '<a href="https://example.com/changelog" title="https://example.com/changelog" target="_blank" rel="noopener noreferrer nofollow">changelog</a>',
    ]);
    // The server resolved the mention: a chip, marked as Bob's own on his side.
    expect(await text.locator('.mention').getAttribute('class')).toBe('mention mention--me');
    await expect
      .poll(() => newestText(alice.page).locator('.mention').getAttribute('class'))
      .toBe('mention');
    // A code block scrolls inside the bubble rather than widening it.
    const [bubble, block] = await Promise.all([
      text.evaluate((e) => e.closest('.bubble')?.getBoundingClientRect().width ?? 0),
      text.locator('pre').evaluate((pre) => ({ client: pre.clientWidth, scroll: pre.scrollWidth })),
    ]);
    expect(block.scroll).toBeGreaterThan(block.client);
    expect(block.client).toBeLessThan(bubble);

    // An edit (message:edit) shows in its new form.
    const socket = await connect(e2e.url, aliceUser.token);
    try {
      const edited = await socket
        .timeout(10_000)
        .emitWithAck('message:edit', { messageId: message.id, content: '~~Monday~~ *Tuesday*' });
      expect(edited.ok).toBe(true);
    } finally {
      socket.close();
    }
    for (const page of [alice.page, bob.page]) {
      await expect.poll(() => tagsOf(newestText(page))).toEqual(['p', 'del', 'em']);
    }

    // The widget renders with the same renderer.
    const { visitor, agent, room: conversation } = await visitorWithWidget();
    await seedMessages(e2e.url, agent, conversation.id, 1, () => everyConstruct('someone'));
    const widgetText = newestText(widgetFrame(visitor.page));
    // No chip: "@someone" mentions nobody in the conversation.
    await expect
      .poll(() => tagsOf(widgetText))
      .toEqual(EVERY_CONSTRUCT_TAGS.filter((tag) => tag !== 'span'));
  });

  it.each(['light', 'dark'] as const)(
    'passes axe (WCAG 2.2 AA) with every construct in both bubbles (%s)',
    async (colorScheme) => {
      const [aliceUser, bobUser, carolUser] = await Promise.all([
        e2e.register('alice'),
        e2e.register('bob'),
        e2e.register('carol'),
      ]);
      const group = await createGroupRoom(e2e.url, aliceUser, 'Release crew', [bobUser, carolUser]);
      await seedMessages(e2e.url, bobUser, group.id, 1, () => everyConstruct(aliceUser.username));
      await seedMessages(e2e.url, aliceUser, group.id, 1, () => everyConstruct(carolUser.username));
      const alice = await e2e.signIn(aliceUser, undefined, { colorScheme });
      await openRoom(alice.page, 'Release crew');
      const log = alice.page.getByRole('log', { name: 'Messages' });
      await expect.poll(() => log.locator('.mention--me').count()).toBe(1);
      await expect.poll(() => log.locator('.mention:not(.mention--me)').count()).toBe(1);
      expect(withoutMutedCodeBlocks(await seriousAxeViolations(alice.page))).toEqual([]);

      // What axe cannot see: the code block of a message that does not hold the timeline's Tab
      // stop is reached by keyboard through its message (docs/web-app.md, the roving tabindex),
      // and scrolls sideways with the arrow keys.
      const bobs = log.getByRole('article').filter({ hasText: `thanks @${aliceUser.username}` });
      const code = bobs.locator('pre');
      await bobs.focus();
      for (let presses = 0; presses < 6 && !(await isFocused(code)); presses++) {
        await alice.page.keyboard.press('Tab');
      }
      expect(await isFocused(code)).toBe(true);
      await alice.page.keyboard.press('ArrowRight');
      await expect.poll(() => code.evaluate((pre) => pre.scrollLeft)).toBeGreaterThan(0);
    },
  );
});
