import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createGroupRoom,
  ok,
  registerUser,
  sendText,
  connect,
} from '../../server/test/helpers/clients.js';
import type { ClientSocket } from '../../server/test/helpers/clients.js';
import type { TestServer } from '../../server/test/helpers/test-server.js';
import { startTestServer } from '../../server/test/helpers/test-server.js';
import { createRestClient } from '../src/index.js';
import { clientPool, failure, waitForState } from './helpers/sdk.js';

/** The SDK's mention counts and settings against a real server. */

let t: TestServer;
const clients = clientPool();
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  t = await startTestServer();
});
afterEach(() => {
  clients.closeAll();
  for (const socket of sockets.splice(0)) socket.close();
});
afterAll(() => t.close());

describe('a room’s mentionCount in the store', () => {
  it('grows as mentions arrive live, clears as the user reads, and equals a fresh client', async () => {
    const [alice, bob, carol] = await Promise.all(
      ['alice', 'bob', 'carol'].map((prefix) => registerUser(t.url, prefix)),
    );
    if (!alice || !bob || !carol) throw new Error('registering failed');
    const room = await createGroupRoom(t.url, alice.token, [bob.user.id, carol.user.id]);
    const b = await clients.connect(t.url, bob.token);
    const a = await connect(t.url, alice.token);
    sockets.push(a);
    const mentionsOf = () => b.getState().rooms[room.id]?.mentionCount;
    expect(mentionsOf()).toBeUndefined();

    ok(await sendText(a, room.id, `@${bob.user.username} look`));
    ok(await sendText(a, room.id, 'plain'));
    ok(await sendText(a, room.id, `@${carol.user.username} not bob`));
    const last = ok(await sendText(a, room.id, '@all standup')).message;
    await waitForState(b, (s) => s.rooms[room.id]?.lastSeq === last.seq, 'the last message');
    expect(mentionsOf()).toBe(2);
    expect(b.getState().rooms[room.id]?.unreadCount).toBe(4);

    const fresh = await clients.connect(t.url, bob.token);
    expect(fresh.getState().rooms[room.id]?.mentionCount).toBe(2);

    b.markRead(room.id, last.id);
    await waitForState(b, (s) => s.rooms[room.id]?.unreadCount === 0, 'read');
    expect(mentionsOf()).toBeUndefined();
    // The user's other device follows the read mark, and its count with it.
    await waitForState(fresh, (s) => s.rooms[room.id]?.mentionCount === undefined, 'cleared');
  });
});

describe('muting a room’s mentions', () => {
  it('mutes the mentions with the room, shows it in the store, and refuses them alone', async () => {
    const [alice, bob] = await Promise.all(
      ['alice', 'bob'].map((prefix) => registerUser(t.url, prefix)),
    );
    if (!alice || !bob) throw new Error('registering failed');
    const room = await createGroupRoom(t.url, alice.token, [bob.user.id]);
    const b = await clients.connect(t.url, bob.token);
    const muted = await b.rooms.mute(room.id, true, true);
    expect(muted).toMatchObject({ muted: true, mentionsMuted: true });
    expect(b.getState().rooms[room.id]).toMatchObject({ muted: true, mentionsMuted: true });
    const unmuted = await b.rooms.mute(room.id, false);
    expect(unmuted.mentionsMuted).toBeUndefined();
    const refused = await failure(b.rooms.mute(room.id, false, true));
    expect(refused?.code).toBe('bad_request');
    expect(refused?.message).toMatch(/mentions/);
  });
});

describe('privacy settings', () => {
  it('reads and changes them; an empty change is bad_request', async () => {
    const alice = await registerUser(t.url, 'alice');
    const api = createRestClient({ baseUrl: t.url, token: alice.token });
    expect(await api.privacySettings()).toEqual({ readReceipts: true, typingIndicators: true });
    expect(await api.updatePrivacySettings({ readReceipts: false })).toEqual({
      readReceipts: false,
      typingIndicators: true,
    });
    expect((await failure(api.updatePrivacySettings({})))?.code).toBe('bad_request');
  });
});
