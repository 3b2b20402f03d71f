import { describe, expect, it } from 'vitest';
import { nextEvent, ok, request } from './helpers/clients.js';
import { codeOf, sendOk, useSocketTestServer } from './helpers/message-helpers.js';

const { directPair } = useSocketTestServer();

describe('reaction:add and reaction:remove', () => {
  it('adds once per user and emoji, tells members, and removes', async () => {
    const { alice, bob, room, a, b } = await directPair();
    const message = await sendOk(a, room.id, 'nice');
    const updated = nextEvent(a, 'message:updated');
    const added = ok(await request(b, 'reaction:add', { messageId: message.id, emoji: '+1' }));
    expect(added.message.reactions).toEqual([{ emoji: '👍', count: 1, userIds: [bob.user.id] }]);
    expect((await updated).reactions).toEqual(added.message.reactions);

    const again = ok(await request(b, 'reaction:add', { messageId: message.id, emoji: '👍' }));
    expect(again.message.reactions).toEqual(added.message.reactions);
    const both = ok(await request(a, 'reaction:add', { messageId: message.id, emoji: '👍' }));
    expect(both.message.reactions).toEqual([
      { emoji: '👍', count: 2, userIds: [bob.user.id, alice.user.id] },
    ]);

    const removed = ok(await request(b, 'reaction:remove', { messageId: message.id, emoji: '👍' }));
    expect(removed.message.reactions).toEqual([
      { emoji: '👍', count: 1, userIds: [alice.user.id] },
    ]);
    ok(await request(a, 'reaction:remove', { messageId: message.id, emoji: '👍' }));
    const none = ok(await request(a, 'reaction:remove', { messageId: message.id, emoji: '👍' }));
    expect(none.message.reactions).toBeUndefined();
  });

  it('refuses what is not one emoji', async () => {
    const { room, a } = await directPair();
    const message = await sendOk(a, room.id, 'x');
    for (const emoji of ['', 'ab', '👍👍', 'not_a_name', 'x'.repeat(100)]) {
      expect(codeOf(await request(a, 'reaction:add', { messageId: message.id, emoji }))).toBe(
        'bad_request',
      );
    }
  });
});
