import type { HttpError, User } from '@natter/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RATE_BUDGETS } from '../src/rate-limit/rate-budgets.js';
import { addMember, expectHttpError, roomAs, roomsAs } from './helpers/authz-helpers.js';
import type { HttpResult, TestUser } from './helpers/clients.js';
import { createGroupRoom, http, registerUser } from './helpers/clients.js';
import { requestUpload } from './helpers/file-helpers.js';
import type { TestServer } from './helpers/test-server.js';
import { startTestServer } from './helpers/test-server.js';

/** Asserts a 429 `rate_limited` naming what was counted, with a positive `retryAfterMs`. */
function expectRateLimited(result: HttpResult, what: string) {
  expect(expectHttpError(result, 429, 'rate_limited')).toContain(what);
  expect((result.body as HttpError).error.retryAfterMs).toBeGreaterThan(0);
}

describe('budgets of rooms, people and uploads (rate limits on)', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ rateLimits: true });
  });
  afterAll(() => t.close());

  const postGroup = (user: TestUser, participantIds: string[]) =>
    http(t.url, 'POST', '/api/rooms', {
      token: user.token,
      body: { type: 'group', name: 'g', participantIds },
    });

  it('room creations are budgeted per user: past roomCreatesPerUser, 429 and nothing created', async () => {
    const user = await registerUser(t.url, 'creates');
    const budget = RATE_BUDGETS.roomCreatesPerUser.points;
    for (let i = 0; i < budget; i++) expect((await postGroup(user, [])).status).toBe(201);
    expectRateLimited(await postGroup(user, []), 'rooms created');
    const other = await registerUser(t.url, 'creates-b');
    const direct = await http(t.url, 'POST', '/api/rooms', {
      token: user.token,
      body: { type: 'direct', participantIds: [other.user.id] },
    });
    expectRateLimited(direct, 'rooms created');
    expect(await roomsAs(t.url, user.token)).toHaveLength(budget);
  });

  it('password changes are budgeted tightly: past passwordChangesPerUser, even the right password is 429', async () => {
    const user = await registerUser(t.url, 'passwords');
    const attempt = (currentPassword: string) =>
      http(t.url, 'POST', '/api/me/password', {
        token: user.token,
        body: { currentPassword, newPassword: 'another long password' },
      });
    for (let i = 0; i < RATE_BUDGETS.passwordChangesPerUser.points; i++) {
      expectHttpError(await attempt(`guess ${i}`), 403, 'forbidden');
    }
    expectRateLimited(await attempt(user.password), 'password changes');
  });

  it('participants named in creations and adds share one budget, a point each', async () => {
    const [owner, a, b] = (await Promise.all(
      ['parts', 'parts-a', 'parts-b'].map((p) => registerUser(t.url, p)),
    )) as [TestUser, TestUser, TestUser];
    const budget = RATE_BUDGETS.roomParticipantsPerUser.points;
    // Unknown participants are refused, but were counted: probing costs as much as adding.
    const unknown = Array.from({ length: budget - 1 }, () => crypto.randomUUID());
    expectHttpError(await postGroup(owner, unknown), 400, 'bad_request');
    const room = await createGroupRoom(t.url, owner.token, [a.user.id]);
    const refused = await http(t.url, 'POST', `/api/rooms/${room.id}/members`, {
      token: owner.token,
      body: { userId: b.user.id },
    });
    expectRateLimited(refused, 'participants');
    expect((await roomsAs(t.url, b.token)).map((r) => r.id)).not.toContain(room.id);
  });

  it('a creation naming more participants than the budget is refused whole', async () => {
    const many = Array.from({ length: RATE_BUDGETS.roomParticipantsPerUser.points + 1 }, () =>
      crypto.randomUUID(),
    );
    const user = await registerUser(t.url, 'bulk');
    expectRateLimited(await postGroup(user, many), 'participants');
    expect(await roomsAs(t.url, user.token)).toEqual([]);
  });

  it('a group has at most GROUP_MEMBERS_MAX members: 400 on create, 409 conflict on add', async () => {
    const capped = await startTestServer({ groupMembersMax: 3 });
    try {
      const [owner, a, b, c] = (await Promise.all(
        ['cap', 'cap-a', 'cap-b', 'cap-c'].map((p) => registerUser(capped.url, p)),
      )) as [TestUser, TestUser, TestUser, TestUser];
      const tooMany = await http(capped.url, 'POST', '/api/rooms', {
        token: owner.token,
        body: { type: 'group', name: 'g', participantIds: [a.user.id, b.user.id, c.user.id] },
      });
      expect(expectHttpError(tooMany, 400, 'bad_request')).toContain('participantIds');
      const room = await createGroupRoom(capped.url, owner.token, [a.user.id]);
      await addMember(capped.url, owner.token, room.id, b.user.id);
      const full = await http(capped.url, 'POST', `/api/rooms/${room.id}/members`, {
        token: owner.token,
        body: { userId: c.user.id },
      });
      expect(expectHttpError(full, 409, 'conflict')).toContain('at most 3 members');
      expect(await roomsAs(capped.url, c.token)).toEqual([]);
    } finally {
      await capped.close();
    }
  });

  it('group renames are budgeted (roomLooksPerUser); a refused one writes no line', async () => {
    const owner = await registerUser(t.url, 'renames');
    const room = await createGroupRoom(t.url, owner.token, []);
    const rename = (i: number) =>
      http(t.url, 'PATCH', `/api/rooms/${room.id}`, {
        token: owner.token,
        body: { name: `Name ${i}` },
      });
    for (let i = 0; i < RATE_BUDGETS.roomLooksPerUser.points; i++) {
      expect((await rename(i)).status).toBe(200);
    }
    expectRateLimited(await rename(-1), 'group name and colour changes');
    const seen = await roomAs(t.url, owner.token, room.id);
    expect({ name: seen.name, lastSeq: seen.lastSeq }).toEqual({
      name: `Name ${RATE_BUDGETS.roomLooksPerUser.points - 1}`,
      lastSeq: RATE_BUDGETS.roomLooksPerUser.points,
    });
  });

  it('user searches are budgeted (userSearchesPerUser); fetching profiles by id is not', async () => {
    const user = await registerUser(t.url, 'search');
    const search = () =>
      http<{ users: User[] }>(t.url, 'GET', '/api/users?query=search', { token: user.token });
    for (let i = 0; i < RATE_BUDGETS.userSearchesPerUser.points; i++) {
      expect((await search()).status).toBe(200);
    }
    expectRateLimited(await search(), 'user searches');
    const byId = await http<{ users: User[] }>(t.url, 'GET', `/api/users?ids=${user.user.id}`, {
      token: user.token,
    });
    expect(byId.body.users).toEqual([user.user]);
  });

  it('upload URLs are budgeted per user (uploadsPerUser)', async () => {
    const user = await registerUser(t.url, 'uploads');
    const room = await createGroupRoom(t.url, user.token, []);
    const ask = () =>
      requestUpload(t.url, user.token, {
        roomId: room.id,
        filename: 'a.txt',
        mimeType: 'text/plain',
        size: 1,
      });
    for (let i = 0; i < RATE_BUDGETS.uploadsPerUser.points; i++)
      expect((await ask()).status).toBe(201);
    expectRateLimited(await ask(), 'uploads');
  });
});
