import { NatterError, createRestClient, login, register } from '@natter/client';
import type { RestApi } from '@natter/client';
import type { User } from '@natter/protocol';

/**
 * The web app's HTTP, all through the SDK in cookie mode. The server answers sign-in with an
 * httpOnly `natter_session` cookie that the browser then sends with every request and the socket
 * handshake; the token in the JSON body is dropped on purpose, so no script ever holds it (see
 * docs/web-app.md).
 */
const origin = () => window.location.origin;

let api: RestApi | undefined;
/** The REST API authenticated by the session cookie (made on first use: tests have no window). */
export const webApi = (): RestApi => (api ??= createRestClient({ baseUrl: origin() }));

/** The signed-in user, or undefined when the session cookie is missing or revoked. */
export async function fetchMe(): Promise<User | undefined> {
  try {
    return await webApi().me();
  } catch (error) {
    if (error instanceof NatterError && error.code === 'unauthorized') return undefined;
    throw error;
  }
}

export async function signIn(username: string, password: string): Promise<User> {
  return (await login({ baseUrl: origin(), username, password })).user;
}

export async function signUp(
  username: string,
  password: string,
  displayName: string,
): Promise<User> {
  const trimmed = displayName.trim();
  const account = { baseUrl: origin(), username, password };
  return (await register(trimmed ? { ...account, displayName: trimmed } : account)).user;
}
