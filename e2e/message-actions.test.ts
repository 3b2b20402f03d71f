import { describe, expect, it } from 'vitest';
import {
  composer,
  messageAction,
  messageBarrier,
  messageItem,
  messageText,
  ownMessage,
  sendMessage,
  statusOf,
} from './helpers/app.js';
import { refuseFirstSend } from './helpers/network.js';
import { useE2e } from './helpers/suite.js';

describe('acting on messages in the browser', () => {
  const e2e = useE2e();

  it('an edit replaces the text on both sides and is marked "edited"', async () => {
    const { alice, bob } = await e2e.aliceAndBobInARoom();
    await sendMessage(alice.page, 'see you at 5');
    await messageText(bob.page, 'see you at 5').waitFor();

    await messageAction(alice.page, 'see you at 5', 'Edit');
    expect(await composer(alice.page).inputValue()).toBe('see you at 5');
    await sendMessage(alice.page, 'see you at 6');

    await messageText(bob.page, 'see you at 6').waitFor();
    expect(await messageText(bob.page, 'see you at 5').count()).toBe(0);
    await messageItem(bob.page, 'see you at 6').getByText('edited').waitFor();
    expect(await messageText(alice.page, 'see you at 6').count()).toBe(1);
    expect(await messageText(alice.page, 'see you at 5').count()).toBe(0);
  });

  it('a delete, once confirmed, leaves "This message was deleted" on both sides', async () => {
    const { alice, bob } = await e2e.aliceAndBobInARoom();
    await sendMessage(alice.page, 'oops, wrong chat');
    await messageText(bob.page, 'oops, wrong chat').waitFor();

    await messageAction(alice.page, 'oops, wrong chat', 'Delete');
    await alice.page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();

    await messageText(bob.page, 'This message was deleted').waitFor();
    await messageText(alice.page, 'This message was deleted').waitFor();
    expect(await messageText(bob.page, 'oops, wrong chat').count()).toBe(0);
    expect(await messageText(alice.page, 'oops, wrong chat').count()).toBe(0);
  });

  it('a reply shows the message it answers, quoted, on both sides', async () => {
    const { alice, bob } = await e2e.aliceAndBobInARoom();
    await sendMessage(alice.page, 'lunch today?');
    await messageText(bob.page, 'lunch today?').waitFor();

    await messageAction(bob.page, 'lunch today?', 'Reply');
    await bob.page.getByText('Replying to Alice').waitFor();
    await sendMessage(bob.page, 'yes, at noon');

    for (const page of [alice.page, bob.page]) {
      await messageText(page, 'yes, at noon').waitFor();
      expect(await messageItem(page, 'yes, at noon').getByText('lunch today?').count()).toBe(1);
    }
    expect(await bob.page.getByText('Replying to Alice').count()).toBe(0);
  });

  it('a refused send is marked "Failed"; Retry sends it once, Discard drops it', async () => {
    const marker = '[refuse once]';
    const { alice, bob } = await e2e.aliceAndBobInARoom((context) =>
      refuseFirstSend(context, marker),
    );

    await sendMessage(alice.page, `retry me ${marker}`);
    await expect.poll(() => statusOf(alice.page, `retry me ${marker}`)).toBe('failed');
    await ownMessage(alice.page, `retry me ${marker}`).getByLabel('Failed').waitFor();
    await messageAction(alice.page, `retry me ${marker}`, 'Retry');

    await messageText(bob.page, `retry me ${marker}`).waitFor();
    await expect.poll(() => statusOf(alice.page, `retry me ${marker}`)).toBe('read');

    await sendMessage(alice.page, `discard me ${marker}`);
    await expect.poll(() => statusOf(alice.page, `discard me ${marker}`)).toBe('failed');
    await messageAction(alice.page, `discard me ${marker}`, 'Discard');

    await messageText(alice.page, `discard me ${marker}`).waitFor({ state: 'detached' });
    await messageBarrier(alice, bob);
    expect(await messageText(bob.page, `discard me ${marker}`).count()).toBe(0);
    expect(await messageText(bob.page, `retry me ${marker}`).count()).toBe(1);
    expect(await messageText(alice.page, `retry me ${marker}`).count()).toBe(1);
  });
});
