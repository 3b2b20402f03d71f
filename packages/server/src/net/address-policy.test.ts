import { describe, expect, it } from 'vitest';
import { createAddressPolicy, parseAddressList } from './address-policy.js';

const policy = createAddressPolicy();

describe('addressRefusal', () => {
  it('lets public unicast addresses through, IPv4 and IPv6', () => {
    for (const address of [
      '93.184.215.14',
      '8.8.8.8',
      '1.1.1.1',
      '2606:4700::1111',
      '2a00:1450::1',
    ]) {
      expect(policy.addressRefusal(address), address).toBeUndefined();
    }
  });

  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'linkLocal'], // AWS, GCP, Azure metadata
    ['169.254.0.1', 'linkLocal'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['100.100.100.200', 'carrierGradeNat'], // Alibaba Cloud metadata
    ['192.0.0.192', 'reserved'], // Oracle Cloud metadata
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['240.0.0.1', 'reserved'],
    ['198.18.0.1', 'reserved'], // benchmarking
    ['192.0.2.1', 'reserved'], // documentation
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'linkLocal'],
    ['fc00::1', 'uniqueLocal'],
    ['fd00:ec2::254', 'uniqueLocal'], // AWS metadata over IPv6
    ['ff02::1', 'multicast'],
    ['fec0::1', 'deprecatedSiteLocal'],
    ['2001:db8::1', 'reserved'],
  ])('refuses %s (%s)', (address, range) => {
    expect(policy.addressRefusal(address)).toBe(range);
  });

  it('judges IPv4-mapped and NAT64 addresses by the IPv4 address they lead to', () => {
    for (const address of [
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '::ffff:10.0.0.1',
      '::ffff:169.254.169.254',
      '64:ff9b::7f00:1',
      '64:ff9b::10.0.0.1',
      '64:ff9b::a9fe:a9fe',
    ]) {
      expect(policy.addressRefusal(address), address).toBeDefined();
    }
    expect(policy.addressRefusal('::ffff:8.8.8.8')).toBeUndefined();
    expect(policy.addressRefusal('64:ff9b::808:808')).toBeUndefined();
  });

  it('refuses the other IPv6 transition forms outright, whatever they embed', () => {
    // IPv4-compatible (deprecated); ipaddr.js reads the dotted spelling as IPv4-mapped.
    expect(policy.addressRefusal('::7f00:1')).toBe('not global unicast');
    expect(policy.addressRefusal('::127.0.0.1')).toBe('ipv4Mapped loopback');
    expect(policy.addressRefusal('::808:808')).toBe('not global unicast');
    expect(policy.addressRefusal('64:ff9b:1::808:808')).toBe('rfc6052'); // local-use NAT64
    expect(policy.addressRefusal('2002:7f00:1::1')).toBe('6to4');
    expect(policy.addressRefusal('2002:808:808::1')).toBe('6to4');
    expect(policy.addressRefusal('2001:0:4136:e378:8000:63bf:3fff:fdd2')).toBe('teredo');
  });

  it('refuses loopback however the address is spelled, parsed as written or through a URL', () => {
    for (const spelling of [
      '2130706433',
      '0177.0.0.1',
      '0x7f.1',
      '127.1',
      '0x7f000001',
      '017700000001',
    ]) {
      expect(policy.addressRefusal(spelling), spelling).toBe('loopback');
      const { hostname } = new URL(`http://${spelling}/`);
      expect(hostname, spelling).toBe('127.0.0.1');
      expect(policy.addressRefusal(hostname)).toBe('loopback');
    }
    expect(policy.addressRefusal(new URL('http://[::ffff:7f00:1]/').hostname.slice(1, -1))).toBe(
      'ipv4Mapped loopback',
    );
  });

  it('refuses what is not an address', () => {
    expect(policy.addressRefusal('example.com')).toBe('not an IP address');
    expect(policy.addressRefusal('')).toBe('not an IP address');
  });

  it('lets the operator allow ranges, and only those', () => {
    const allowing = createAddressPolicy({ allowAddresses: ['127.0.0.2/32', 'fd12::/16'] });
    expect(allowing.addressRefusal('127.0.0.2')).toBeUndefined();
    expect(allowing.addressRefusal('::ffff:127.0.0.2')).toBeUndefined();
    expect(allowing.addressRefusal('fd12::5')).toBeUndefined();
    expect(allowing.addressRefusal('127.0.0.1')).toBe('loopback');
    expect(allowing.addressRefusal('::1')).toBe('loopback');
    expect(allowing.addressRefusal('fd13::5')).toBe('uniqueLocal');
  });
});

describe('urlRefusal', () => {
  const refusal = (url: string) => policy.urlRefusal(new URL(url));

  it('accepts http and https URLs of public-looking names and of IP literals', () => {
    expect(refusal('https://example.com/page?q=1')).toBeUndefined();
    expect(refusal('http://news.example.org:8080/')).toBeUndefined();
    // Literals are judged as addresses, after this check.
    expect(refusal('http://127.0.0.1/')).toBeUndefined();
    expect(refusal('http://[::1]/')).toBeUndefined();
  });

  it('refuses other schemes and credentials', () => {
    expect(refusal('ftp://example.com/')).toBe('only http and https');
    expect(refusal('file:///etc/passwd')).toBe('only http and https');
    expect(refusal('gopher://example.com/')).toBe('only http and https');
    expect(refusal('https://user:pass@example.com/')).toBe('credentials in the URL');
    expect(refusal('https://user@example.com/')).toBe('credentials in the URL');
  });

  it('refuses names that are local whatever DNS answers', () => {
    expect(refusal('http://localhost:3000/')).toBe('private host name localhost');
    expect(refusal('http://LOCALHOST./')).toBe('private host name localhost');
    expect(refusal('http://app.localhost/')).toBe('private host name app.localhost');
    expect(refusal('http://metadata.google.internal/computeMetadata/v1/')).toBe(
      'private host name metadata.google.internal',
    );
    expect(refusal('http://metadata/')).toBe('private host name metadata');
    expect(refusal('http://printer.local/')).toBe('private host name printer.local');
    expect(refusal('http://router.home.arpa/')).toBe('private host name router.home.arpa');
    expect(refusal('http://intranet/')).toBe('single-label host name intranet');
  });
});

describe('portRefusal', () => {
  it('allows 80 and 443 by default, any port of an operator-allowed address', () => {
    expect(policy.portRefusal(80, '8.8.8.8')).toBeUndefined();
    expect(policy.portRefusal(443, '8.8.8.8')).toBeUndefined();
    expect(policy.portRefusal(8080, '8.8.8.8')).toBe('port 8080');
    expect(policy.portRefusal(25, '8.8.8.8')).toBe('port 25');
    const allowing = createAddressPolicy({ allowAddresses: ['127.0.0.2/32'] });
    expect(allowing.portRefusal(40123, '127.0.0.2')).toBeUndefined();
    expect(allowing.portRefusal(40123, '8.8.8.8')).toBe('port 40123');
  });

  it('takes a list of ports, or any', () => {
    expect(createAddressPolicy({ ports: [8443] }).portRefusal(443, '8.8.8.8')).toBe('port 443');
    expect(createAddressPolicy({ ports: 'any' }).portRefusal(8443, '8.8.8.8')).toBeUndefined();
  });
});

describe('parseAddressList', () => {
  it('reads CIDRs separated by commas or spaces', () => {
    expect(parseAddressList('127.0.0.2/32, 10.1.0.0/16 fd00::/8')).toEqual([
      '127.0.0.2/32',
      '10.1.0.0/16',
      'fd00::/8',
    ]);
    expect(parseAddressList('')).toEqual([]);
  });

  it('names an entry that is not a CIDR', () => {
    expect(() => parseAddressList('127.0.0.2')).toThrow(
      'not a CIDR (such as 127.0.0.2/32): 127.0.0.2',
    );
    expect(() => parseAddressList('10.0.0.0/8,example.com/8')).toThrow('example.com/8');
  });
});
