import { describe, expect, it } from 'vitest';
import { configFromEnv, resolveWebhookConfig } from './config.js';

describe('webhook configuration', () => {
  it('is https-only, reaching public addresses only, with a day of retries by default', () => {
    expect(resolveWebhookConfig(configFromEnv({}).webhooks)).toEqual({
      allowHttp: false,
      allowAddresses: [],
      timeoutMs: 10_000,
      pollIntervalMs: 5_000,
      retryBaseMs: 30_000,
      retryMaxMs: 3_600_000,
      giveUpAfterMs: 86_400_000,
      cacheTtlMs: 10_000,
      concurrency: 16,
      logRetentionMs: 30 * 86_400_000,
    });
  });

  it('reads WEBHOOK_ALLOW_HTTP and WEBHOOK_ALLOW_ADDRESSES', () => {
    const { webhooks } = configFromEnv({
      WEBHOOK_ALLOW_HTTP: 'true',
      WEBHOOK_ALLOW_ADDRESSES: '10.1.0.0/16, fd00::/8',
    });
    expect(webhooks).toMatchObject({
      allowHttp: true,
      allowAddresses: ['10.1.0.0/16', 'fd00::/8'],
    });
  });

  it('refuses a bad value, naming the variable', () => {
    expect(() => configFromEnv({ WEBHOOK_ALLOW_HTTP: 'yes' })).toThrow(/WEBHOOK_ALLOW_HTTP/);
    expect(() => configFromEnv({ WEBHOOK_ALLOW_ADDRESSES: '10.1.0.0/16, intranet' })).toThrow(
      /WEBHOOK_ALLOW_ADDRESSES: not a CIDR .*intranet/,
    );
  });
});
