import { lookup as dnsLookup } from 'node:dns/promises';
import type { ClientRequest, IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { request as httpRequest } from 'node:http';
import type { RequestOptions } from 'node:https';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { isIP } from 'node:net';
import type { AddressPolicy } from './address-policy.js';
import { hostOf, portOf } from './address-policy.js';

/** One address a host name resolved to. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to every address it has. Tests inject their own (a fake DNS). */
export type ResolveHost = (hostname: string) => Promise<readonly ResolvedAddress[]>;

/** The system resolver (getaddrinfo: /etc/hosts, then DNS), every address in its order. */
export const systemResolver: ResolveHost = async (hostname) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map(({ address, family }) => ({
    address,
    family: family === 6 ? 6 : 4,
  }));

export interface GuardedFetchOptions {
  /** Which hosts, addresses and ports may be reached (address-policy.ts). */
  policy: AddressPolicy;
  method?: 'GET' | 'POST' | undefined;
  headers?: Record<string, string> | undefined;
  body?: string | Buffer | undefined;
  /** Default: the system resolver. */
  resolve?: ResolveHost | undefined;
  /** The whole fetch, redirects and reading the body included. */
  timeoutMs: number;
  /** Until the TCP connection to one hop is open. Default: `timeoutMs`. */
  connectTimeoutMs?: number | undefined;
  /** The body's bytes read at most; the rest is never received. */
  maxBodyBytes: number;
  /** Redirects followed (GET only; each hop re-checked). Default 5 for GET, 0 for POST. */
  maxRedirects?: number | undefined;
  signal?: AbortSignal | undefined;
  /** Certificates to trust besides the system's (a test's self-signed server). */
  ca?: string | undefined;
}

export type GuardedFetchFailure =
  /** The URL, its host name, an address it resolved to, or its port is not allowed. */
  | 'refused'
  /** The host name did not resolve. */
  | 'dns'
  /** More redirects than allowed, or one to a URL that is not http(s). */
  | 'redirects'
  /** The time cap (or the connect cap) ran out. */
  | 'timeout'
  /** The connection failed or broke, or the caller aborted. */
  | 'network';

export class GuardedFetchError extends Error {
  constructor(
    readonly failure: GuardedFetchFailure,
    message: string,
  ) {
    super(message);
    this.name = 'GuardedFetchError';
  }
}

/** A response whose body is still to be read (or discarded). */
export interface GuardedResponse {
  /** The URL that answered, after redirects. */
  url: URL;
  status: number;
  headers: IncomingHttpHeaders;
  /** The address the connection went to: the one that was checked. */
  remoteAddress: string;
  /** The body's chunks, `maxBodyBytes` of them at most; leaving the loop early closes it. */
  chunks(): AsyncGenerator<Buffer>;
  /** The body up to `maxBodyBytes`; `complete` is false when there was more (left unread). */
  read(): Promise<{ bytes: Buffer; complete: boolean }>;
  /** Closes the connection without reading the body. */
  discard(): void;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/**
 * An HTTP(S) request to a URL a user or an admin gave, which cannot be turned against the
 * server's own network (docs/security.md, "Outgoing requests"). For every hop, redirects
 * included: the URL is checked, its host resolved once here and every address checked, and the
 * connection made to the checked address (the request's own `lookup` answers with it), so DNS
 * answering differently on a second look-up (rebinding) changes nothing. TLS still verifies the
 * certificate against the host name. Time and bytes are capped; nothing is decompressed.
 */
export async function guardedFetch(
  url: string | URL,
  options: GuardedFetchOptions,
): Promise<GuardedResponse> {
  const method = options.method ?? 'GET';
  const maxRedirects = options.maxRedirects ?? (method === 'GET' ? 5 : 0);
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let current = parseUrl(url);
  for (let redirects = 0; ; redirects += 1) {
    const hop = await requestOnce(current, method, options, signal);
    const location = hop.response.headers.location;
    if (!REDIRECT_STATUSES.has(hop.response.statusCode ?? 0) || !location || method !== 'GET') {
      return guardedResponse(current, hop, options.maxBodyBytes, signal);
    }
    hop.response.destroy();
    if (redirects >= maxRedirects) {
      throw new GuardedFetchError('redirects', `more than ${maxRedirects} redirects`);
    }
    current = parseUrl(location, current);
  }
}

function parseUrl(text: string | URL, base?: URL): URL {
  try {
    return new URL(text, base);
  } catch {
    throw new GuardedFetchError(base ? 'redirects' : 'refused', `not a URL: ${String(text)}`);
  }
}

/**
 * The address one hop connects to, after every check; a GuardedFetchError says why there is
 * none. Exported for checks made before any request (a webhook URL when the admin saves it).
 */
export async function checkedAddress(
  url: URL,
  options: Pick<GuardedFetchOptions, 'policy' | 'resolve'>,
): Promise<ResolvedAddress> {
  const urlRefusal = options.policy.urlRefusal(url);
  if (urlRefusal) throw new GuardedFetchError('refused', `refused: ${urlRefusal}`);
  const host = hostOf(url);
  const literal = isIP(host);
  let addresses: readonly ResolvedAddress[];
  if (literal !== 0) {
    addresses = [{ address: host, family: literal === 6 ? 6 : 4 }];
  } else {
    try {
      addresses = await (options.resolve ?? systemResolver)(host);
    } catch (error) {
      throw new GuardedFetchError('dns', `${host} did not resolve: ${String(error)}`);
    }
  }
  if (addresses.length === 0) throw new GuardedFetchError('dns', `${host} has no address`);
  // Every address is checked, not just the one used: a name mixing public and private
  // addresses is someone's trick, and refusing it is simpler than reasoning about which is safe.
  for (const { address } of addresses) {
    const refusal = options.policy.addressRefusal(address);
    if (refusal)
      throw new GuardedFetchError('refused', `refused: ${host} is ${address} (${refusal})`);
  }
  const chosen = addresses[0] as ResolvedAddress;
  const portRefusal = options.policy.portRefusal(portOf(url), chosen.address);
  if (portRefusal) throw new GuardedFetchError('refused', `refused: ${portRefusal}`);
  return chosen;
}

interface Hop {
  response: IncomingMessage;
  remoteAddress: string;
}

/** One request to one URL, connected to its checked address; resolves once headers arrive. */
async function requestOnce(
  url: URL,
  method: 'GET' | 'POST',
  options: GuardedFetchOptions,
  signal: AbortSignal,
): Promise<Hop> {
  // A resolver cannot be cancelled; the time cap stops the wait for it all the same.
  const target = await untilAborted(checkedAddress(url, options), signal);
  // Whatever host name the connection asks about, the answer is the address checked above.
  const pinnedLookup: LookupFunction = (_hostname, lookupOptions, callback) => {
    if (lookupOptions.all) callback(null, [target]);
    else callback(null, target.address, target.family);
  };
  const requestOptions: RequestOptions = {
    method,
    hostname: hostOf(url),
    port: portOf(url),
    path: `${url.pathname}${url.search}`,
    headers: { 'accept-encoding': 'identity', ...options.headers },
    lookup: pinnedLookup,
    // A fresh connection per hop: a pooled one might lead to an address checked for another URL.
    agent: false,
    signal,
    ca: options.ca,
  };
  const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)(requestOptions);
  const connectTimer = capConnect(request, options.connectTimeoutMs ?? options.timeoutMs);
  try {
    return await new Promise<Hop>((resolve, reject) => {
      request.once('response', (response) =>
        resolve({ response, remoteAddress: response.socket.remoteAddress ?? target.address }),
      );
      request.once('error', (error) => reject(failureOf(error, signal)));
      request.end(options.body);
    });
  } finally {
    clearTimeout(connectTimer);
  }
}

/** `work`'s result, or the signal's failure as soon as it aborts. */
async function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) throw failureOf(signal.reason, signal);
  let stop: (() => void) | undefined;
  const aborted = new Promise<never>((_resolve, reject) => {
    stop = () => reject(failureOf(signal.reason, signal));
    signal.addEventListener('abort', stop, { once: true });
  });
  try {
    return await Promise.race([work, aborted]);
  } finally {
    if (stop) signal.removeEventListener('abort', stop);
  }
}

/** Destroys the request if its TCP connection is not open within `ms`. */
function capConnect(request: ClientRequest, ms: number): NodeJS.Timeout {
  const timer = setTimeout(
    () => request.destroy(new GuardedFetchError('timeout', `no connection within ${ms} ms`)),
    ms,
  );
  request.once('socket', (socket) => {
    if (!socket.connecting) clearTimeout(timer);
    else socket.once('connect', () => clearTimeout(timer));
  });
  return timer;
}

/** A request's error as a GuardedFetchError: a timeout when the time cap is what aborted it. */
function failureOf(error: unknown, signal: AbortSignal): GuardedFetchError {
  if (error instanceof GuardedFetchError) return error;
  if (signal.aborted) {
    const reason: unknown = signal.reason;
    const timedOut = reason instanceof DOMException && reason.name === 'TimeoutError';
    return new GuardedFetchError(
      timedOut ? 'timeout' : 'network',
      timedOut ? 'time cap reached' : 'aborted',
    );
  }
  return new GuardedFetchError('network', error instanceof Error ? error.message : String(error));
}

function guardedResponse(
  url: URL,
  hop: Hop,
  maxBodyBytes: number,
  signal: AbortSignal,
): GuardedResponse {
  const { response } = hop;
  let complete = true;
  async function* chunks(): AsyncGenerator<Buffer> {
    let received = 0;
    // The time cap covers the body too: a server trickling bytes is cut off when it runs out.
    const stop = () => response.destroy(failureOf(signal.reason, signal));
    signal.addEventListener('abort', stop, { once: true });
    try {
      signal.throwIfAborted();
      for await (const chunk of response as AsyncIterable<Buffer>) {
        const room = maxBodyBytes - received;
        if (chunk.length > room) {
          complete = false;
          if (room > 0) yield chunk.subarray(0, room);
          return;
        }
        received += chunk.length;
        yield chunk;
      }
    } catch (error) {
      throw failureOf(error, signal);
    } finally {
      signal.removeEventListener('abort', stop);
      response.destroy();
    }
  }
  return {
    url,
    status: response.statusCode ?? 0,
    headers: response.headers,
    remoteAddress: hop.remoteAddress,
    chunks,
    async read() {
      const parts: Buffer[] = [];
      for await (const chunk of chunks()) parts.push(chunk);
      return { bytes: Buffer.concat(parts), complete };
    },
    discard: () => response.destroy(),
  };
}
