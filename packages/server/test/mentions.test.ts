import { describe, expect, it } from 'vitest';
import { createGroupRoom, nextEvent, ok, request } from './helpers/clients.js';
import { registerUsers, sendOk, useSocketTestServer } from './helpers/message-helpers.js';

const { t, sockets } = useSocketTestServer();

describe('mentions', () => {
  it('are resolved by the server to members, on send and on edit', async () => {
    const [alice, bob, carol, dave] = await registerUsers(t.url, ['alice', 'bob', 'carol', 'dave']);
    if (!alice || !bob || !carol || !dave) throw new Error('registering failed');
    const room = await createGroupRoom(t.url, alice.token, [bob.user.id, carol.user.id]);
    const a = await sockets.connect(alice);
    const b = await sockets.connect(bob);
    const toBob = nextEvent(b, 'message:new');
    const message = await sendOk(
      a,
      room.id,
      `hi @${bob.user.username}, @${carol.user.username.toUpperCase()}. and @${dave.user.username} and @${alice.user.username} and @all`,
    );
    expect(message.mentions).toEqual([bob.user.id, carol.user.id]);
    expect(message.roomMention).toBe('all');
    expect((await toBob).mentions).toEqual(message.mentions);

    const edited = ok(
      await request(a, 'message:edit', {
        messageId: message.id,
        content: `now @${carol.user.username}`,
      }),
    );
    expect(edited.message.mentions).toEqual([carol.user.id]);
    expect(edited.message.roomMention).toBeUndefined();
    const plain = await sendOk(a, room.id, 'mail me at x@example.com');
    expect(plain.mentions).toBeUndefined();
  });
});
