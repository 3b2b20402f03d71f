import type { UploadResponse, User } from '@natter/protocol';
import { LIMITS } from '@natter/protocol';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { objectKeys } from '../src/files/object-keys.js';
import { disconnection, expectHttpError, login } from './helpers/authz-helpers.js';
import { caughtUp } from './helpers/barrier.js';
import type { HttpResult, TestUser } from './helpers/clients.js';
import { createDirectRoom, http, nextEvent, recordEvents } from './helpers/clients.js';
import type { FileDriver, FileTestServer } from './helpers/file-helpers.js';
import {
  FILE_DRIVERS,
  pngBytes,
  putBytes,
  startFileTestServer,
  uploadFile,
} from './helpers/file-helpers.js';
import { loadMessage, registerUsers, sendOk, socketPool } from './helpers/message-helpers.js';

const patchMe = (baseUrl: string, token: string, body: unknown) =>
  http<{ user: User }>(baseUrl, 'PATCH', '/api/me', { token, body });

const requestAvatarUpload = (baseUrl: string, token: string, body: unknown) =>
  http<UploadResponse>(baseUrl, 'POST', '/api/me/avatar-upload', { token, body });

const changePassword = (baseUrl: string, token: string, body: unknown) =>
  http(baseUrl, 'POST', '/api/me/password', { token, body });

/** Uploads bytes as an avatar source and answers the upload's id (asserting each step). */
async function uploadAvatar(baseUrl: string, token: string, bytes: Buffer, mimeType = 'image/png') {
  const ticket = await requestAvatarUpload(baseUrl, token, { mimeType, size: bytes.length });
  expect(ticket.status).toBe(201);
  expect((await putBytes(baseUrl, ticket.body, bytes)).ok).toBe(true);
  return ticket.body.attachmentId;
}

/** A JPEG carrying EXIF (a camera make): the stored avatar must not. */
const jpegWithExif = () =>
  sharp({ create: { width: 300, height: 500, channels: 3, background: '#3a7' } })
    .jpeg()
    .withExif({ IFD0: { Make: 'SecretCam', Copyright: 'where I live' } })
    .toBuffer();

const expectUser = (result: HttpResult<{ user: User }>) => {
  expect(result.status).toBe(200);
  return result.body.user;
};

describe.each(FILE_DRIVERS)('profile and avatar on the %s file driver', (driver: FileDriver) => {
  let t: FileTestServer;
  const sockets = socketPool(() => t.url);
  let alice: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    t = await startFileTestServer(driver);
    [alice, bob] = (await registerUsers(t.url, ['alice', 'bob'])) as [TestUser, TestUser];
  });
  afterEach(() => sockets.closeAll());
  afterAll(() => t.close());

  it('PATCH /api/me changes the display name, trimmed, and GET /api/me shows it', async () => {
    const user = expectUser(await patchMe(t.url, alice.token, { displayName: '  Alice Liddell ' }));
    expect(user).toMatchObject({ id: alice.user.id, displayName: 'Alice Liddell' });
    const me = await http<{ user: User }>(t.url, 'GET', '/api/me', { token: alice.token });
    expect(me.body.user.displayName).toBe('Alice Liddell');
  });

  it('PATCH /api/me answers bad_request for an empty, unknown, too long or blank change', async () => {
    const cases: unknown[] = [
      {},
      { username: 'mallory' },
      { displayName: 'x'.repeat(LIMITS.displayNameMax + 1) },
      { displayName: '   ' },
      { displayName: 42 },
      { avatar: 'none' },
      { avatarAttachmentId: crypto.randomUUID(), avatar: null },
      { avatarAttachmentId: crypto.randomUUID() },
    ];
    for (const body of cases) {
      expectHttpError(await patchMe(t.url, alice.token, body), 400, 'bad_request');
    }
    expectHttpError(await patchMe(t.url, '', { displayName: 'x' }), 401, 'unauthorized');
  });

  it('an avatar is cropped to a square WebP without metadata, readable by any signed-in user', async () => {
    const id = await uploadAvatar(t.url, alice.token, await jpegWithExif(), 'image/jpeg');
    const user = expectUser(await patchMe(t.url, alice.token, { avatarAttachmentId: id }));
    expect(user.avatarUrl).toBe(`/api/avatars/${id}`);

    const read = await fetch(t.url + user.avatarUrl, {
      headers: { authorization: `Bearer ${bob.token}` },
    });
    expect(read.status).toBe(200);
    expect(read.headers.get('content-type')).toBe('image/webp');
    expect(read.headers.get('cache-control')).toContain('immutable');
    const meta = await sharp(Buffer.from(await read.arrayBuffer())).metadata();
    expect(meta).toMatchObject({ format: 'webp', width: LIMITS.avatarPx, height: LIMITS.avatarPx });
    expect(meta.exif).toBeUndefined();
    // The source is gone: only the square stays.
    expect(await t.storage.size(objectKeys.original(id))).toBeUndefined();

    expect((await fetch(t.url + user.avatarUrl)).status).toBe(401);
    for (const wrong of ['not-an-avatar', `${id}.avatar`, crypto.randomUUID()]) {
      const missing = await http(t.url, 'GET', `/api/avatars/${wrong}`, { token: bob.token });
      expectHttpError(missing, 404, 'not_found');
    }
  });

  it('a new avatar replaces the old one, and avatar: null removes it', async () => {
    const first = await uploadAvatar(t.url, alice.token, await pngBytes(64, 64));
    expectUser(await patchMe(t.url, alice.token, { avatarAttachmentId: first }));
    const second = await uploadAvatar(t.url, alice.token, await pngBytes(80, 40));
    const replaced = expectUser(await patchMe(t.url, alice.token, { avatarAttachmentId: second }));
    expect(replaced.avatarUrl).toBe(`/api/avatars/${second}`);
    expect(await t.storage.size(objectKeys.avatar(first))).toBeUndefined();
    // An upload becomes an avatar once.
    expectHttpError(
      await patchMe(t.url, alice.token, { avatarAttachmentId: second }),
      400,
      'bad_request',
    );

    const removed = expectUser(await patchMe(t.url, alice.token, { avatar: null }));
    expect(removed.avatarUrl).toBeUndefined();
    expect(await t.storage.size(objectKeys.avatar(second))).toBeUndefined();
  });

  it("another user's avatar upload is forbidden and stays theirs", async () => {
    const bobsUpload = await uploadAvatar(t.url, bob.token, await pngBytes(50, 50));
    expectHttpError(
      await patchMe(t.url, alice.token, { avatarAttachmentId: bobsUpload }),
      403,
      'forbidden',
    );
    const user = expectUser(await patchMe(t.url, bob.token, { avatarAttachmentId: bobsUpload }));
    expect(user.avatarUrl).toBe(`/api/avatars/${bobsUpload}`);
  });

  it('a non-image, an upload of a room, or bytes never sent cannot become an avatar', async () => {
    const text = Buffer.from('not a picture at all, just words '.repeat(10));
    const fake = await uploadAvatar(t.url, alice.token, text, 'image/png');
    const message = expectHttpError(
      await patchMe(t.url, alice.token, { avatarAttachmentId: fake }),
      400,
      'bad_request',
    );
    expect(message).toMatch(/avatarAttachmentId/);

    const roomId = (await createDirectRoom(t.url, alice.token, bob.user.id)).id;
    const roomUpload = await uploadFile(t.url, alice.token, {
      roomId,
      filename: 'a.png',
      mimeType: 'image/png',
      bytes: await pngBytes(40, 40),
    });
    expectHttpError(
      await patchMe(t.url, alice.token, { avatarAttachmentId: roomUpload }),
      400,
      'bad_request',
    );

    const ticket = await requestAvatarUpload(t.url, alice.token, {
      mimeType: 'image/png',
      size: 100,
    });
    expectHttpError(
      await patchMe(t.url, alice.token, { avatarAttachmentId: ticket.body.attachmentId }),
      400,
      'bad_request',
    );
  });

  it('an avatar upload must be a PNG, JPEG, WebP or GIF within the size limit', async () => {
    for (const body of [
      { mimeType: 'image/svg+xml', size: 100 },
      { mimeType: 'image/png', size: LIMITS.avatarSourceMaxBytes + 1 },
      { mimeType: 'image/png', size: 0 },
      { mimeType: 'image/png', size: 100, roomId: 'r' },
    ]) {
      expectHttpError(await requestAvatarUpload(t.url, alice.token, body), 400, 'bad_request');
    }
  });
});

describe('user:updated and password changes', () => {
  let t: FileTestServer;
  const sockets = socketPool(() => t.url);

  beforeAll(async () => {
    t = await startFileTestServer('local');
  });
  afterEach(() => sockets.closeAll());
  afterAll(() => t.close());

  it('a profile change reaches room-mates and the user\u2019s own devices, not strangers', async () => {
    const [alice, bob, carol] = (await registerUsers(t.url, ['alice', 'bob', 'carol'])) as [
      TestUser,
      TestUser,
      TestUser,
    ];
    const roomId = (await createDirectRoom(t.url, alice.token, bob.user.id)).id;
    const aliceSocket = await sockets.connect(alice);
    const message = await sendOk(aliceSocket, roomId, 'hi');
    const bobSocket = await sockets.connect(bob);
    const carolSocket = await sockets.connect(carol);
    const carolSaw = recordEvents(carolSocket, 'user:updated');

    const bobGets = nextEvent(bobSocket, 'user:updated', (e) => e.user.id === alice.user.id);
    const ownGets = nextEvent(aliceSocket, 'user:updated', (e) => e.user.id === alice.user.id);
    expectUser(await patchMe(t.url, alice.token, { displayName: 'Alice Renamed' }));
    expect((await bobGets).user).toMatchObject({ displayName: 'Alice Renamed' });
    expect((await ownGets).user.displayName).toBe('Alice Renamed');

    // Carol's own change is published after Alice's: had Alice's reached her, it came first.
    const carolOwn = nextEvent(carolSocket, 'user:updated', (e) => e.user.id === carol.user.id);
    expectUser(await patchMe(t.url, carol.token, { displayName: 'Carol C' }));
    await carolOwn;
    expect(carolSaw.seen.map((e) => e.user.id)).toEqual([carol.user.id]);

    // History presents the sender as they are now.
    const loaded = await loadMessage(bobSocket, roomId, message.id);
    expect(loaded?.sender.displayName).toBe('Alice Renamed');
  });

  it('a wrong current password is forbidden and changes nothing', async () => {
    const [dave] = (await registerUsers(t.url, ['dave'])) as [TestUser];
    const other = await login(t.url, dave);
    const message = expectHttpError(
      await changePassword(t.url, dave.token, {
        currentPassword: 'not my password',
        newPassword: 'a brand new password',
      }),
      403,
      'forbidden',
    );
    expect(message).toMatch(/currentPassword/);
    expect((await http(t.url, 'GET', '/api/me', { token: other })).status).toBe(200);
    await login(t.url, dave);
  });

  it('a new password ends every other session and its sockets; the current one stays', async () => {
    const [erin] = (await registerUsers(t.url, ['erin'])) as [TestUser];
    const otherToken = await login(t.url, erin);
    const otherSocket = await sockets.connect({ ...erin, token: otherToken });
    const currentSocket = await sockets.connect(erin);
    const dropped = disconnection(otherSocket);

    const changed = await changePassword(t.url, erin.token, {
      currentPassword: erin.password,
      newPassword: 'a brand new password',
    });
    expect(changed.status).toBe(204);
    expect(await dropped).toBe('io server disconnect');
    expectHttpError(
      await http(t.url, 'GET', '/api/me', { token: otherToken }),
      401,
      'unauthorized',
    );
    expect((await http(t.url, 'GET', '/api/me', { token: erin.token })).status).toBe(200);
    await caughtUp(currentSocket);
    expect(currentSocket.connected).toBe(true);

    await expect(login(t.url, erin)).rejects.toThrow(/401/);
    await login(t.url, { ...erin, password: 'a brand new password' });
  });

  it('a new password must be a valid password', async () => {
    const [fred] = (await registerUsers(t.url, ['fred'])) as [TestUser];
    for (const body of [
      { currentPassword: fred.password, newPassword: 'short' },
      { currentPassword: fred.password },
      { currentPassword: '', newPassword: 'long enough password' },
    ]) {
      expectHttpError(await changePassword(t.url, fred.token, body), 400, 'bad_request');
    }
  });
});
