/**
 * Browser origins allowed to call the API and open sockets. Requests without an `Origin`
 * (servers, SDKs, curl) are not cross-site requests and pass; a browser's must be the server's
 * own origin, or one of `ALLOWED_ORIGINS` when that is set.
 */
export function isOriginAllowed(
  origin: string | undefined,
  requestHost: string | undefined,
  allowedOrigins: readonly string[] | undefined,
): boolean {
  if (origin === undefined) return true;
  if (allowedOrigins) return allowedOrigins.includes(origin);
  if (!requestHost) return false;
  try {
    return new URL(origin).host === requestHost;
  } catch {
    return false;
  }
}
