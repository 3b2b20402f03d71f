import { fastifyCookie } from '@fastify/cookie';

/** How the session cookie is named and flagged on this server. */
export interface SessionCookie {
  name: string;
  /** `Secure`: sent over https only. */
  secure: boolean;
  /** The cookie lives as long as a session can (its absolute lifetime), no longer. */
  maxAgeSec: number;
}

/**
 * Over https the cookie is `Secure` and named `__Host-natter_session`: browsers then insist on
 * Secure, `Path=/` and no `Domain`, so a sibling subdomain (or a plain-http page of the same host)
 * cannot plant or overwrite it. Plain http (a laptop, `localhost`) cannot carry either.
 */
export function sessionCookieFor(
  publicUrl: string | undefined,
  maxSessionMs: number,
): SessionCookie {
  const secure = publicUrl?.startsWith('https:') ?? false;
  return {
    name: secure ? '__Host-natter_session' : 'natter_session',
    secure,
    maxAgeSec: Math.floor(maxSessionMs / 1000),
  };
}

/**
 * The session token a request carries: `Authorization: Bearer <token>` (SDKs), else the session
 * cookie of the name in use (browsers). Never a URL parameter: URLs end up in logs and referrers.
 */
export function tokenFromHeaders(
  headers: { authorization?: string | undefined; cookie?: string | undefined },
  cookieName: string,
): string | undefined {
  const bearer = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '');
  if (bearer?.[1]) return bearer[1];
  if (!headers.cookie) return undefined;
  return fastifyCookie.parse(headers.cookie)[cookieName] || undefined;
}
