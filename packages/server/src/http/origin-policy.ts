import type { IncomingHttpHeaders } from 'node:http';

/** What the door checks: where the server is reached, and from which pages it may be called. */
export interface OriginPolicyConfig {
  /** Set: the only Host served, and the own origin. */
  publicUrl?: string | undefined;
  allowedOrigins?: readonly string[] | undefined;
  /** Believe `X-Forwarded-Proto` for the own origin (behind a TLS-terminating proxy). */
  trustProxy?: boolean | number | undefined;
}

/**
 * Why a request (HTTP or socket handshake) is refused at the door, or undefined if it may pass.
 * With `publicUrl` set, a request for another Host is refused: a DNS-rebinding page (an attacker's
 * name pointed at this server) sends its own name as Host. Then the Origin check.
 */
export function refusalAtTheDoor(
  headers: IncomingHttpHeaders,
  config: OriginPolicyConfig,
  origins: 'checked' | 'left to the route' = 'checked',
): 'unknown host' | 'origin not allowed' | undefined {
  const host = headers.host?.toLowerCase();
  if (config.publicUrl && host !== new URL(config.publicUrl).host) return 'unknown host';
  // The widget's session route lets the site's own origins in, which only it knows.
  if (origins === 'left to the route') return undefined;
  if (!isOriginAllowed(headers.origin, ownOrigin(headers, config), config.allowedOrigins)) {
    return 'origin not allowed';
  }
  return undefined;
}

/** The server's own origin: PUBLIC_URL's, else the scheme and Host this request came with. */
export function ownOrigin(
  headers: IncomingHttpHeaders,
  config: OriginPolicyConfig,
): string | undefined {
  if (config.publicUrl) return new URL(config.publicUrl).origin;
  const host = headers.host?.toLowerCase();
  return host ? `${forwardedProto(headers, config) ?? 'http'}://${host}` : undefined;
}

/** The scheme the nearest proxy says the browser used, when proxies are trusted. */
function forwardedProto(headers: IncomingHttpHeaders, config: OriginPolicyConfig) {
  const value = headers['x-forwarded-proto'];
  if (!config.trustProxy || typeof value !== 'string') return undefined;
  return value.split(',').at(-1)?.trim().toLowerCase();
}

/**
 * Browser origins allowed to call the API and open sockets. Requests without an `Origin`
 * (servers, SDKs, curl) are not cross-site requests and pass; a browser's must be the server's
 * own origin (scheme, host and port), or one of `ALLOWED_ORIGINS` when that is set.
 */
export function isOriginAllowed(
  origin: string | undefined,
  ownOrigin: string | undefined,
  allowedOrigins: readonly string[] | undefined,
): boolean {
  if (origin === undefined) return true;
  if (allowedOrigins) return allowedOrigins.includes(origin);
  if (!ownOrigin) return false;
  try {
    return new URL(origin).origin === new URL(ownOrigin).origin;
  } catch {
    return false;
  }
}
