import { describe, expect, it } from 'vitest';
import { createHttpClient } from './http-client.js';

/** A fetch that records what it was asked and answers 204. */
function recordingFetch() {
  const calls: RequestInit[] = [];
  const fetch = (_input: string, init: RequestInit) => {
    calls.push(init);
    return Promise.resolve(new Response(null, { status: 204 }));
  };
  return { calls, fetch };
}

describe('the SDK HTTP client', () => {
  it('in cookie mode (no token) sends the session cookie and no Authorization header', async () => {
    const { calls, fetch } = recordingFetch();
    const http = createHttpClient({
      baseUrl: 'http://x',
      getToken: () => undefined,
      fetch,
      timeoutMs: 1000,
    });
    await http.request('POST', '/api/auth/logout');
    expect(calls[0]?.credentials).toBe('include');
    expect(calls[0]?.headers).not.toHaveProperty('authorization');
  });

  it('with a token sends it as a Bearer and leaves cookies out', async () => {
    const { calls, fetch } = recordingFetch();
    const http = createHttpClient({
      baseUrl: 'http://x',
      getToken: () => 'tok',
      fetch,
      timeoutMs: 1000,
    });
    await http.request('POST', '/api/auth/logout');
    expect(calls[0]?.credentials).toBe('omit');
    expect(calls[0]?.headers).toMatchObject({ authorization: 'Bearer tok' });
  });
});
