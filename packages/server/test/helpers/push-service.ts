import {
  createDecipheriv,
  createECDH,
  createPublicKey,
  hkdfSync,
  randomBytes,
  randomUUID,
  verify,
} from 'node:crypto';
import type { ECDH } from 'node:crypto';
import { createServer } from 'node:https';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PushSubscriptionBody } from '@natter/protocol';
import type { PushCertificate } from './push-certificate.js';

/** What the push service answers one request with (its default: 201). */
export interface ScriptedAnswer {
  status: number;
  retryAfter?: string;
}

/** A push the service accepted: verified, decrypted, with the headers that matter. */
export interface Delivery {
  endpointId: string;
  payload: unknown;
  ttl: string | undefined;
  urgency: string | undefined;
  topic: string | undefined;
  vapid: { publicKey: string; sub: string; aud: string; exp: number };
  receivedAt: number;
}

/** A browser's side of a subscription: its ECDH key pair and auth secret (RFC 8291). */
interface BrowserKeys {
  ecdh: ECDH;
  auth: Buffer;
}

const b64url = (bytes: Buffer) => bytes.toString('base64url');

/**
 * A local Web Push service over https (self-signed for 127.0.0.1, trusted by the server through
 * NODE_EXTRA_CA_CERTS), strict like the real ones: it checks the VAPID JWT (ES256 with the key in
 * `k`, `aud` = its origin, `exp` within 24 h, a `sub`) and decrypts the `aes128gcm` body with the
 * subscription's private key, as a browser would. Anything wrong is answered 400/403 and kept in
 * `rejections`. Tests script answers per endpoint (410, 429 with Retry-After, 500...).
 */
export class PushService {
  readonly deliveries: Delivery[] = [];
  /** Every request, answered whatever way: its endpoint and the status it got. */
  readonly requests: { endpointId: string; status: number; at: number }[] = [];
  readonly rejections: string[] = [];
  private readonly browsers = new Map<string, BrowserKeys>();
  private readonly scripts = new Map<string, ScriptedAnswer[]>();
  private readonly always = new Map<string, ScriptedAnswer>();
  private readonly waiters = new Set<() => void>();

  private constructor(
    private readonly server: Server,
    readonly origin: string,
  ) {}

  static async start(certificate: PushCertificate): Promise<PushService> {
    const server = createServer({ cert: certificate.cert, key: certificate.key });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const service = new PushService(server, `https://127.0.0.1:${port}`);
    server.on(
      'request',
      (req: IncomingMessage, res: ServerResponse) => void service.handle(req, res),
    );
    return service;
  }

  /** A new browser subscription on this service, as `PushSubscription.toJSON()` gives it. */
  subscribe(): PushSubscriptionBody & { endpointId: string } {
    const endpointId = randomUUID();
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    const auth = randomBytes(16);
    this.browsers.set(endpointId, { ecdh, auth });
    return {
      endpointId,
      endpoint: `${this.origin}/push/${endpointId}`,
      keys: { p256dh: b64url(ecdh.getPublicKey()), auth: b64url(auth) },
    };
  }

  /** The next requests to this endpoint get these answers, in order; then 201 again. */
  script(endpointId: string, ...answers: ScriptedAnswer[]): void {
    this.scripts.set(endpointId, [...(this.scripts.get(endpointId) ?? []), ...answers]);
  }

  /** Every request to this endpoint gets this answer. */
  answerAlways(endpointId: string, answer: ScriptedAnswer): void {
    this.always.set(endpointId, answer);
  }

  /** This endpoint accepts pushes again. */
  answerNormally(endpointId: string): void {
    this.always.delete(endpointId);
    this.scripts.delete(endpointId);
  }

  deliveriesTo(endpointId: string): Delivery[] {
    return this.deliveries.filter((d) => d.endpointId === endpointId);
  }

  requestsTo(endpointId: string) {
    return this.requests.filter((r) => r.endpointId === endpointId);
  }

  /** Resolves once `check` holds (looked at after each request), or rejects after `timeoutMs`. */
  waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter = () => {
        if (!check()) return;
        clearTimeout(timer);
        this.waiters.delete(waiter);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`push service: timed out waiting for ${what}`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /**
   * Decrypts an `aes128gcm` body (RFC 8188 framing, RFC 8291 keys) for a browser's keys: what a
   * browser does with a push. Exported through the instance so its own test can check it against
   * web-push's encryption.
   */
  decrypt(endpointId: string, body: Buffer): string {
    const browser = this.browsers.get(endpointId);
    if (!browser) throw new Error('unknown endpoint');
    const salt = body.subarray(0, 16);
    const idLength = body.readUInt8(20);
    const serverKey = body.subarray(21, 21 + idLength);
    const cipherText = body.subarray(21 + idLength);
    const shared = browser.ecdh.computeSecret(serverKey);
    const keyInfo = Buffer.concat([
      Buffer.from('WebPush: info\0'),
      browser.ecdh.getPublicKey(),
      serverKey,
    ]);
    const ikm = Buffer.from(hkdfSync('sha256', shared, browser.auth, keyInfo, 32));
    const cek = Buffer.from(hkdfSync('sha256', ikm, salt, 'Content-Encoding: aes128gcm\0', 16));
    const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, 'Content-Encoding: nonce\0', 12));
    const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
    decipher.setAuthTag(cipherText.subarray(-16));
    const padded = Buffer.concat([decipher.update(cipherText.subarray(0, -16)), decipher.final()]);
    // One record, the last: the content, then the delimiter 0x02, then zero padding.
    let end = padded.length - 1;
    while (end >= 0 && padded[end] === 0) end -= 1;
    if (padded[end] !== 2) throw new Error('bad padding delimiter');
    return padded.subarray(0, end).toString('utf8');
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const endpointId = /^\/push\/([\w-]+)$/.exec(req.url ?? '')?.[1] ?? '';
    const answer = this.answerFor(endpointId);
    const status = answer ? answer.status : this.accept(endpointId, req, Buffer.concat(chunks));
    this.requests.push({ endpointId, status, at: Date.now() });
    if (answer?.retryAfter) res.setHeader('retry-after', answer.retryAfter);
    res.writeHead(status).end();
    for (const waiter of [...this.waiters]) waiter();
  }

  private answerFor(endpointId: string): ScriptedAnswer | undefined {
    return this.always.get(endpointId) ?? this.scripts.get(endpointId)?.shift();
  }

  /** Verifies and decrypts a push; its status (201, or why it is refused). */
  private accept(endpointId: string, req: IncomingMessage, body: Buffer): number {
    if (req.method !== 'POST' || !this.browsers.has(endpointId))
      return this.reject(404, 'no such endpoint');
    if (req.headers['content-encoding'] !== 'aes128gcm') return this.reject(400, 'not aes128gcm');
    const vapid = this.verifyVapid(req.headers.authorization ?? '');
    if (typeof vapid === 'string') return this.reject(403, vapid);
    let payload: unknown;
    try {
      payload = JSON.parse(this.decrypt(endpointId, body));
    } catch (error) {
      return this.reject(400, `undecryptable: ${String(error)}`);
    }
    this.deliveries.push({
      endpointId,
      payload,
      ttl: req.headers.ttl as string | undefined,
      urgency: req.headers.urgency as string | undefined,
      topic: req.headers.topic as string | undefined,
      vapid,
      receivedAt: Date.now(),
    });
    return 201;
  }

  private reject(status: number, why: string): number {
    this.rejections.push(why);
    return status;
  }

  /** RFC 8292: `vapid t=<JWT>, k=<key>`; the claims, or why they are refused. */
  private verifyVapid(header: string): Delivery['vapid'] | string {
    const match = /^vapid t=([\w-]+\.[\w-]+\.[\w-]+), k=([\w-]+)$/.exec(header);
    if (!match?.[1] || !match[2]) return `bad Authorization header: ${header}`;
    const [head, claims, signature] = match[1].split('.') as [string, string, string];
    const point = Buffer.from(match[2], 'base64url');
    if (point.length !== 65 || point[0] !== 4) return 'k is not an uncompressed P-256 point';
    const key = createPublicKey({
      key: {
        kty: 'EC',
        crv: 'P-256',
        x: b64url(point.subarray(1, 33)),
        y: b64url(point.subarray(33)),
      },
      format: 'jwk',
    });
    const signed = verify(
      'sha256',
      Buffer.from(`${head}.${claims}`),
      { key, dsaEncoding: 'ieee-p1363' },
      Buffer.from(signature, 'base64url'),
    );
    if (!signed) return 'bad ES256 signature';
    const header_ = JSON.parse(Buffer.from(head, 'base64url').toString()) as { alg?: string };
    if (header_.alg !== 'ES256') return `alg ${header_.alg}`;
    const jwt = JSON.parse(Buffer.from(claims, 'base64url').toString()) as {
      aud?: string;
      exp?: number;
      sub?: string;
    };
    const now = Date.now() / 1000;
    if (jwt.aud !== this.origin) return `aud ${jwt.aud} is not ${this.origin}`;
    if (!jwt.exp || jwt.exp <= now || jwt.exp > now + 24 * 3600) return `exp ${jwt.exp}`;
    if (!jwt.sub) return 'no sub';
    return { publicKey: match[2], sub: jwt.sub, aud: jwt.aud, exp: jwt.exp };
  }
}
