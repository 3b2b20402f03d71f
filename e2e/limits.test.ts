import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { composer } from './helpers/app.js';
import { useE2e } from './helpers/suite.js';
import { seriousAxeViolations } from './helpers/support.js';

/** The other person's presence under the conversation's title. */
const presenceLine = (page: Page) => page.locator('.conversation-header .subtitle');

/** Pastes `text` into the message box through the real clipboard, as a person would. */
async function pasteIntoComposer(page: Page, text: string): Promise<void> {
  await page.evaluate((value) => navigator.clipboard.writeText(value), text);
  await composer(page).focus();
  await page.keyboard.press('ControlOrMeta+V');
}

describe('honest limits in the browser', () => {
  const e2e = useE2e();

  it('keeps a pasted text over the limit whole, counts it and refuses to send it', async () => {
    const { alice } = await e2e.aliceAndBobInARoom((context) =>
      context.grantPermissions(['clipboard-read', 'clipboard-write']),
    );
    const text = 'x'.repeat(10_500);
    await pasteIntoComposer(alice.page, text);

    const box = composer(alice.page);
    await expect.poll(() => box.inputValue()).toBe(text);
    await alice.page.getByText('10,500 / 10,000').waitFor();
    const refusal = alice.page.getByText('Too long to send: remove 500 characters.');
    await refusal.waitFor();
    expect(await refusal.getAttribute('aria-live')).toBe('polite');
    expect(await box.getAttribute('aria-invalid')).toBe('true');
    expect(await alice.page.getByRole('button', { name: 'Send' }).isDisabled()).toBe(true);
    expect(await seriousAxeViolations(alice.page)).toEqual([]);

    await box.press('Enter');
    expect(await box.inputValue()).toBe(text);
    expect(await alice.page.locator('.message').count()).toBe(0);
  });

  it('shows presence as unknown while the connection is down, and live again after', async () => {
    const { alice } = await e2e.aliceAndBobInARoom();
    const line = presenceLine(alice.page);
    await expect.poll(() => line.textContent()).toBe('online');

    await alice.context.setOffline(true);
    await expect.poll(() => line.textContent(), { timeout: 20_000 }).toBe('last seen unknown');
    expect(await alice.page.locator('.presence-dot').count()).toBe(0);

    await alice.context.setOffline(false);
    await expect.poll(() => line.textContent(), { timeout: 20_000 }).toBe('online');
    expect(await alice.page.locator('.presence-dot.online').count()).toBeGreaterThan(0);
  });
});
