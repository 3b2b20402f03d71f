/**
 * The visitor's token, kept in the frame's localStorage: on the Natter origin, so host scripts
 * cannot read it, and partitioned by the browser per top-level site, so two sites embedding
 * Natter never share a visitor. Storage may be refused (privacy modes): the widget then forgets
 * the visitor at reload, nothing worse.
 */
const keyOf = (siteKey: string) => `natter:visitor:${siteKey}`;

export function loadVisitorToken(siteKey: string): string | undefined {
  try {
    return localStorage.getItem(keyOf(siteKey)) ?? undefined;
  } catch {
    return undefined;
  }
}

export function saveVisitorToken(siteKey: string, token: string): void {
  try {
    localStorage.setItem(keyOf(siteKey), token);
  } catch {
    // Storage refused: see above.
  }
}

/** The stored token was refused (ended or revoked): the next opening starts a new visitor. */
export function forgetVisitorToken(siteKey: string): void {
  try {
    localStorage.removeItem(keyOf(siteKey));
  } catch {
    // Storage refused: nothing was kept.
  }
}
