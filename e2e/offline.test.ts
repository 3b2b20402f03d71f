import { describe, expect, it } from 'vitest';
import { messageBarrier, messageText, ownMessage, sendMessage, statusOf } from './helpers/app.js';
import type { Person } from './helpers/app.js';
import { useE2e } from './helpers/suite.js';

/** The banner the app shows while its connection is down (a status region, read out). */
const connectionBanner = ({ page }: Person) =>
  page
    .getByRole('status')
    .filter({ hasText: /offline|disconnected|reconnecting|connection lost/i });

describe('losing the connection in the browser', () => {
  const e2e = useE2e();

  it('a message sent offline waits as "Sending" under a banner, then is delivered exactly once on both sides', async () => {
    const { alice, bob } = await e2e.aliceAndBobInARoom();
    const text = 'sent while offline';

    await alice.context.setOffline(true);
    await connectionBanner(alice).waitFor();
    await sendMessage(alice.page, text);

    await messageText(alice.page, text).waitFor();
    expect(await statusOf(alice.page, text)).toBe('sending');
    await ownMessage(alice.page, text).getByLabel('Sending').waitFor();
    await messageBarrier(bob, bob);
    expect(await messageText(bob.page, text).count()).toBe(0);

    await alice.context.setOffline(false);

    await connectionBanner(alice).waitFor({ state: 'hidden', timeout: 20_000 });
    await messageText(bob.page, text).waitFor();
    // Bob has the room open: the resent message is read, not merely delivered.
    await expect.poll(() => statusOf(alice.page, text)).toBe('read');
    await messageBarrier(bob, alice, bob);
    expect(await messageText(alice.page, text).count()).toBe(1);
    expect(await messageText(bob.page, text).count()).toBe(1);
  });
});
