import webpush from 'web-push';
import type { VapidKeyPair } from './vapid-keys.js';

/** How long a VAPID token is valid (RFC 8292 allows at most 24 hours). */
const TOKEN_LIFETIME_MS = 12 * 60 * 60_000;
/** A cached token is renewed this long before it expires, so none is sent about to lapse. */
const RENEW_BEFORE_MS = 60 * 60_000;

/**
 * The `Authorization: vapid t=…, k=…` header per push service. The token names only the push
 * service's origin (`aud`), our contact (`sub`) and an expiry, so one token serves every push to
 * that service for hours; signing one per push (what web-push does when handed the keys) cost
 * about half a push's CPU time in the benchmark.
 */
export class VapidAuthorization {
  private readonly byAudience = new Map<string, { header: string; renewAt: number }>();

  constructor(
    private readonly keys: VapidKeyPair,
    private readonly subject: string,
  ) {}

  headerFor(endpoint: string, now = Date.now()): string {
    const audience = new URL(endpoint).origin;
    const cached = this.byAudience.get(audience);
    if (cached && cached.renewAt > now) return cached.header;
    const expiresAt = now + TOKEN_LIFETIME_MS;
    const { Authorization } = webpush.getVapidHeaders(
      audience,
      this.subject,
      this.keys.publicKey,
      this.keys.privateKey,
      'aes128gcm',
      Math.floor(expiresAt / 1000),
    );
    // Push services are few (a handful of origins): the map stays small.
    this.byAudience.set(audience, { header: Authorization, renewAt: expiresAt - RENEW_BEFORE_MS });
    return Authorization;
  }
}
