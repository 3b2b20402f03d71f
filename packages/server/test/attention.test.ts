import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ClientSocket, TestUser } from './helpers/clients.js';
import { connect, ok, request } from './helpers/clients.js';
import { closeSocket, codeOf, eventually, registerUsers } from './helpers/message-helpers.js';
import type { TestServer } from './helpers/test-server.js';
import { startTestServer } from './helpers/test-server.js';

// Whether a user has a device showing the chat (`visibility:set`, handshake `auth.visible`): what
// holds back their pushes. Across nodes: cluster-attention.test.ts.
let t: TestServer;
const sockets: ClientSocket[] = [];
beforeAll(async () => {
  t = await startTestServer();
});
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.close();
});
afterAll(() => t.close());

/** A socket the server has set up (counted in as its handshake said): any ack comes after that. */
async function open(user: TestUser, auth: { visible?: boolean } = {}): Promise<ClientSocket> {
  const socket = await connect(t.url, user.token, auth);
  sockets.push(socket);
  ok(await request(socket, 'presence:get', { userIds: [] }));
  return socket;
}

async function watching(user: TestUser): Promise<boolean> {
  return (await t.server.attention.watching([user.user.id])).has(user.user.id);
}

async function setVisible(socket: ClientSocket, visible: boolean): Promise<void> {
  ok(await request(socket, 'visibility:set', { visible }));
}

describe('visibility:set', () => {
  it.each([
    ['no payload', undefined],
    ['no visible', {}],
    ['a visible that is not a boolean', { visible: 'yes' }],
    ['an unknown field', { visible: true, tab: 3 }],
  ])(
    'with %s is answered bad_request naming the field, and changes nothing',
    async (_, payload) => {
      const [alice] = (await registerUsers(t.url, ['alice'])) as [TestUser];
      const socket = await open(alice);
      const answer = await request(socket, 'visibility:set', payload);
      expect(codeOf(answer)).toBe('bad_request');
      if (answer.ok) throw new Error('unreachable');
      expect(answer.error.message).toMatch(
        payload === undefined ? /input|expected/ : /visible|tab/,
      );
      expect(await watching(alice)).toBe(true);
    },
  );

  it('works without an ack', async () => {
    const [alice] = (await registerUsers(t.url, ['alice'])) as [TestUser];
    const socket = await open(alice);
    socket.emit('visibility:set', { visible: false });
    await eventually(async () => !(await watching(alice)));
  });
});

describe('attention on one node', () => {
  it('a visible socket watches; hidden it does not, shown again it does', async () => {
    const [alice, bob] = (await registerUsers(t.url, ['alice', 'bob'])) as [TestUser, TestUser];
    const socket = await open(alice);
    expect(await t.server.attention.watching([alice.user.id, bob.user.id])).toEqual(
      new Set([alice.user.id]),
    );
    await setVisible(socket, false);
    expect(await watching(alice)).toBe(false);
    // Saying it twice counts once: one hide undoes it.
    await setVisible(socket, true);
    await setVisible(socket, true);
    expect(await watching(alice)).toBe(true);
    await setVisible(socket, false);
    expect(await watching(alice)).toBe(false);
  });

  it('a socket that connects hidden (auth.visible: false) does not watch until it says visible', async () => {
    const [alice] = (await registerUsers(t.url, ['alice'])) as [TestUser];
    const socket = await open(alice, { visible: false });
    expect(await watching(alice)).toBe(false);
    await setVisible(socket, true);
    expect(await watching(alice)).toBe(true);
  });

  it('two devices: the user watches while either is visible', async () => {
    const [alice] = (await registerUsers(t.url, ['alice'])) as [TestUser];
    const phone = await open(alice, { visible: false });
    const laptop = await open(alice);
    expect(await watching(alice)).toBe(true);
    await setVisible(phone, true);
    await setVisible(laptop, false);
    expect(await watching(alice)).toBe(true);
    await setVisible(phone, false);
    expect(await watching(alice)).toBe(false);
  });

  it('a visible socket that disconnects stops watching; a hidden one leaving changes nothing', async () => {
    const [alice] = (await registerUsers(t.url, ['alice'])) as [TestUser];
    const hidden = await open(alice, { visible: false });
    const visible = await open(alice);
    await closeSocket(hidden);
    expect(await watching(alice)).toBe(true);
    await closeSocket(visible);
    await eventually(async () => !(await watching(alice)));
  });
});
