import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { LIMITS } from '@natter/protocol';
import { z } from 'zod';
import { parseAddressList } from './net/address-policy.js';
import type { ResolveHost } from './net/guarded-fetch.js';

/** Everything the server can be told. Only main.ts reads the environment. */
export interface ServerConfig {
  port: number;
  host: string;
  /** Where the embedded database (and later files and keys) live. */
  dataDir: string;
  /** PGlite location; defaults to `<dataDir>/db`. `memory://` for throwaway instances. */
  pgliteDir?: string | undefined;
  /** A PGlite data directory (`dumpDataDir`) a new embedded database starts from: see `DatabaseConfig`. */
  pgliteSeed?: Blob | undefined;
  databaseUrl?: string | undefined;
  /** Set: rate limits are counted in this Redis, shared by every node (docs/architecture.md). */
  redis?: RedisConfig | undefined;
  /** Browser origins allowed to call the API and open sockets; undefined = the server's own origin. */
  allowedOrigins?: string[] | undefined;
  rateLimits: boolean;
  /** `DEBUG_STATS=on`: `GET /api/debug/commit-timings` and `/event-loop-lag` (the benchmark's). */
  debugStats?: boolean | undefined;
  /**
   * The origin browsers reach the server at (`https://chat.example`). Set: requests for any other
   * `Host` are refused (DNS rebinding), it is the own origin of the Origin check, and when it is
   * https the session cookie is `Secure` with the `__Host-` prefix and HSTS is sent.
   */
  publicUrl?: string | undefined;
  /**
   * Fastify's `trustProxy`: whether (true) or through how many hops (a number) `X-Forwarded-For`
   * and `X-Forwarded-Proto` are believed. Off by default: anyone could claim any address.
   */
  trustProxy?: boolean | number | undefined;
  /** Session lifetimes; every field has a default (see `resolveSessionConfig`). */
  sessions?: Partial<SessionConfig> | undefined;
  logLevel: string;
  /** The built web app served at `/`; defaults to packages/web/dist beside the server package. */
  webDir?: string | undefined;
  /** The built support widget (`/widget.js`, its frame, `/c/`); defaults to packages/widget/dist. */
  widgetDir?: string | undefined;
  /** The most members a group may have (creator included); default `LIMITS.groupParticipantsMax`. */
  groupMembersMax?: number | undefined;
  /** Uploads and file storage; every field has a default (see `resolveFilesConfig`). */
  files?: Partial<FilesConfig> | undefined;
  /** Per-socket and per-user caps; every field has a default (see `resolveSocketLimits`). */
  sockets?: Partial<SocketLimits> | undefined;
  /** Outgoing email (SMTP); unset: no email is sent. Needs `publicUrl` (links must be absolute). */
  mail?: MailConfig | undefined;
  /** When unread replies are emailed to visitors; see `resolveReplyEmailConfig`. */
  replyEmails?: Partial<ReplyEmailConfig> | undefined;
  /** Web Push and the email fallback for missed messages; see `resolvePushConfig`. */
  push?: Partial<PushConfig> | undefined;
  /**
   * The language message search stems words in (SEARCH_LANGUAGE): `simple` (the default: no
   * stemming, right for any language) or a PostgreSQL snowball language such as `english`,
   * `french` or `german`. Accents are folded either way. A change re-indexes every message once,
   * at start-up (docs/search.md).
   */
  searchLanguage?: string | undefined;
  /** How a node keeps its presence lease in Redis; see `resolvePresenceLease`. */
  presenceLease?: Partial<PresenceLease> | undefined;
  /** Link previews (docs/link-previews.md); every field has a default (`resolveLinkPreviewConfig`). */
  linkPreviews?: Partial<LinkPreviewConfig> | undefined;
  /**
   * How long main.ts lets a graceful shutdown (SIGTERM) drain before it exits anyway, with
   * status 1: a node stuck on a dead database must still go. Default 10 s.
   */
  shutdownTimeoutMs?: number | undefined;
  /** Outgoing webhooks (docs/webhooks.md); every field has a default (see `resolveWebhookConfig`). */
  webhooks?: Partial<WebhookConfig> | undefined;
  /**
   * Processes serving the one port (WORKERS: a number, or `auto` for one per core): 1 is a single
   * process; more run a primary that forks the workers (src/cluster). Needs PostgreSQL.
   */
  workers?: number | undefined;
  /**
   * Set by main.ts in a worker of WORKERS > 1 without Redis: fan-out, presence and rate limits are
   * shared with the other workers through the primary, over IPC (docs/architecture.md).
   */
  clusterWorker?: boolean | undefined;
}

export interface RedisConfig {
  /** `redis://[user:pass@]host:6379[/db]` or `rediss://…` (TLS): node-redis's connection URL. */
  url: string;
  /**
   * Put before every key Natter writes, so deployments (or test runs) sharing one Redis never
   * count into each other's keys. Every node of one deployment must use the same prefix.
   */
  keyPrefix: string;
  /**
   * How Socket.IO's events cross nodes: `pubsub` (`@socket.io/redis-adapter`, Redis PUB/SUB) or
   * `streams` (`@socket.io/redis-streams-adapter`, a Redis stream). docs/architecture.md says
   * which the benchmark chose and why. Default `pubsub`.
   */
  adapter?: RedisAdapterKind | undefined;
}

export type RedisAdapterKind = 'pubsub' | 'streams';

export interface MailConfig {
  /** `smtp://user:pass@host:587` or `smtps://…:465`: nodemailer's connection URL. */
  smtpUrl: string;
  /** The sender, such as `Shop support <support@chat.example>`. */
  from: string;
}

/** The job that emails visitors the agent replies they have not read (docs/widget.md). */
export interface ReplyEmailConfig {
  /** A reply is emailed once it has stayed unread this long. */
  delayMs: number;
  /** How often the job looks. */
  sweepIntervalMs: number;
  /** Conversations emailed per pass at most: a backlog drains over several passes. */
  conversationsPerSweep: number;
  /** Conversations quiet for longer are not looked at (bounds the scan; old replies stay quiet). */
  activityWindowMs: number;
  /** Sends of one conversation's batch before it is given up (a refused address, a broken server). */
  maxAttempts: number;
  /** The wait after a failed send; doubles with each further failure. */
  retryAfterMs: number;
}

/**
 * The browsers' push services (Chrome, Firefox, Safari, Edge): the endpoints a subscription may
 * name unless PUSH_ENDPOINT_ORIGINS says otherwise. `*.` matches any subdomain.
 */
export const DEFAULT_PUSH_ENDPOINT_ORIGINS = [
  'https://fcm.googleapis.com',
  'https://updates.push.services.mozilla.com',
  'https://web.push.apple.com',
  'https://*.notify.windows.com',
];

/** Web Push and the missed-message email (docs/notifications.md). */
export interface PushConfig {
  /** The VAPID key pair (base64url); unset: made once and kept in the database. */
  vapidKeys?: { publicKey: string; privateKey: string } | undefined;
  /** The VAPID `sub` claim: a `mailto:` or `https:` contact for push services' operators. */
  vapidSubject: string;
  /** https origins endpoints may point to; `*.` matches any subdomain. */
  endpointOrigins: string[];
  /** How long a push service keeps an undelivered push (`TTL`), in seconds. */
  ttlSeconds: number;
  /** How long new messages gather before a pass reads whom to push (one query for them all). */
  passDelayMs: number;
  /** After a push for a room, further messages of it wait this long and go as one push. */
  collapseWindowMs: number;
  /**
   * Pushes one node sends per second at most (PUSH_MAX_PER_SECOND). Each costs about a millisecond
   * of CPU (encryption, the request); past the budget, pushes wait their turn, one per device and
   * room, the newest message replacing an older one waiting, so chat traffic keeps the CPU.
   */
  maxPerSecond: number;
  /** Tries of one push (429 and 5xx are retried with doubling waits) before it is given up. */
  maxAttempts: number;
  /** The wait before the first retry (a push service's `Retry-After` wins when longer). */
  retryAfterMs: number;
  /** A message unread and unpushed this long is emailed (to users who turned that on). */
  missedEmailDelayMs: number;
  /** How often the missed-message email job looks. */
  missedEmailSweepIntervalMs: number;
}

/** The push configuration with every default filled in. */
export function resolvePushConfig(
  push: Partial<PushConfig> = {},
  publicUrl: string | undefined = undefined,
): PushConfig {
  const missedEmailDelayMs = push.missedEmailDelayMs ?? 10 * 60_000;
  return {
    vapidKeys: push.vapidKeys,
    vapidSubject:
      push.vapidSubject ??
      (publicUrl?.startsWith('https:') ? publicUrl : 'mailto:webmaster@localhost'),
    endpointOrigins: push.endpointOrigins ?? DEFAULT_PUSH_ENDPOINT_ORIGINS,
    ttlSeconds: push.ttlSeconds ?? 24 * 60 * 60,
    passDelayMs: push.passDelayMs ?? 1000,
    collapseWindowMs: push.collapseWindowMs ?? 10_000,
    maxPerSecond: push.maxPerSecond ?? 25,
    maxAttempts: push.maxAttempts ?? 5,
    retryAfterMs: push.retryAfterMs ?? 2_000,
    missedEmailDelayMs,
    missedEmailSweepIntervalMs:
      push.missedEmailSweepIntervalMs ?? Math.max(1000, Math.min(60_000, missedEmailDelayMs / 5)),
  };
}

/** Outgoing webhooks: how deliveries are sent and retried (docs/webhooks.md). */
export interface WebhookConfig {
  /** Webhook URLs may be plain http (WEBHOOK_ALLOW_HTTP): for a receiver on a trusted network. */
  allowHttp: boolean;
  /**
   * CIDRs webhooks may reach though they are not public (WEBHOOK_ALLOW_ADDRESSES): an intranet
   * receiver. Apart from link previews' list: trusting the admin's URLs is not trusting users'.
   */
  allowAddresses: string[];
  /** One attempt's cap, from connecting to the receiver's status line. */
  timeoutMs: number;
  /** How often a node looks for due deliveries (it also looks at once after enqueuing some). */
  pollIntervalMs: number;
  /** The wait after a delivery's first failure; it doubles after each further one. */
  retryBaseMs: number;
  /** The longest wait between two attempts. */
  retryMaxMs: number;
  /** A delivery still failing this long after its event is given up (`failed`). */
  giveUpAfterMs: number;
  /**
   * How long a node trusts its list of webhooks. A change made through this node applies at
   * once; one made through another node, within this time.
   */
  cacheTtlMs: number;
  /** Deliveries one node sends at once. */
  concurrency: number;
  /** Settled deliveries (delivered, failed) stay in the log this long. */
  logRetentionMs: number;
}

/**
 * The webhook configuration with its defaults: Stripe's shape (10 s per attempt; retries from
 * 30 s doubling to an hour, for a day), a 10 s view of other nodes' changes, 16 receivers at once,
 * a month of log.
 */
export function resolveWebhookConfig(webhooks: Partial<WebhookConfig> = {}): WebhookConfig {
  return {
    allowHttp: webhooks.allowHttp ?? false,
    allowAddresses: webhooks.allowAddresses ?? [],
    timeoutMs: webhooks.timeoutMs ?? 10_000,
    pollIntervalMs: webhooks.pollIntervalMs ?? 5_000,
    retryBaseMs: webhooks.retryBaseMs ?? 30_000,
    retryMaxMs: webhooks.retryMaxMs ?? HOUR_MS,
    giveUpAfterMs: webhooks.giveUpAfterMs ?? DAY_MS,
    cacheTtlMs: webhooks.cacheTtlMs ?? 10_000,
    concurrency: webhooks.concurrency ?? 16,
    logRetentionMs: webhooks.logRetentionMs ?? 30 * DAY_MS,
  };
}

/** Bounds on what one client can hold open on a node. */
export interface SocketLimits {
  /** Acked requests one socket may have unanswered; more are answered `rate_limited` at once. */
  maxRequestsInFlight: number;
  /** Sockets one user may have open on this node; the next handshake fails. */
  maxSocketsPerUser: number;
  /** Handshakes reading the database at once on this node (HANDSHAKE_CONCURRENCY). */
  handshakeConcurrency: number;
  /** Handshakes waiting for one of those slots; more are refused `unavailable` (HANDSHAKE_QUEUE_MAX). */
  handshakeQueueMax: number;
  /** What a refused handshake is told to wait; the SDK adds up to as much again as jitter. */
  handshakeRetryAfterMs: number;
  /**
   * Bytes the node may hold for one client that does not read (SOCKET_BUFFER_MAX_BYTES); past
   * them its connection is cut and it reconnects and syncs (realtime/send-buffer-cap.ts).
   */
  sendBufferMaxBytes: number;
}

/**
 * The socket caps with every default filled in: 32 requests in flight is far above what the SDK
 * pipelines (one send at a time per room, one page at a time); 20 sockets is a user's tabs and
 * devices with room to spare. 16 handshakes at once: a handshake's read spends most of its time
 * in round trips, not on a connection's CPU, and in a 10,000-client storm 16 brought every client
 * back in 14–29 s where 8 took 24–36 s, with sends meanwhile no slower (docs/performance.md,
 * "Storm"); 512 waiting is a few hundred milliseconds of handshakes, beyond which a client is
 * better told to come back in 2 s (2–4 s with the SDK's jitter) than kept waiting. 4 MiB held
 * for a client is twice the largest answer the node sends (a 2 MiB `messages:sync`), so a client
 * catching up over a slow link is not cut for it, and 1,000 stalled clients cost at most 4 GiB.
 */
export function resolveSocketLimits(sockets: Partial<SocketLimits> = {}): SocketLimits {
  return {
    maxRequestsInFlight: sockets.maxRequestsInFlight ?? 32,
    maxSocketsPerUser: sockets.maxSocketsPerUser ?? 20,
    handshakeConcurrency: sockets.handshakeConcurrency ?? 16,
    handshakeQueueMax: sockets.handshakeQueueMax ?? 512,
    handshakeRetryAfterMs: sockets.handshakeRetryAfterMs ?? 2_000,
    sendBufferMaxBytes: sockets.sendBufferMaxBytes ?? 4 * 1024 * 1024,
  };
}

/** Link previews: what is fetched, how, and how long it is remembered (docs/link-previews.md). */
export interface LinkPreviewConfig {
  /** LINK_PREVIEWS=off: no link is ever fetched, no preview made. */
  enabled: boolean;
  /**
   * LINK_PREVIEW_ALLOW_ADDRESSES: CIDRs fetched although private (an intranet wiki, a test
   * server), on any port. Everything else must be public, on port 80 or 443.
   */
  allowAddresses: string[];
  /** The DNS the fetcher asks; tests inject one (never set from the environment). */
  resolve?: ResolveHost | undefined;
  /** One page's fetch, redirects and reading included; one image's likewise. */
  timeoutMs: number;
  /** A page's bytes read at most (its head comes first; the rest is never read). */
  pageBytesMax: number;
  /** A larger image is left out of the preview. */
  imageBytesMax: number;
  /** How long a link's preview serves every message linking there. */
  cacheTtlMs: number;
  /** How long a link that gave nothing (refused, failed, no metadata) is not asked again. */
  failureTtlMs: number;
  /** Links fetched at once by this node. */
  concurrency: number;
  /** Previews waiting for a fetch slot; past that new ones are dropped (and logged). */
  queueMax: number;
}

/**
 * The link preview configuration with every default filled in: 5 s and 1 MB a page, 5 MB an
 * image, a day of cache (an hour for failures), 4 fetches at once and 1,000 waiting.
 */
export function resolveLinkPreviewConfig(
  previews: Partial<LinkPreviewConfig> = {},
): LinkPreviewConfig {
  return {
    enabled: previews.enabled ?? true,
    allowAddresses: previews.allowAddresses ?? [],
    resolve: previews.resolve,
    timeoutMs: previews.timeoutMs ?? 5_000,
    pageBytesMax: previews.pageBytesMax ?? 1024 * 1024,
    imageBytesMax: previews.imageBytesMax ?? 5 * 1024 * 1024,
    cacheTtlMs: previews.cacheTtlMs ?? 24 * HOUR_MS,
    failureTtlMs: previews.failureTtlMs ?? HOUR_MS,
    concurrency: previews.concurrency ?? 4,
    queueMax: previews.queueMax ?? 1_000,
  };
}

/** A node's presence lease in Redis (docs/architecture.md, "Presence across nodes"). */
export interface PresenceLease {
  /** A node that has not renewed for this long counts as dead: its users go offline. */
  leaseMs: number;
  /** How often a node renews its lease and reaps dead nodes' leases. */
  renewMs: number;
}

/**
 * The lease with its defaults: renewed every 5 s, dead after 15 s, so two renewals may fail (a
 * GC pause, a Redis blip) before a live node is taken for dead. Tests shorten both.
 */
export function resolvePresenceLease(lease: Partial<PresenceLease> = {}): PresenceLease {
  return { leaseMs: lease.leaseMs ?? 15_000, renewMs: lease.renewMs ?? 5_000 };
}

/** An S3-compatible bucket for files (docs/files.md). */
export interface S3Config {
  /** e.g. `https://s3.eu-west-1.amazonaws.com` or a MinIO URL; undefined = AWS's default. */
  endpoint?: string | undefined;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** `http://host/bucket/key` instead of `http://bucket.host/key` (MinIO, s3rver). */
  forcePathStyle: boolean;
  /**
   * How long a request to the store may wait for its connection, or sit without a byte, before
   * it fails (`unavailable`, retriable); tried twice. Default 5 s.
   */
  timeoutMs?: number | undefined;
}

export interface FilesConfig {
  /** The largest file accepted, checked when a URL is asked for and again while bytes arrive. */
  maxUploadBytes: number;
  /** Bytes of a user's uploads not yet attached to a message: more is refused (`rate_limited`). */
  pendingBytesMaxPerUser: number;
  /** HMAC key for the local driver's URLs; undefined = generated once under `<dataDir>/keys`. */
  uploadSigningKey?: string | undefined;
  /** Uploads never attached to a message are deleted after this long (at least `uploadUrlTtlMs`). */
  unattachedMaxAgeMs: number;
  /** How often the sweeper looks for them. */
  sweepIntervalMs: number;
  /** How long an upload URL works. */
  uploadUrlTtlMs: number;
  /** How long a read URL handed out with a message works. */
  readUrlTtlMs: number;
  /** Set: files go to this bucket; unset: to `<dataDir>/files`. */
  s3?: S3Config | undefined;
}

export interface SessionConfig {
  /** A session unused for this long ends. */
  idleMs: number;
  /** A session ends this long after sign-in, however busy. */
  maxMs: number;
  /**
   * `last_used_at` is written at most this often per session: a write per request (or per
   * handshake in a reconnect storm) would cost more than the idle clock needs.
   */
  touchIntervalMs: number;
  /** How often ended sessions are deleted (and their sockets disconnected). */
  sweepIntervalMs: number;
}

const HOUR_MS = 3_600_000;

/** `ServerConfig.shutdownTimeoutMs` when unset. */
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;
const DAY_MS = 24 * HOUR_MS;

/** The reply-email job's configuration with every default filled in. */
export function resolveReplyEmailConfig(
  replyEmails: Partial<ReplyEmailConfig> = {},
): ReplyEmailConfig {
  const delayMs = replyEmails.delayMs ?? 5 * 60_000;
  return {
    delayMs,
    // Often enough that a reply goes out within a fifth of the delay late, at most each minute.
    sweepIntervalMs: replyEmails.sweepIntervalMs ?? Math.max(1000, Math.min(60_000, delayMs / 5)),
    conversationsPerSweep: replyEmails.conversationsPerSweep ?? 100,
    activityWindowMs: replyEmails.activityWindowMs ?? 7 * DAY_MS,
    maxAttempts: replyEmails.maxAttempts ?? 5,
    retryAfterMs: replyEmails.retryAfterMs ?? 60_000,
  };
}

/** The session configuration with every default filled in. */
export function resolveSessionConfig(sessions: Partial<SessionConfig> = {}): SessionConfig {
  const idleMs = sessions.idleMs ?? 14 * DAY_MS;
  return {
    idleMs,
    maxMs: sessions.maxMs ?? 30 * DAY_MS,
    touchIntervalMs: sessions.touchIntervalMs ?? Math.min(5 * 60_000, idleMs / 10),
    sweepIntervalMs: sessions.sweepIntervalMs ?? HOUR_MS,
  };
}

/** The files configuration with every default filled in. */
export function resolveFilesConfig(files: Partial<FilesConfig> = {}): FilesConfig {
  const uploadUrlTtlMs = files.uploadUrlTtlMs ?? 15 * 60_000;
  // Never sweep an upload whose URL still works: bytes arriving after the sweep (straight to S3)
  // would be kept by no row and never deleted.
  const unattachedMaxAgeMs = Math.max(files.unattachedMaxAgeMs ?? 24 * HOUR_MS, uploadUrlTtlMs);
  return {
    maxUploadBytes: files.maxUploadBytes ?? LIMITS.fileBytesMax,
    pendingBytesMaxPerUser: files.pendingBytesMaxPerUser ?? 200 * 1024 * 1024,
    uploadSigningKey: files.uploadSigningKey,
    unattachedMaxAgeMs,
    // Often enough that an upload outlives its age by at most a quarter of it, at most hourly.
    sweepIntervalMs: files.sweepIntervalMs ?? Math.min(HOUR_MS, unattachedMaxAgeMs / 4),
    uploadUrlTtlMs,
    readUrlTtlMs: files.readUrlTtlMs ?? HOUR_MS,
    s3: files.s3,
  };
}

/** A comma- or space-separated list of CIDRs (an env value); a bad entry is named. */
const cidrListSchema = z
  .string()
  .default('')
  .transform((list, context) => {
    try {
      return parseAddressList(list);
    } catch (error) {
      context.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  });

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres://')
    .optional(),
  REDIS_URL: z
    .url({ protocol: /^rediss?$/, error: 'REDIS_URL must be a redis:// or rediss:// URL' })
    .optional(),
  REDIS_KEY_PREFIX: z.string().min(1).max(100).default('natter:'),
  REDIS_ADAPTER: z.enum(['pubsub', 'streams']).default('pubsub'),
  ALLOWED_ORIGINS: z.string().optional(),
  RATE_LIMITS: z.enum(['on', 'off']).default('on'),
  DEBUG_STATS: z.enum(['on', 'off']).default('off'),
  PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: 'PUBLIC_URL must be an http(s) URL' })
    .refine(
      (url) => !URL.canParse(url) || new URL(url).pathname === '/',
      'PUBLIC_URL must be an origin, without a path',
    )
    .optional(),
  TRUST_PROXY: z
    .string()
    .regex(/^(true|false|\d+)$/, 'TRUST_PROXY must be true, false or a number of proxy hops')
    .default('false'),
  SESSION_IDLE_DAYS: z.coerce.number().positive().default(14),
  SESSION_MAX_DAYS: z.coerce.number().positive().default(30),
  // Replaced by PUBLIC_URL: refused rather than ignored, so nobody loses `Secure` unawares.
  SECURE_COOKIES: z
    .undefined({ error: 'SECURE_COOKIES is replaced by PUBLIC_URL=https://… (see README)' })
    .optional(),
  WEB_DIR: z.string().min(1).optional(),
  GROUP_MEMBERS_MAX: z.coerce.number().int().min(2).optional(),
  MAX_UPLOAD_BYTES: z.coerce.number().int().positive().optional(),
  PENDING_UPLOAD_BYTES_MAX: z.coerce.number().int().positive().optional(),
  UPLOAD_SIGNING_KEY: z
    .string()
    .min(32, 'UPLOAD_SIGNING_KEY must be at least 32 characters')
    .optional(),
  UNATTACHED_UPLOAD_MAX_AGE_SECONDS: z.coerce.number().int().positive().optional(),
  FILE_URL_TTL_SECONDS: z.coerce.number().int().positive().max(604_800).optional(),
  S3_ENDPOINT: z.url().optional(),
  S3_BUCKET: z.string().min(1).optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  S3_FORCE_PATH_STYLE: z.enum(['true', 'false']).default('false'),
  MAX_REQUESTS_IN_FLIGHT: z.coerce.number().int().positive().optional(),
  MAX_SOCKETS_PER_USER: z.coerce.number().int().positive().optional(),
  HANDSHAKE_CONCURRENCY: z.coerce.number().int().positive().optional(),
  HANDSHAKE_QUEUE_MAX: z.coerce.number().int().nonnegative().optional(),
  HANDSHAKE_RETRY_AFTER_MS: z.coerce.number().int().positive().optional(),
  SOCKET_BUFFER_MAX_BYTES: z.coerce.number().int().positive().optional(),
  SMTP_URL: z
    .url({ protocol: /^smtps?$/, error: 'SMTP_URL must be an smtp:// or smtps:// URL' })
    .optional(),
  MAIL_FROM: z.string().min(3).max(320).optional(),
  SUPPORT_EMAIL_DELAY_MINUTES: z.coerce.number().min(0).default(5),
  VAPID_PUBLIC_KEY: z
    .string()
    .regex(/^[A-Za-z0-9_-]{87}$/, 'VAPID_PUBLIC_KEY must be a base64url P-256 public key')
    .optional(),
  VAPID_PRIVATE_KEY: z
    .string()
    .regex(/^[A-Za-z0-9_-]{43}$/, 'VAPID_PRIVATE_KEY must be a base64url P-256 private key')
    .optional(),
  VAPID_SUBJECT: z
    .string()
    .regex(/^(mailto:|https:\/\/)/, 'VAPID_SUBJECT must be a mailto: or https:// contact')
    .optional(),
  PUSH_ENDPOINT_ORIGINS: z
    .string()
    .optional()
    .transform((list) =>
      list
        ?.split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    )
    .pipe(
      z
        .array(
          z
            .string()
            .regex(
              /^https:\/\/(\*\.)?[A-Za-z0-9.-]+(:\d+)?$/,
              'PUSH_ENDPOINT_ORIGINS must list https origins (https://host[:port], or https://*.domain)',
            ),
        )
        .optional(),
    ),
  MISSED_EMAIL_DELAY_MINUTES: z.coerce.number().min(0).optional(),
  PUSH_MAX_PER_SECOND: z.coerce.number().int().positive().optional(),
  LINK_PREVIEWS: z.enum(['on', 'off']).default('on'),
  LINK_PREVIEW_ALLOW_ADDRESSES: cidrListSchema,
  SEARCH_LANGUAGE: z
    .string()
    .regex(/^[a-z_]{1,32}$/, 'must be simple or a language name such as english')
    .default('simple'),
  SHUTDOWN_TIMEOUT_SECONDS: z.coerce
    .number()
    .positive()
    .default(DEFAULT_SHUTDOWN_TIMEOUT_MS / 1000),
  WEBHOOK_ALLOW_HTTP: z.enum(['true', 'false']).default('false'),
  WEBHOOK_ALLOW_ADDRESSES: cidrListSchema,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  WORKERS: z
    .string()
    .regex(/^(auto|[1-9]\d{0,2})$/, 'WORKERS must be auto or a number of processes (1–999)')
    .default('1'),
});

/** Reads the configuration from environment variables; throws with every problem named. */
export function configFromEnv(env: NodeJS.ProcessEnv): ServerConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  if (e.S3_BUCKET && !(e.S3_ACCESS_KEY_ID && e.S3_SECRET_ACCESS_KEY)) {
    throw new Error(
      'Invalid configuration: S3_BUCKET needs S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY',
    );
  }
  if (e.REDIS_URL && !e.DATABASE_URL) {
    // Redis is only there to join nodes, and nodes can only share PostgreSQL: the embedded
    // database lives inside one process, so a second node would see other data.
    throw new Error(
      'Invalid configuration: REDIS_URL needs DATABASE_URL (nodes that share Redis must share one PostgreSQL; the embedded database belongs to one process)',
    );
  }
  if (!e.VAPID_PUBLIC_KEY !== !e.VAPID_PRIVATE_KEY) {
    throw new Error(
      'Invalid configuration: VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY go together (or neither: a pair is made and kept in the database)',
    );
  }
  if (e.SMTP_URL && !e.PUBLIC_URL) {
    throw new Error(
      'Invalid configuration: SMTP_URL needs PUBLIC_URL (the link in a reply email must be absolute)',
    );
  }
  const workers = e.WORKERS === 'auto' ? availableParallelism() : Number(e.WORKERS);
  if (e.WORKERS !== '1' && !e.DATABASE_URL) {
    // Refused even when `auto` finds one core: whether a setting works must not depend on the
    // machine it is copied to.
    throw new Error(
      `Invalid configuration: WORKERS=${e.WORKERS} needs DATABASE_URL (workers share one PostgreSQL; the embedded database belongs to one process)`,
    );
  }
  const publicUrl = e.PUBLIC_URL ? new URL(e.PUBLIC_URL).origin : undefined;
  return {
    workers,
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL || undefined,
    redis: e.REDIS_URL
      ? { url: e.REDIS_URL, keyPrefix: e.REDIS_KEY_PREFIX, adapter: e.REDIS_ADAPTER }
      : undefined,
    allowedOrigins: e.ALLOWED_ORIGINS?.split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    rateLimits: e.RATE_LIMITS === 'on',
    debugStats: e.DEBUG_STATS === 'on',
    publicUrl,
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    sessions: { idleMs: e.SESSION_IDLE_DAYS * DAY_MS, maxMs: e.SESSION_MAX_DAYS * DAY_MS },
    logLevel: e.LOG_LEVEL,
    webDir: e.WEB_DIR ? resolve(e.WEB_DIR) : undefined,
    groupMembersMax: e.GROUP_MEMBERS_MAX,
    sockets: {
      maxRequestsInFlight: e.MAX_REQUESTS_IN_FLIGHT,
      maxSocketsPerUser: e.MAX_SOCKETS_PER_USER,
      handshakeConcurrency: e.HANDSHAKE_CONCURRENCY,
      handshakeQueueMax: e.HANDSHAKE_QUEUE_MAX,
      handshakeRetryAfterMs: e.HANDSHAKE_RETRY_AFTER_MS,
      sendBufferMaxBytes: e.SOCKET_BUFFER_MAX_BYTES,
    },
    mail:
      e.SMTP_URL && publicUrl
        ? { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM ?? defaultSender(publicUrl) }
        : undefined,
    replyEmails: { delayMs: e.SUPPORT_EMAIL_DELAY_MINUTES * 60_000 },
    push: {
      vapidKeys:
        e.VAPID_PUBLIC_KEY && e.VAPID_PRIVATE_KEY
          ? { publicKey: e.VAPID_PUBLIC_KEY, privateKey: e.VAPID_PRIVATE_KEY }
          : undefined,
      vapidSubject: e.VAPID_SUBJECT,
      endpointOrigins: e.PUSH_ENDPOINT_ORIGINS,
      maxPerSecond: e.PUSH_MAX_PER_SECOND,
      missedEmailDelayMs:
        e.MISSED_EMAIL_DELAY_MINUTES === undefined
          ? undefined
          : e.MISSED_EMAIL_DELAY_MINUTES * 60_000,
    },
    linkPreviews: {
      enabled: e.LINK_PREVIEWS === 'on',
      allowAddresses: e.LINK_PREVIEW_ALLOW_ADDRESSES,
    },
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_SECONDS * 1000,
    webhooks: {
      allowHttp: e.WEBHOOK_ALLOW_HTTP === 'true',
      allowAddresses: e.WEBHOOK_ALLOW_ADDRESSES,
    },
    searchLanguage: e.SEARCH_LANGUAGE,
    files: {
      maxUploadBytes: e.MAX_UPLOAD_BYTES,
      pendingBytesMaxPerUser: e.PENDING_UPLOAD_BYTES_MAX,
      uploadSigningKey: e.UPLOAD_SIGNING_KEY,
      unattachedMaxAgeMs:
        e.UNATTACHED_UPLOAD_MAX_AGE_SECONDS === undefined
          ? undefined
          : e.UNATTACHED_UPLOAD_MAX_AGE_SECONDS * 1000,
      readUrlTtlMs:
        e.FILE_URL_TTL_SECONDS === undefined ? undefined : e.FILE_URL_TTL_SECONDS * 1000,
      s3:
        e.S3_BUCKET && e.S3_ACCESS_KEY_ID && e.S3_SECRET_ACCESS_KEY
          ? {
              endpoint: e.S3_ENDPOINT,
              bucket: e.S3_BUCKET,
              region: e.S3_REGION,
              accessKeyId: e.S3_ACCESS_KEY_ID,
              secretAccessKey: e.S3_SECRET_ACCESS_KEY,
              forcePathStyle: e.S3_FORCE_PATH_STYLE === 'true',
            }
          : undefined,
    },
  };
}

/** `MAIL_FROM`'s default: a no-reply address at the server's own host name. */
function defaultSender(publicUrl: string): string {
  return `Natter <no-reply@${new URL(publicUrl).hostname}>`;
}

function parseTrustProxy(value: string): boolean | number {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return Number(value);
}
