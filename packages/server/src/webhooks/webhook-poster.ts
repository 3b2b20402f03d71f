import type { AddressPolicy } from '../net/address-policy.js';
import type { ResolveHost } from '../net/guarded-fetch.js';
import { GuardedFetchError, guardedFetch } from '../net/guarded-fetch.js';
import type { WebhookPoster } from './webhook-sender.js';

/**
 * Deliveries go out through the outgoing-request guard (net/guarded-fetch.ts), as link previews
 * do: the URL's host is resolved and checked at every attempt (DNS may have changed since the
 * admin saved it) and the connection goes to the address checked. Redirects are not followed
 * (a 3xx is a failed attempt), and the receiver's body is never read.
 */
export function guardedPoster(policy: AddressPolicy, resolve?: ResolveHost): WebhookPoster {
  return {
    async post(url, request) {
      try {
        const response = await guardedFetch(url, {
          policy,
          resolve,
          method: 'POST',
          headers: request.headers,
          body: request.body,
          timeoutMs: request.timeoutMs,
          maxBodyBytes: 0,
          maxRedirects: 0,
          signal: request.signal,
        });
        response.discard();
        return { status: response.status };
      } catch (error) {
        if (error instanceof GuardedFetchError)
          return { error: `${error.failure}: ${error.message}` };
        throw error;
      }
    },
  };
}
