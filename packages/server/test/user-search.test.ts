import type { AuthResponse, UsersResponse } from '@natter/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { http, registerUser, uniqueName } from './helpers/clients.js';
import type { TestUser } from './helpers/clients.js';
import type { TestServer } from './helpers/test-server.js';
import { startTestServer } from './helpers/test-server.js';

/**
 * How a query matches, as the trigram indexes serve it: three characters or more match anywhere
 * in a username or display name; one or two (no trigram of their own) match at the start.
 */
describe('GET /api/users?query=: what a short query matches', () => {
  let t: TestServer;
  let me: TestUser;
  const names = { starts: '', inside: '' };
  beforeAll(async () => {
    t = await startTestServer();
    me = await registerUser(t.url, 'searcher');
    // '.' starts no other test's usernames: these two are the only ones that can match '.q'.
    names.starts = uniqueName('.q');
    names.inside = uniqueName('a.q');
    for (const username of [names.starts, names.inside]) {
      const res = await http<AuthResponse>(t.url, 'POST', '/api/auth/register', {
        body: { username, password: 'correct horse battery' },
      });
      expect(res.status).toBe(201);
    }
  });
  afterAll(() => t.close());

  const search = async (query: string) =>
    (
      await http<UsersResponse>(t.url, 'GET', `/api/users?query=${encodeURIComponent(query)}`, {
        token: me.token,
      })
    ).body.users.map((u) => u.username);

  it('a one- or two-character query matches names that start with it', async () => {
    const found = await search('.q');
    expect(found).toContain(names.starts);
    expect(found).not.toContain(names.inside);
  });

  it('a query of three characters or more matches inside names too', async () => {
    const inner = names.inside.slice(1, 6);
    expect(await search(inner)).toEqual(expect.arrayContaining([names.inside]));
  });
});
