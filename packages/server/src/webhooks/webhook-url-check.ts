import type { AddressPolicy } from '../net/address-policy.js';
import type { ResolveHost } from '../net/guarded-fetch.js';
import { GuardedFetchError, checkedAddress } from '../net/guarded-fetch.js';
import type { WebhookUrlCheck } from './webhook-service.js';

/**
 * The check of a webhook URL when the admin saves it: https unless the operator allows http,
 * and a host that resolves to addresses the guard lets through, so a mistake (or an attempt to
 * reach the server's own network) is refused there and then rather than failing for a day.
 * Every attempt checks again: DNS may change.
 */
export function webhookUrlCheck(
  policy: AddressPolicy,
  options: { allowHttp: boolean; resolve?: ResolveHost | undefined },
): WebhookUrlCheck {
  return async (text) => {
    const url = new URL(text);
    if (url.protocol === 'http:' && !options.allowHttp) {
      return 'must be https (this server does not send webhooks over plain http)';
    }
    try {
      await checkedAddress(url, { policy, resolve: options.resolve });
      return undefined;
    } catch (error) {
      if (error instanceof GuardedFetchError) return error.message;
      throw error;
    }
  };
}
