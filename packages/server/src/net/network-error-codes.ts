/**
 * Node's socket error codes for a connection that could not be made or was cut: the peer (a
 * database, a file store) is unreachable now, not refusing what was asked of it.
 */
export const NETWORK_ERROR_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);
