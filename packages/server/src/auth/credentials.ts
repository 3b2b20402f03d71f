import { fastifyCookie } from '@fastify/cookie';

/** The httpOnly cookie the web app is given at login. */
export const SESSION_COOKIE = 'natter_session';

/**
 * The session token a request carries: `Authorization: Bearer <token>` (SDKs), else the session
 * cookie (browsers). Never a URL parameter: URLs end up in logs and referrers.
 */
export function tokenFromHeaders(headers: {
  authorization?: string | undefined;
  cookie?: string | undefined;
}): string | undefined {
  const bearer = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '');
  if (bearer?.[1]) return bearer[1];
  if (!headers.cookie) return undefined;
  return fastifyCookie.parse(headers.cookie)[SESSION_COOKIE] || undefined;
}
