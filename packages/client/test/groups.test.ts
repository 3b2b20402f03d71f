import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createGroupRoom, registerUser } from '../../server/test/helpers/clients.js';
import type { TestServer } from '../../server/test/helpers/test-server.js';
import { startTestServer } from '../../server/test/helpers/test-server.js';
import type { NatterClient } from '../src/index.js';
import { selectTimeline } from '../src/index.js';
import { clientPool, waitForState } from './helpers/sdk.js';

let t: TestServer;
const clients = clientPool();

beforeAll(async () => {
  t = await startTestServer();
});
afterEach(() => clients.closeAll());
afterAll(() => t.close());

const systemKinds = (client: NatterClient, roomId: string) =>
  selectTimeline(client.getState(), roomId)
    .filter((m) => m.type === 'system')
    .map((m) => m.event?.kind);

describe('groups through the SDK', () => {
  it('adding, renaming and leaving reach every store, with system lines that are not unread', async () => {
    const [alice, bob, dave] = await Promise.all(
      ['alice', 'bob', 'dave'].map((p) => registerUser(t.url, p)),
    );
    const room = await createGroupRoom(t.url, alice!.token, [bob!.user.id], 'Before');
    const a = await clients.connect(t.url, alice!.token);
    const b = await clients.connect(t.url, bob!.token);
    const d = await clients.connect(t.url, dave!.token);
    const bobsOtherTab = await clients.connect(t.url, bob!.token);

    await a.rooms.addMember(room.id, dave!.user.id);
    await waitForState(d, (s) => s.rooms[room.id] !== undefined, 'Dave has the room');
    await waitForState(b, (s) => s.rooms[room.id]?.participants.length === 3, 'Bob sees Dave');
    await a.rooms.update(room.id, { name: 'After' });
    await waitForState(b, (s) => s.rooms[room.id]?.name === 'After', 'the new name');
    expect(systemKinds(b, room.id)).toEqual(['member_added', 'renamed']);
    expect(b.getState().rooms[room.id]?.unreadCount).toBe(0);

    await b.rooms.removeMember(room.id, bob!.user.id);
    expect(b.getState().rooms[room.id]).toBeUndefined();
    await waitForState(bobsOtherTab, (s) => s.rooms[room.id] === undefined, 'gone in the tab');
    await waitForState(a, () => systemKinds(a, room.id).includes('member_left'), 'Bob left');
  });

  it('a rename by a plain member is refused with forbidden, and nothing changes', async () => {
    const [alice, bob] = await Promise.all(['alice', 'bob'].map((p) => registerUser(t.url, p)));
    const room = await createGroupRoom(t.url, alice!.token, [bob!.user.id], 'Kept');
    const b = await clients.connect(t.url, bob!.token);
    await expect(b.rooms.update(room.id, { name: 'Mine' })).rejects.toMatchObject({
      code: 'forbidden',
    });
    expect(b.getState().rooms[room.id]?.name).toBe('Kept');
  });
});
