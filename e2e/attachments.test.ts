import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { Page } from 'playwright-core';
import { messageLog } from './helpers/app.js';
import { makePdf, makePng } from './helpers/files.js';
import { useE2e } from './helpers/suite.js';

const PNG = makePng(120, 80);
const PDF = makePdf('Quarterly report');

/**
 * Picks files with the composer's "Attach files" button (the native picker is bypassed): small
 * ones as buffers, a large one as a path on disk, which the browser reads itself (a 25 MB buffer
 * sent through the DevTools protocol outlasted the 10 s timeout).
 */
async function attach(
  page: Page,
  files: { name: string; mimeType: string; buffer: Buffer }[] | string,
) {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Attach files' }).click();
  await (await chooser).setFiles(files);
}

describe('attachments in the browser', () => {
  const e2e = useE2e();

  it('an image and a PDF sent with "Attach files" reach Bob inline and as a card', async () => {
    const { alice, bob } = await e2e.aliceAndBobInARoom();

    await attach(alice.page, [{ name: 'sunset.png', mimeType: 'image/png', buffer: PNG }]);
    await attach(alice.page, [
      { name: 'report <2026>.pdf', mimeType: 'application/pdf', buffer: PDF },
    ]);

    // Bob: the image inline, loaded from its signed URL, in space reserved from its size.
    const image = messageLog(bob.page).getByRole('img', { name: 'sunset.png' });
    await image.waitFor();
    await expect
      .poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
      .toBe(120);
    // The PDF as a card with its name (as text) and a Download link.
    await messageLog(bob.page).getByText('report <2026>.pdf', { exact: true }).waitFor();
    const download = messageLog(bob.page).getByRole('link', {
      name: 'Download report <2026>.pdf',
    });
    const href = await download.getAttribute('href');
    expect(href).toBeTruthy();
    const response = await bob.page.request.get(new URL(href ?? '', bob.page.url()).toString());
    expect(response.ok()).toBe(true);
    expect((await response.body()).subarray(0, 5).toString()).toBe('%PDF-');

    // Alice's copies are confirmed, with nothing left uploading.
    await messageLog(alice.page)
      .getByRole('link', { name: 'Download report <2026>.pdf' })
      .waitFor();
    expect(await alice.page.getByRole('button', { name: 'Cancel upload' }).count()).toBe(0);

    // The image opens in a lightbox named by the file, and Esc closes it.
    await bob.page.getByRole('button', { name: 'Open image sunset.png' }).click();
    const lightbox = bob.page.getByRole('dialog', { name: 'sunset.png' });
    await lightbox.waitFor();
    await bob.page.keyboard.press('Escape');
    await lightbox.waitFor({ state: 'hidden' });
  });

  it('refuses a file over 25 MB before uploading it, explains why, and offers no Retry', async () => {
    const { alice } = await e2e.aliceAndBobInARoom();
    const dir = await mkdtemp(join(tmpdir(), 'natter-e2e-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const big = join(dir, 'huge.bin');
    await writeFile(big, Buffer.alloc(25 * 1024 * 1024 + 1));

    await attach(alice.page, big);

    await messageLog(alice.page).getByText('File is too large (max 25 MB)').waitFor();
    const discard = messageLog(alice.page).getByRole('button', { name: 'Discard' });
    await discard.waitFor();
    // Sending it again would be refused again: retrying cannot help.
    expect(await messageLog(alice.page).getByRole('button', { name: 'Retry' }).count()).toBe(0);
    await discard.click();
    await messageLog(alice.page).getByText('huge.bin').waitFor({ state: 'hidden' });
  });
});
