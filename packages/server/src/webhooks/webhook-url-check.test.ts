import { describe, expect, it } from 'vitest';
import { createAddressPolicy } from '../net/address-policy.js';
import type { ResolveHost } from '../net/guarded-fetch.js';
import { webhookUrlCheck } from './webhook-url-check.js';

/** A fake DNS: each name's addresses; any other name does not resolve. */
const dns =
  (names: Record<string, string[]>): ResolveHost =>
  async (hostname) => {
    const addresses = names[hostname];
    if (!addresses) throw new Error(`getaddrinfo ENOTFOUND ${hostname}`);
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

const resolve = dns({
  'hooks.example.com': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'],
  'intranet.example.com': ['10.1.2.3'],
  'mixed.example.com': ['93.184.215.14', '127.0.0.1'],
});
const policy = createAddressPolicy({ allowAddresses: ['127.0.0.2/32'], ports: 'any' });
const httpsOnly = webhookUrlCheck(policy, { allowHttp: false, resolve });
const httpToo = webhookUrlCheck(policy, { allowHttp: true, resolve });

describe('webhookUrlCheck', () => {
  it('lets an https URL of a public host through, on any port', async () => {
    expect(await httpsOnly('https://hooks.example.com/natter')).toBeUndefined();
    expect(await httpsOnly('https://hooks.example.com:8443/natter')).toBeUndefined();
  });

  it('refuses plain http unless the operator allows it', async () => {
    expect(await httpsOnly('http://hooks.example.com/natter')).toMatch(/^must be https/);
    expect(await httpToo('http://hooks.example.com/natter')).toBeUndefined();
  });

  it('refuses a name that resolves to a private address, or to a private one among others', async () => {
    expect(await httpsOnly('https://intranet.example.com/')).toBe(
      'refused: intranet.example.com is 10.1.2.3 (private)',
    );
    expect(await httpsOnly('https://mixed.example.com/')).toBe(
      'refused: mixed.example.com is 127.0.0.1 (loopback)',
    );
  });

  it('refuses a name that does not resolve', async () => {
    expect(await httpsOnly('https://nowhere.example.com/')).toMatch(
      /^nowhere\.example\.com did not resolve/,
    );
  });

  it('lets the addresses the operator allows through', async () => {
    expect(await httpToo('http://127.0.0.2:8080/hook')).toBeUndefined();
    expect(await httpToo('http://127.0.0.3:8080/hook')).toMatch(/loopback/);
  });
});
