import ipaddr from 'ipaddr.js';

type IpAddress = ipaddr.IPv4 | ipaddr.IPv6;

/**
 * Which hosts, addresses and ports the server may reach when a user (a link in a message) or an
 * admin (a webhook URL) names them: the server-side request forgery guard of guarded-fetch.ts
 * (docs/security.md, "Outgoing requests"). Only public unicast addresses pass; an operator may
 * allow more (an intranet wiki, a test server) by CIDR.
 */
export interface AddressPolicy {
  /** Why the server must not connect to this address (a named range), or undefined when it may. */
  addressRefusal(address: string): string | undefined;
  /** Why this URL is refused before any look-up (scheme, credentials, host name), or undefined. */
  urlRefusal(url: URL): string | undefined;
  /** Why this port is refused on this (already accepted) address, or undefined. */
  portRefusal(port: number, address: string): string | undefined;
}

export interface AddressPolicyOptions {
  /**
   * CIDRs (`127.0.0.2/32`, `10.1.0.0/16`, `fd00::/8`) the operator trusts whatever their range,
   * on any port. Empty by default.
   */
  allowAddresses?: readonly string[] | undefined;
  /**
   * The ports other addresses may be reached on (`'any'`: all). Default 80 and 443: public sites
   * live there, and other ports of public hosts are more often services that were never meant
   * to be driven by a stranger's link.
   */
  ports?: readonly number[] | 'any' | undefined;
}

export const DEFAULT_PORTS: readonly number[] = [80, 443];

/** IPv6 global unicast (RFC 4291): the only IPv6 space the public internet routes. */
const GLOBAL_UNICAST_V6 = ipaddr.IPv6.parseCIDR('2000::/3');

/**
 * Names that are never public, whatever DNS says (RFC 6761's `localhost`, mDNS `.local`, ICANN's
 * private-use `.internal`, where cloud metadata services live), and the metadata name some
 * resolvers answer without a domain.
 */
const PRIVATE_NAME_SUFFIXES = ['.localhost', '.local', '.internal', '.home.arpa'];
const PRIVATE_NAMES = new Set(['localhost', 'metadata', 'metadata.google.internal']);

/** Parses a comma- or space-separated list of CIDRs (an env value); throws naming a bad one. */
export function parseAddressList(text: string): string[] {
  const entries = text.split(/[\s,]+/).filter((entry) => entry !== '');
  for (const entry of entries) {
    if (!ipaddr.isValidCIDR(entry)) throw new Error(`not a CIDR (such as 127.0.0.2/32): ${entry}`);
  }
  return entries;
}

/** The policy: public unicast addresses on the given ports, plus what the operator allows. */
export function createAddressPolicy(options: AddressPolicyOptions = {}): AddressPolicy {
  const allowed = (options.allowAddresses ?? []).map((cidr) => ipaddr.parseCIDR(cidr));
  const ports = options.ports ?? DEFAULT_PORTS;
  const isAllowedByOperator = (address: IpAddress): boolean =>
    candidates(address).some((candidate) =>
      allowed.some(
        ([range, bits]) => range.kind() === candidate.kind() && candidate.match(range, bits),
      ),
    );

  return {
    addressRefusal(text) {
      if (!ipaddr.isValid(text)) return 'not an IP address';
      const address = ipaddr.parse(text);
      if (isAllowedByOperator(address)) return undefined;
      return rangeRefusal(address);
    },
    urlRefusal(url) {
      if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'only http and https';
      if (url.username !== '' || url.password !== '') return 'credentials in the URL';
      const host = hostOf(url);
      // An IP literal is judged by its address once resolved; only names are judged here.
      if (ipaddr.isValid(host)) return undefined;
      const name = host.toLowerCase().replace(/\.$/, '');
      if (PRIVATE_NAMES.has(name) || PRIVATE_NAME_SUFFIXES.some((s) => name.endsWith(s))) {
        return `private host name ${name}`;
      }
      // A name without a dot is completed by the resolver's search domains: a local host.
      if (!name.includes('.')) return `single-label host name ${name}`;
      return undefined;
    },
    portRefusal(port, address) {
      if (ports === 'any' || ports.includes(port)) return undefined;
      if (ipaddr.isValid(address) && isAllowedByOperator(ipaddr.parse(address))) return undefined;
      return `port ${port}`;
    },
  };
}

/** The host of a URL as a resolver or `ipaddr` takes it: IPv6 literals without their brackets. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

/** The port a URL connects to, its scheme's default when it names none. */
export function portOf(url: URL): number {
  if (url.port !== '') return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

/**
 * Why an address is not public, or undefined for public unicast. Judged by what is allowed
 * rather than by listing what is not, so a range nobody thought of is refused: IPv4 outside
 * ipaddr.js's special ranges; IPv6 inside global unicast and outside its special ranges. Forms
 * that carry an IPv4 address the packets end up at (IPv4-mapped `::ffff:a.b.c.d`, NAT64
 * `64:ff9b::a.b.c.d`) are judged by that address; other transition forms (IPv4-compatible,
 * 6to4, Teredo, local NAT64) are refused outright: public sites do not need them.
 */
function rangeRefusal(address: IpAddress): string | undefined {
  if (address.kind() === 'ipv4') {
    const range = address.range();
    return range === 'unicast' ? undefined : range;
  }
  const v6 = address as ipaddr.IPv6;
  const embedded = embeddedIPv4(v6);
  if (embedded) {
    const inner = rangeRefusal(embedded);
    return inner === undefined ? undefined : `${v6.range()} ${inner}`;
  }
  const range = v6.range();
  if (range !== 'unicast') return range;
  if (!v6.match(GLOBAL_UNICAST_V6)) return 'not global unicast';
  return undefined;
}

/** The IPv4 address an IPv4-mapped or well-known NAT64 (64:ff9b::/96) address leads to. */
function embeddedIPv4(address: ipaddr.IPv6): ipaddr.IPv4 | undefined {
  if (address.isIPv4MappedAddress()) return address.toIPv4Address();
  const [a, b, c, d, e, f] = address.parts;
  if (a === 0x64 && b === 0xff9b && c === 0 && d === 0 && e === 0 && f === 0) {
    const bytes = address.toByteArray().slice(12);
    return new ipaddr.IPv4(bytes);
  }
  return undefined;
}

/** The address and, for IPv4-mapped IPv6, the IPv4 address too: an allowed CIDR may name either. */
function candidates(address: IpAddress): IpAddress[] {
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) {
    return [address, (address as ipaddr.IPv6).toIPv4Address()];
  }
  return [address];
}
