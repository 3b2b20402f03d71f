import { createHmac, randomBytes } from 'node:crypto';

/** A new signing secret: 32 random bytes, prefixed so a leaked one is recognisable as Natter's. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/**
 * The `Natter-Signature` header of one attempt: `t=<unix seconds>,v1=<hex HMAC-SHA256 of
 * "<t>.<body>">`, Stripe's scheme. The time is the attempt's, not the event's, so a receiver's
 * replay window holds for retries a day later; the signed body is the exact bytes sent.
 */
export function signatureHeader(secret: string, body: string, now: Date): string {
  const t = Math.floor(now.getTime() / 1000);
  const v1 = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  return `t=${t},v1=${v1}`;
}
