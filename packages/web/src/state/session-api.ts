import type { User } from '@natter/protocol';
import { authResponseSchema, meResponseSchema } from '@natter/protocol';

/**
 * Sign-in calls. The server answers them with an httpOnly `natter_session` cookie that the
 * browser then sends with every same-origin request and the socket handshake; the token in the
 * JSON body is dropped on purpose, so no script ever holds it (see docs/web-app.md).
 */
export class AuthError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly status: number,
  ) {
    super(message);
  }
}

async function call(method: string, path: string, body?: unknown): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new AuthError('Cannot reach the server. Check your connection.', 'network', 0);
  }
  if (response.status === 204) return undefined;
  const json: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = (json as { error?: { code?: string; message?: string } } | undefined)?.error;
    throw new AuthError(
      error?.message ?? `Request failed (${response.status})`,
      error?.code ?? 'unknown',
      response.status,
    );
  }
  return json;
}

/** The signed-in user, or undefined when the session cookie is missing or revoked. */
export async function fetchMe(): Promise<User | undefined> {
  try {
    return meResponseSchema.parse(await call('GET', '/api/me')).user;
  } catch (error) {
    if (error instanceof AuthError && error.status === 401) return undefined;
    throw error;
  }
}

export async function signIn(username: string, password: string): Promise<User> {
  return authResponseSchema.parse(await call('POST', '/api/auth/login', { username, password }))
    .user;
}

export async function signUp(
  username: string,
  password: string,
  displayName: string,
): Promise<User> {
  const body = displayName.trim()
    ? { username, password, displayName: displayName.trim() }
    : { username, password };
  return authResponseSchema.parse(await call('POST', '/api/auth/register', body)).user;
}

export async function signOut(): Promise<void> {
  await call('POST', '/api/auth/logout');
}
