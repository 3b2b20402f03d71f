import { describe, expect, it } from 'vitest';
import { configFromEnv, resolveLinkPreviewConfig } from './config.js';

describe('configFromEnv: link previews', () => {
  it('defaults: on, nothing private allowed, 5 s and 1 MB a page, a day of cache', () => {
    const config = resolveLinkPreviewConfig(configFromEnv({}).linkPreviews);
    expect(config).toMatchObject({
      enabled: true,
      allowAddresses: [],
      timeoutMs: 5_000,
      pageBytesMax: 1024 * 1024,
      imageBytesMax: 5 * 1024 * 1024,
      cacheTtlMs: 24 * 3_600_000,
      concurrency: 4,
    });
    expect(config.resolve).toBeUndefined();
  });

  it('reads LINK_PREVIEWS=off and the allowed CIDRs', () => {
    const config = configFromEnv({
      LINK_PREVIEWS: 'off',
      LINK_PREVIEW_ALLOW_ADDRESSES: '10.1.0.0/16, 127.0.0.2/32',
    });
    expect(config.linkPreviews).toEqual({
      enabled: false,
      allowAddresses: ['10.1.0.0/16', '127.0.0.2/32'],
    });
  });

  it.each([
    ['LINK_PREVIEWS', 'no'],
    ['LINK_PREVIEW_ALLOW_ADDRESSES', '127.0.0.2'],
    ['LINK_PREVIEW_ALLOW_ADDRESSES', 'intranet.example/24'],
  ])('refuses %s=%s, naming it', (name, value) => {
    expect(() => configFromEnv({ [name]: value })).toThrow(name);
  });
});
