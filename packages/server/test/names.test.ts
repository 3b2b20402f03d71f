import type { AuthResponse, Room } from '@natter/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { http, registerUser, uniqueName } from './helpers/clients.js';
import type { TestUser } from './helpers/clients.js';
import { expectHttpError } from './helpers/authz-helpers.js';
import type { TestServer } from './helpers/test-server.js';
import { startTestServer } from './helpers/test-server.js';

describe('names with invisible characters', () => {
  let t: TestServer;
  let alice: TestUser;
  beforeAll(async () => {
    t = await startTestServer();
    alice = await registerUser(t.url, 'names');
  });
  afterAll(() => t.close());

  it('a display name is stored and shown without its bidi override and zero-width characters', async () => {
    const res = await http<AuthResponse>(t.url, 'POST', '/api/auth/register', {
      body: {
        username: uniqueName('bidi'),
        password: 'correct horse battery',
        displayName: 'ad\u202enimda\u200b',
      },
    });
    expect(res.status).toBe(201);
    expect(res.body.user.displayName).toBe('adnimda');
    const me = await http<{ user: { displayName: string } }>(t.url, 'GET', '/api/me', {
      token: res.body.token,
    });
    expect(me.body.user.displayName).toBe('adnimda');
  });

  it('a room name is stored without its control and format characters', async () => {
    const res = await http<{ room: Room }>(t.url, 'POST', '/api/rooms', {
      token: alice.token,
      body: { type: 'group', name: 'Te\u2066am\u0007\ufeff', participantIds: [] },
    });
    expect(res.status).toBe(201);
    expect(res.body.room.name).toBe('Team');
  });

  it('a name of nothing but invisible characters → 400 bad_request naming it', async () => {
    const room = await http(t.url, 'POST', '/api/rooms', {
      token: alice.token,
      body: { type: 'group', name: '\u200b\u200d', participantIds: [] },
    });
    expect(expectHttpError(room, 400, 'bad_request')).toContain('name');
    const user = await http(t.url, 'POST', '/api/auth/register', {
      body: {
        username: uniqueName('zw'),
        password: 'correct horse battery',
        displayName: '\u202e',
      },
    });
    expect(expectHttpError(user, 400, 'bad_request')).toContain('displayName');
  });
});
