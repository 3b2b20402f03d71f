import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContextOptions } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createDirectRoom, registerUser } from './api.js';
import type { E2eUser } from './api.js';
import { openApp, openRoom, signedIn } from './app.js';
import type { ContextSetup, Person } from './app.js';
import { launchBrowser } from './browser.js';
import { startServer } from './server.js';
import type { E2eServer } from './server.js';

/** Where a failing test leaves a screenshot of every tab it had open. */
const ARTIFACTS = join(tmpdir(), 'natter-e2e-artifacts');

/**
 * One server process and one browser per test file, opened in beforeAll and closed in
 * afterAll; the browser contexts a test opens are closed after it. Tests isolate by data: each
 * registers its own users. `settings` (environment variables) are asked for just before the server
 * starts, so they may name things made then (a mail server, a port).
 */
export function useE2e(options: { settings?: () => Promise<Record<string, string>> } = {}) {
  let server: E2eServer | undefined;
  let browser: Browser | undefined;
  const people: Person[] = [];
  const pageErrors: string[] = [];

  const running = () => {
    if (!server || !browser) throw new Error('the e2e server or browser did not start');
    return { server, browser };
  };
  const track = (person: Person) => {
    person.page.on('pageerror', (error) => pageErrors.push(error.message));
    people.push(person);
    return person;
  };

  beforeAll(async () => {
    const settings = (await options.settings?.()) ?? {};
    // Both are kept when one fails, so afterAll stops the other (a server left running when
    // Chromium is missing outlives the run).
    const [started, launched] = await Promise.allSettled([startServer(settings), launchBrowser()]);
    if (started.status === 'fulfilled') server = started.value;
    if (launched.status === 'fulfilled') browser = launched.value;
    if (started.status === 'rejected') throw started.reason;
    if (launched.status === 'rejected') throw launched.reason;
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') {
      await mkdir(ARTIFACTS, { recursive: true });
      const stem = context.task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 80);
      await Promise.all(
        people.map((person, i) =>
          person.page.screenshot({ path: join(ARTIFACTS, `${stem}-${i}.png`) }).catch(() => null),
        ),
      );
      console.log(`screenshots in ${ARTIFACTS}; page errors: ${JSON.stringify(pageErrors)}`);
      console.log(`server output (tail):\n${server?.output().slice(-3000) ?? 'no server'}`);
    }
    pageErrors.length = 0;
    await Promise.all(people.splice(0).map((person) => person.context.close()));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const register = (prefix: string): Promise<E2eUser> => registerUser(running().server.url, prefix);
  const signIn = async (
    user: E2eUser,
    setup?: ContextSetup,
    options?: BrowserContextOptions,
  ): Promise<Person> =>
    track(await signedIn(running().browser, running().server.url, user, setup, options));

  return {
    get url() {
      return running().server.url;
    },
    /** A new account, registered through the API (the sign-up form has its own test). */
    register,
    /**
     * A fresh browser context with an empty tab that has loaded nothing yet: for a test that sets
     * the tab up (cookies, throttling) before the app's first load.
     */
    blank: async (options?: BrowserContextOptions): Promise<Person> => {
      const context = await running().browser.newContext({
        ...options,
        baseURL: running().server.url,
      });
      return track({ context, page: await context.newPage() });
    },
    /** A fresh browser context on the app, signed out (`options`: viewport, CSP bypass…). */
    open: async (options?: BrowserContextOptions): Promise<Person> =>
      track(await openApp(running().browser, running().server.url, undefined, options)),
    /** A fresh browser context with `user` signed in through the form (`options`: viewport, touch…). */
    signIn,
    /**
     * Alice and Bob, each signed in in a browser of their own, with their direct room open on
     * both sides; `aliceSetup` prepares Alice's browser context before it loads.
     */
    async aliceAndBobInARoom(aliceSetup?: ContextSetup) {
      const [aliceUser, bobUser] = await Promise.all([register('alice'), register('bob')]);
      const room = await createDirectRoom(running().server.url, aliceUser, bobUser);
      const [alice, bob] = await Promise.all([signIn(aliceUser, aliceSetup), signIn(bobUser)]);
      await Promise.all([openRoom(alice.page, 'Bob'), openRoom(bob.page, 'Alice')]);
      return { aliceUser, bobUser, room, alice, bob };
    },
  };
}
