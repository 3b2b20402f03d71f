import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { messageLog, sendMessage } from './helpers/app.js';
import { makePng } from './helpers/files.js';
import { useE2e } from './helpers/suite.js';

declare global {
  interface Window {
    /** Every Content-Security-Policy violation the page reported, as "directive blocked-uri". */
    cspViolations?: string[];
  }
}

/** Records the page's CSP violations from before its first script runs. */
async function recordViolations(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) =>
      window.cspViolations?.push(`${event.effectiveDirective} ${event.blockedURI}`),
    );
  });
}

const violations = (page: Page) => page.evaluate(() => window.cspViolations ?? []);

/** Console lines in which the browser reports a refused load or script. */
function cspConsole(page: Page): string[] {
  const lines: string[] = [];
  page.on('console', (message) => {
    if (/content security policy/i.test(message.text())) lines.push(message.text());
  });
  return lines;
}

describe('the app under its security headers', () => {
  const e2e = useE2e();

  it('signs in, chats and previews and sends an image with no CSP violation', async () => {
    const { alice, bob } = await e2e.aliceAndBobInARoom(recordViolations);
    const aliceConsole = cspConsole(alice.page);

    const policy = await alice.page.evaluate(async () =>
      (await fetch('/')).headers.get('content-security-policy'),
    );
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("frame-ancestors 'none'");

    await sendMessage(alice.page, 'under the policy');
    await messageLog(bob.page).getByText('under the policy').waitFor();

    const chooser = alice.page.waitForEvent('filechooser');
    await alice.page.getByRole('button', { name: 'Attach files' }).click();
    await (
      await chooser
    ).setFiles([{ name: 'dot.png', mimeType: 'image/png', buffer: makePng(40, 30) }]);
    const image = messageLog(bob.page).getByRole('img', { name: 'dot.png' });
    await image.waitFor();
    await expect
      .poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
      .toBe(40);
    await messageLog(alice.page).getByRole('img', { name: 'dot.png' }).waitFor();

    expect(await violations(alice.page)).toEqual([]);
    expect(aliceConsole).toEqual([]);
  });

  it('does enforce it: an injected inline script is refused and reported', async () => {
    const user = await e2e.register('csp');
    const { page } = await e2e.signIn(user, recordViolations);
    const ran = await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.injectedRan = true';
      document.body.append(script);
      return 'injectedRan' in window;
    });
    expect(ran).toBe(false);
    await expect
      .poll(() => violations(page))
      .toEqual([expect.stringMatching(/^script-src-elem inline/)]);
  });
});
