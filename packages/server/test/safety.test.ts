import type { ClientToServerEvents, MeResponse, Room } from '@natter/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connect,
  createDirectRoom,
  http,
  newClientId,
  nextEvent,
  ok,
  registerUser,
  request,
  sendText,
  uniqueName,
} from './helpers/clients.js';
import { caughtUp, typingBarrier } from './helpers/barrier.js';
import type { ClientSocket, TestUser } from './helpers/clients.js';
import {
  disconnection,
  expectAckError,
  expectHttpError,
  history,
  rawHttp,
  roomAs,
  roomsAs,
  tryConnect,
  watchEvents,
} from './helpers/authz-helpers.js';
import type { TestServer } from './helpers/test-server.js';
import { startTestServer } from './helpers/test-server.js';

type Event = keyof ClientToServerEvents;
const MiB = 1024 * 1024;
const json = { 'content-type': 'application/json' };

/** The test process hosts the server, so a polluted prototype would show up right here. */
function expectPrototypesClean(): void {
  const probe: Record<string, unknown> = {};
  for (const key of ['polluted', 'isAdmin', 'senderId', 'role']) {
    expect(probe[key]).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, key)).toBe(false);
  }
}

describe('safety', () => {
  let t: TestServer;
  let alice: TestUser;
  let bob: TestUser;
  let room: Room;
  let a: ClientSocket;
  let b: ClientSocket;

  beforeAll(async () => {
    t = await startTestServer();
    alice = await registerUser(t.url, 'alice');
    bob = await registerUser(t.url, 'bob');
    room = await createDirectRoom(t.url, alice.token, bob.user.id);
    a = await connect(t.url, alice.token);
    b = await connect(t.url, bob.token);
    ok(await sendText(a, room.id, 'the first message'));
  });
  afterAll(async () => {
    a.close();
    b.close();
    await t.close();
  });

  /** The stored history (not `status`, which delivery receipts move on their own). */
  const stored = async () =>
    (await history(a, room.id)).map(({ status: _status, ...message }) => message);

  /** Runs `act`, then checks the room's history is unchanged and Bob was sent nothing. */
  async function expectNoTrace(act: () => Promise<void>): Promise<void> {
    const before = await stored();
    const watcher = watchEvents(b, ['message:new', 'message:updated', 'message:deleted']);
    await act();
    await caughtUp(a);
    await typingBarrier(a, room.id, b);
    watcher.stop();
    expect(watcher.seen).toEqual([]);
    expect(await stored()).toEqual(before);
  }

  /** The server still answers a plain request correctly (it did not crash or wedge). */
  async function expectServerHealthy(): Promise<void> {
    const me = await http<MeResponse>(t.url, 'GET', '/api/me', { token: alice.token });
    expect(me.status).toBe(200);
    expect(me.body.user).toEqual(alice.user);
    const sent = ok(await sendText(b, room.id, 'still alive?')).message;
    expect(sent.content).toBe('still alive?');
    expect(sent.senderId).toBe(bob.user.id);
  }

  describe('server-owned and unknown fields', () => {
    const send = () => ({
      roomId: room.id,
      clientId: newClientId(),
      type: 'text',
      content: 'forged',
    });
    it.each([
      { field: 'senderId', value: () => bob.user.id },
      { field: 'seq', value: () => 1 },
      { field: 'createdAt', value: () => '2000-01-01T00:00:00.000Z' },
      { field: 'id', value: () => crypto.randomUUID() },
      { field: 'status', value: () => 'read' },
      { field: 'sender', value: () => ({ id: bob.user.id, displayName: 'Bob' }) },
      { field: 'editedAt', value: () => '2000-01-01T00:00:00.000Z' },
      { field: 'deletedAt', value: () => '2000-01-01T00:00:00.000Z' },
      { field: 'attachments', value: () => [] },
      { field: 'foo', value: () => 'bar' },
    ])('message:send with $field → bad_request naming it, nothing stored', async (c) => {
      await expectNoTrace(async () => {
        const ack = await request(a, 'message:send', { ...send(), [c.field]: c.value() });
        expect(expectAckError(ack, 'bad_request')).toContain(`"${c.field}"`);
      });
    });

    it.each([
      { field: 'senderId', value: () => bob.user.id },
      { field: 'editedAt', value: () => '2000-01-01T00:00:00.000Z' },
      { field: 'roomId', value: () => room.id },
    ])('message:edit with $field → bad_request naming it, no change', async (c) => {
      const target = (await history(a, room.id))[0]!;
      await expectNoTrace(async () => {
        const ack = await request(a, 'message:edit', {
          messageId: target.id,
          content: 'changed',
          [c.field]: c.value(),
        });
        expect(expectAckError(ack, 'bad_request')).toContain(`"${c.field}"`);
      });
    });

    const register = (extra: Record<string, unknown>) => ({
      username: uniqueName('own'),
      password: 'correct horse battery',
      ...extra,
    });
    it.each([
      {
        name: 'register',
        path: '/api/auth/register',
        field: 'isAdmin',
        body: () => register({ isAdmin: true }),
      },
      {
        name: 'register',
        path: '/api/auth/register',
        field: 'id',
        body: () => register({ id: 'x' }),
      },
      {
        name: 'register',
        path: '/api/auth/register',
        field: 'passwordHash',
        body: () => register({ passwordHash: '$argon2id$v=19$...' }),
      },
      {
        name: 'login',
        path: '/api/auth/login',
        field: 'remember',
        body: () => ({ username: alice.user.username, password: alice.password, remember: true }),
      },
    ])('$name with $field → 400 bad_request naming it', async (c) => {
      const body = c.body();
      const res = await http(t.url, 'POST', c.path, { body });
      expect(expectHttpError(res, 400, 'bad_request')).toContain(`"${c.field}"`);
      if (c.name === 'register') {
        // Nothing stored: the username is still free.
        const clean = { username: body.username, password: body.password };
        expect((await http(t.url, 'POST', c.path, { body: clean })).status).toBe(201);
      }
    });

    it.each([
      { field: 'id', value: 'chosen-id' },
      { field: 'createdBy', value: 'someone' },
      { field: 'unreadCount', value: 0 },
      { field: 'participants', value: [] },
    ])('POST /api/rooms with $field → 400 bad_request naming it, no room', async (c) => {
      const user = await registerUser(t.url, 'rf');
      const res = await http(t.url, 'POST', '/api/rooms', {
        token: user.token,
        body: { type: 'group', name: 'Forged', participantIds: [], [c.field]: c.value },
      });
      expect(expectHttpError(res, 400, 'bad_request')).toContain(`"${c.field}"`);
      expect(await roomsAs(t.url, user.token)).toEqual([]);
    });

    it('POST /api/rooms/:id/members with role → 400 bad_request naming it, nobody added', async () => {
      const owner = await registerUser(t.url, 'rmo');
      const other = await registerUser(t.url, 'rmn');
      const group = await http<{ room: Room }>(t.url, 'POST', '/api/rooms', {
        token: owner.token,
        body: { type: 'group', name: 'Roles', participantIds: [] },
      });
      const res = await http(t.url, 'POST', `/api/rooms/${group.body.room.id}/members`, {
        token: owner.token,
        body: { userId: other.user.id, role: 'owner' },
      });
      expect(expectHttpError(res, 400, 'bad_request')).toContain('"role"');
      expect((await roomAs(t.url, owner.token, group.body.room.id)).participants).toEqual([
        owner.user.id,
      ]);
    });

    it('GET /api/users with an unknown query parameter → 400 bad_request naming it', async () => {
      const res = await http(t.url, 'GET', '/api/users?query=a&isAdmin=true', {
        token: alice.token,
      });
      expect(expectHttpError(res, 400, 'bad_request')).toContain('"isAdmin"');
    });
  });

  describe('prototype keys', () => {
    it.each([
      {
        name: '__proto__ at the top',
        body: () =>
          `{"username":"${uniqueName('pp')}","password":"correct horse battery","__proto__":{"isAdmin":true}}`,
      },
      {
        name: '__proto__ nested',
        body: () =>
          `{"username":"${uniqueName('pp')}","password":"correct horse battery","displayName":{"__proto__":{"polluted":true}}}`,
      },
      {
        name: 'constructor.prototype',
        body: () =>
          `{"username":"${uniqueName('pp')}","password":"correct horse battery","constructor":{"prototype":{"polluted":true}}}`,
      },
      {
        name: 'a plain constructor key',
        body: () =>
          `{"username":"${uniqueName('pp')}","password":"correct horse battery","constructor":"x"}`,
      },
    ])('a JSON body with $name → 400 bad_request, no account', async (c) => {
      const body = c.body();
      const res = await rawHttp(t.url, 'POST', '/api/auth/register', { headers: json, body });
      expectHttpError(res, 400, 'bad_request');
      const { username } = JSON.parse(body) as { username: string };
      expectHttpError(
        await http(t.url, 'POST', '/api/auth/login', {
          body: { username, password: 'correct horse battery' },
        }),
        401,
        'unauthorized',
      );
      expectPrototypesClean();
    });

    const payloads: { event: Event; name: string; raw: () => string; field: string }[] = [
      {
        event: 'message:send',
        name: '__proto__',
        raw: () =>
          `{"roomId":"${room.id}","clientId":"${newClientId()}","type":"text","content":"x","__proto__":{"polluted":true}}`,
        field: '__proto__',
      },
      {
        event: 'message:send',
        name: 'constructor.prototype',
        raw: () =>
          `{"roomId":"${room.id}","clientId":"${newClientId()}","type":"text","content":"x","constructor":{"prototype":{"polluted":true}}}`,
        field: 'constructor',
      },
      {
        event: 'messages:sync',
        name: 'a nested __proto__',
        raw: () => `{"rooms":[{"roomId":"${room.id}","afterSeq":0,"__proto__":{"polluted":true}}]}`,
        field: '__proto__',
      },
      {
        event: 'presence:get',
        name: '__proto__ instead of the payload',
        raw: () => `{"__proto__":{"userIds":["${bob.user.id}"],"polluted":true}}`,
        field: 'userIds',
      },
    ];
    it.each(payloads)(
      '$event with $name → bad_request naming $field, nothing stored',
      async (c) => {
        await expectNoTrace(async () => {
          // JSON.parse makes `__proto__` an own key, as the server's packet parser does.
          const ack = await request(a, c.event, JSON.parse(c.raw()));
          expect(expectAckError(ack, 'bad_request')).toContain(c.field);
        });
        expectPrototypesClean();
      },
    );

    it('leaves the server answering correctly', async () => {
      await expectServerHealthy();
      expectPrototypesClean();
    });
  });

  describe('malformed socket payloads', () => {
    const cases: { event: Event; name: string; payload: () => unknown; field?: string }[] = [
      { event: 'message:send', name: 'no payload', payload: () => undefined },
      { event: 'message:send', name: 'null', payload: () => null },
      { event: 'message:send', name: 'a string', payload: () => 'hello' },
      { event: 'message:send', name: 'a number', payload: () => 42 },
      { event: 'message:send', name: 'an array', payload: () => [room.id, 'hello'] },
      {
        event: 'message:send',
        name: 'numeric content',
        payload: () => ({ roomId: room.id, clientId: newClientId(), type: 'text', content: 42 }),
        field: 'content',
      },
      {
        event: 'message:send',
        name: 'an object roomId',
        payload: () => ({ roomId: {}, clientId: newClientId(), type: 'text', content: 'x' }),
        field: 'roomId',
      },
      {
        event: 'message:send',
        name: 'an unknown type',
        payload: () => ({ roomId: room.id, clientId: newClientId(), type: 'video', content: 'x' }),
        field: 'type',
      },
      {
        event: 'message:send',
        name: 'a clientId with spaces',
        payload: () => ({ roomId: room.id, clientId: 'a b', type: 'text', content: 'x' }),
        field: 'clientId',
      },
      {
        event: 'message:send',
        name: 'blank content',
        payload: () => ({ roomId: room.id, clientId: newClientId(), type: 'text', content: '  ' }),
        field: 'content',
      },
      {
        event: 'message:send',
        name: 'content of 10,001 characters',
        payload: () => ({
          roomId: room.id,
          clientId: newClientId(),
          type: 'text',
          content: 'x'.repeat(10_001),
        }),
        field: 'content',
      },
      {
        event: 'message:send',
        name: 'a NUL character in the content',
        payload: () => ({
          roomId: room.id,
          clientId: newClientId(),
          type: 'text',
          content: 'a\u0000b',
        }),
        field: 'content',
      },
      {
        event: 'messages:load',
        name: 'a NUL roomId',
        payload: () => ({ roomId: '\u0000' }),
        field: 'roomId',
      },
      {
        event: 'messages:load',
        name: 'a string limit',
        payload: () => ({ roomId: room.id, limit: '10' }),
        field: 'limit',
      },
      {
        event: 'messages:load',
        name: 'limit 101',
        payload: () => ({ roomId: room.id, limit: 101 }),
        field: 'limit',
      },
      {
        event: 'messages:load',
        name: 'a cursor beyond any seq',
        payload: () => ({ roomId: room.id, before: '99999999999' }),
        field: 'before',
      },
      {
        event: 'messages:sync',
        name: 'rooms as a string',
        payload: () => ({ rooms: 'all' }),
        field: 'rooms',
      },
      {
        event: 'messages:sync',
        name: 'an afterSeq beyond any seq',
        payload: () => ({ rooms: [{ roomId: room.id, afterSeq: 1e12 }] }),
        field: 'afterSeq',
      },
      {
        event: 'messages:sync',
        name: 'a fractional afterSeq',
        payload: () => ({ rooms: [{ roomId: room.id, afterSeq: 1.5 }] }),
        field: 'afterSeq',
      },
      {
        event: 'message:edit',
        name: 'array content',
        payload: () => ({ messageId: crypto.randomUUID(), content: ['x'] }),
        field: 'content',
      },
      { event: 'message:delete', name: 'no messageId', payload: () => ({}), field: 'messageId' },
      {
        event: 'messages:read',
        name: 'a numeric upToMessageId',
        payload: () => ({ roomId: room.id, upToMessageId: 3 }),
        field: 'upToMessageId',
      },
      {
        event: 'presence:get',
        name: 'userIds as a string',
        payload: () => ({ userIds: bob.user.id }),
        field: 'userIds',
      },
    ];

    it.each(cases)('$event with $name → bad_request, nothing stored', async (c) => {
      await expectNoTrace(async () => {
        const message = expectAckError(await request(a, c.event, c.payload()), 'bad_request');
        if (c.field) expect(message).toContain(c.field);
      });
    });

    it('a payload that is a function is refused (it is sent as the ack, or as null)', async () => {
      const loose = a as unknown as { emit(event: string, ...args: unknown[]): void };
      await expectNoTrace(async () => {
        const onlyFunction = await new Promise<unknown>((resolve) => {
          // Socket.IO takes a trailing function as the ack: the server sees no payload.
          loose.emit('message:send', resolve);
        });
        expectAckError(onlyFunction, 'bad_request');
        const functionThenAck = await new Promise<unknown>((resolve) => {
          // A function cannot be serialised: it arrives as null.
          loose.emit('message:send', () => 'not data', resolve);
        });
        expectAckError(functionThenAck, 'bad_request');
      });
    });

    it('events without an ack callback do not crash anything; a valid one is still carried out', async () => {
      const loose = a as unknown as { emit(event: string, ...args: unknown[]): void };
      await expectNoTrace(async () => {
        loose.emit('message:send', { roomId: room.id, type: 'text' });
        loose.emit('message:edit', null);
        loose.emit('messages:load', { roomId: room.id });
        loose.emit('messages:sync');
        loose.emit('presence:get', 'x');
        loose.emit('messages:read', { roomId: room.id, upToMessageId: crypto.randomUUID() });
        loose.emit('no:such:event', { roomId: room.id });
        loose.emit('typing:start', 42);
        loose.emit('typing:stop');
      });
      const arrival = nextEvent(b, 'message:new', (m) => m.content === 'no ack wanted');
      loose.emit('message:send', {
        roomId: room.id,
        clientId: newClientId(),
        type: 'text',
        content: 'no ack wanted',
      });
      expect((await arrival).senderId).toBe(alice.user.id);
      await expectServerHealthy();
    });

    it.each([
      { name: 'an unterminated array', frame: '2[' },
      { name: 'an object instead of an array', frame: '2{"a":1}' },
      { name: 'an unknown packet type', frame: '9' },
      { name: 'a truncated event', frame: '2["message:send",' },
      { name: 'an object as the event name', frame: '2[{"x":1}]' },
      { name: 'a number as the event name', frame: '2[42]' },
      { name: 'a __proto__ event name', frame: '2["__proto__",{}]' },
      { name: 'an inherited method as the event name', frame: '20["hasOwnProperty"]' },
      {
        name: 'a dangling binary placeholder',
        frame: '51-["messages:load",{"_placeholder":true,"num":99}]',
      },
    ])('a raw packet with $name is refused or ignored; the server keeps serving', async (c) => {
      const raw = await connect(t.url, bob.token);
      const gone = disconnection(raw, 8000);
      raw.io.engine.write(c.frame);
      // Either the connection is closed (now, or at its next packet), or it still works normally.
      const answer = await request(raw, 'messages:load', { roomId: room.id, limit: 1 }).catch(
        (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
      );
      if (answer instanceof Error) expect(await gone).toBe('transport close');
      else expect(answer.ok).toBe(true);
      raw.close();
      await expectServerHealthy();
      expectPrototypesClean();
    });
  });

  describe('frame size', () => {
    it('a frame above 1 MiB disconnects its socket, stores nothing, and others keep being served', async () => {
      const big = await connect(t.url, alice.token);
      await expectNoTrace(async () => {
        const gone = disconnection(big, 3000);
        // No ack: the frame never reaches a handler.
        (big as unknown as { emit(event: string, payload: unknown): void }).emit('message:send', {
          roomId: room.id,
          clientId: newClientId(),
          type: 'text',
          content: 'x'.repeat(MiB + 1024),
        });
        expect(await gone).toBe('transport close');
      });
      await expectServerHealthy();
    });

    it('a frame just under 1 MiB is read and refused by the schema, without disconnecting', async () => {
      const near = await connect(t.url, alice.token);
      const ack = await request(near, 'message:send', {
        roomId: room.id,
        clientId: newClientId(),
        type: 'text',
        content: 'x'.repeat(MiB - 4096),
      });
      expect(expectAckError(ack, 'bad_request')).toContain('content');
      expect(near.connected).toBe(true);
      near.close();
    });
  });

  describe('HTTP input', () => {
    it('an invalid JSON body → 400 bad_request', async () => {
      const res = await rawHttp(t.url, 'POST', '/api/auth/login', { headers: json, body: '{bad' });
      expectHttpError(res, 400, 'bad_request');
    });

    it('an empty JSON body → 400 bad_request', async () => {
      const res = await rawHttp(t.url, 'POST', '/api/auth/login', { headers: json, body: '' });
      expectHttpError(res, 400, 'bad_request');
    });

    it('a JSON array or string body → 400 bad_request', async () => {
      for (const body of ['[]', '"x"', 'null', '42']) {
        const res = await rawHttp(t.url, 'POST', '/api/auth/login', { headers: json, body });
        expectHttpError(res, 400, 'bad_request');
      }
    });

    it('a body of another content type → 400 bad_request', async () => {
      for (const type of ['text/plain', 'application/xml', 'application/x-www-form-urlencoded']) {
        const res = await rawHttp(t.url, 'POST', '/api/auth/login', {
          headers: { 'content-type': type },
          body: `username=${alice.user.username}&password=${alice.password}`,
        });
        expectHttpError(res, 400, 'bad_request');
      }
    });

    it('a body above 1 MiB → 413 payload_too_large, and the server keeps serving', async () => {
      const res = await rawHttp(t.url, 'POST', '/api/auth/register', {
        headers: json,
        body: JSON.stringify({ username: 'x', password: 'p'.repeat(MiB) }),
      });
      expectHttpError(res, 413, 'payload_too_large');
      await expectServerHealthy();
    });

    it.each([
      {
        name: 'a NUL in a display name',
        method: 'POST',
        path: () => '/api/auth/register',
        body: () => ({
          username: uniqueName('nul'),
          password: 'long enough',
          displayName: 'a\u0000',
        }),
        field: 'displayName',
      },
      {
        name: 'a NUL in a login username',
        method: 'POST',
        path: () => '/api/auth/login',
        body: () => ({ username: 'a\u0000b', password: 'long enough' }),
        field: 'username',
      },
      {
        name: 'a NUL in a user search',
        method: 'GET',
        path: () => '/api/users?query=a%00b',
        field: 'query',
      },
      {
        name: 'a NUL in a room name',
        method: 'POST',
        path: () => '/api/rooms',
        body: () => ({ type: 'group', name: 'a\u0000', participantIds: [] }),
        field: 'name',
      },
      {
        name: 'a NUL in a room id',
        method: 'GET',
        path: () => '/api/rooms/a%00b',
        field: 'id',
      },
    ])('$name → 400 bad_request naming $field, not a 500', async (c) => {
      const res = await http(t.url, c.method, c.path(), { token: alice.token, body: c.body?.() });
      expect(expectHttpError(res, 400, 'bad_request')).toContain(c.field);
    });

    it.each([
      { method: 'GET', path: '/api/no-such-route' },
      { method: 'POST', path: '/api/rooms/x/y/z' },
      { method: 'DELETE', path: '/api/me' },
    ])('an unknown route ($method $path) → 404 not_found in the error shape', async (c) => {
      const res = await rawHttp(t.url, c.method, c.path);
      expectHttpError(res, 404, 'not_found');
    });
  });

  describe('Origin allowlist (default: the server’s own origin)', () => {
    const own = () => new URL(t.url).origin;
    const port = () => Number(new URL(t.url).port);

    it.each([
      { name: 'a foreign origin', origin: () => 'http://evil.example' },
      { name: 'the same host on another port', origin: () => `http://127.0.0.1:${port() + 1}` },
      { name: 'the opaque origin "null"', origin: () => 'null' },
    ])('HTTP from $name → 403 forbidden, even with a valid token', async (c) => {
      const res = await http(t.url, 'GET', '/api/me', {
        token: alice.token,
        headers: { origin: c.origin() },
      });
      expectHttpError(res, 403, 'forbidden');
    });

    it('a cross-site login is refused before it sets a cookie or checks the password', async () => {
      const res = await http(t.url, 'POST', '/api/auth/login', {
        headers: { origin: 'http://evil.example' },
        body: { username: alice.user.username, password: alice.password },
      });
      expectHttpError(res, 403, 'forbidden');
      expect(res.headers.getSetCookie()).toEqual([]);
    });

    it('HTTP from the own origin, or without an Origin, is served', async () => {
      const headerSets: Record<string, string>[] = [{ origin: own() }, {}];
      for (const headers of headerSets) {
        const res = await http<MeResponse>(t.url, 'GET', '/api/me', {
          token: alice.token,
          headers,
        });
        expect(res.status).toBe(200);
        expect(res.body.user.id).toBe(alice.user.id);
      }
    });

    it.each([['websocket'], ['polling']])(
      'the socket handshake (%s) from a foreign origin is refused',
      async (transport) => {
        const result = await tryConnect(t.url, {
          auth: { token: alice.token },
          transports: [transport],
          extraHeaders: { origin: 'http://evil.example' },
        });
        expect(result.socket).toBeUndefined();
        expect(result.error).toBeInstanceOf(Error);
      },
    );

    it.each([['websocket'], ['polling']])(
      'the socket handshake (%s) from the own origin connects',
      async (transport) => {
        const result = await tryConnect(t.url, {
          auth: { token: alice.token },
          transports: [transport],
          extraHeaders: { origin: own() },
        });
        expect(result.error).toBeUndefined();
        expect(result.socket?.connected).toBe(true);
        result.socket?.close();
      },
    );
  });
});

describe('Origin allowlist (ALLOWED_ORIGINS configured)', () => {
  const allowed = 'https://chat.example';
  let t: TestServer;
  let user: TestUser;
  beforeAll(async () => {
    t = await startTestServer({ allowedOrigins: [allowed, 'https://other.example'] });
    user = await registerUser(t.url, 'ao');
  });
  afterAll(() => t.close());

  it('serves HTTP from a listed origin', async () => {
    const res = await http(t.url, 'GET', '/api/me', {
      token: user.token,
      headers: { origin: allowed },
    });
    expect(res.status).toBe(200);
  });

  it.each([
    { name: 'an unlisted origin', origin: () => 'https://evil.example' },
    {
      name: 'the server’s own origin, which the list replaces',
      origin: () => new URL(t.url).origin,
    },
    { name: 'a listed host with another scheme', origin: () => 'http://chat.example' },
  ])('refuses HTTP from $name with 403 forbidden', async (c) => {
    const res = await http(t.url, 'GET', '/api/me', {
      token: user.token,
      headers: { origin: c.origin() },
    });
    expectHttpError(res, 403, 'forbidden');
  });

  it.each([['websocket'], ['polling']])(
    'accepts the socket handshake (%s) from a listed origin and refuses an unlisted one',
    async (transport) => {
      const good = await tryConnect(t.url, {
        auth: { token: user.token },
        transports: [transport],
        extraHeaders: { origin: allowed },
      });
      expect(good.socket?.connected).toBe(true);
      good.socket?.close();
      const bad = await tryConnect(t.url, {
        auth: { token: user.token },
        transports: [transport],
        extraHeaders: { origin: 'https://evil.example' },
      });
      expect(bad.error).toBeInstanceOf(Error);
    },
  );
});

describe('internal errors', () => {
  let t: TestServer;
  let user: TestUser;
  let socket: ClientSocket;
  let roomId: string;
  beforeAll(async () => {
    t = await startTestServer();
    user = await registerUser(t.url, 'ie');
    const other = await registerUser(t.url, 'ie');
    roomId = (await createDirectRoom(t.url, user.token, other.user.id)).id;
    socket = await connect(t.url, user.token);
    // Set up in full first (its handshake re-reads session and rooms after connecting): storage
    // failing during that would disconnect it, which is another test's concern.
    await caughtUp(socket);
    // Storage failing under a running server: the one 500 a client can observe on demand.
    await t.server.database.close();
  });
  afterAll(async () => {
    socket.close();
    // The database is already closed; closing it again is expected to complain.
    await t.close().catch(() => undefined);
  });

  it('an HTTP 500 is { error: { code: "internal", message } } with no stack or driver detail', async () => {
    const res = await rawHttp(t.url, 'GET', '/api/me', {
      headers: { authorization: `Bearer ${user.token}` },
    });
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ error: { code: 'internal', message: 'internal error' } });
  });

  it('a failed event is acked { ok: false, error: { code: "internal" } } with no detail', async () => {
    const ack = await request(socket, 'messages:load', { roomId });
    expect(ack).toEqual({ ok: false, error: { code: 'internal', message: 'internal error' } });
  });

  it('a handshake that cannot reach storage fails with "internal", not "unauthorized"', async () => {
    await expect(connect(t.url, user.token)).rejects.toThrow(/^internal$/);
  });
});
