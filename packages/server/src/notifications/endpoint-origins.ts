/**
 * Whether a push endpoint points to one of the allowed origins (PUSH_ENDPOINT_ORIGINS). The server
 * POSTs to whatever a subscription names, so an open list would let any user make it request any
 * address (SSRF): only https, and only the listed push services. An entry `https://*.example.com`
 * allows any subdomain of example.com (not example.com itself); any other entry is an exact
 * scheme, host and port.
 */
export function endpointAllowed(endpoint: string, allowedOrigins: readonly string[]): boolean {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' || url.username || url.password) return false;
  return allowedOrigins.some((allowed) => originMatches(url, allowed));
}

function originMatches(url: URL, allowed: string): boolean {
  const wildcard = /^https:\/\/\*\.(.+)$/.exec(allowed);
  if (!wildcard?.[1]) return url.origin === new URL(allowed).origin;
  const pattern = new URL(`https://${wildcard[1]}`);
  return url.port === pattern.port && url.hostname.endsWith(`.${pattern.hostname}`);
}
