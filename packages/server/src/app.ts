import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import { setupWorker as takeConnectionsFromPrimary } from '@socket.io/sticky';
import Fastify from 'fastify';
import type { FastifyBaseLogger } from 'fastify';
import { LIMITS } from '@natter/protocol';
import { Server } from 'socket.io';
import { AccountService } from './auth/account-service.js';
import { registerAuthRoutes } from './auth/auth-routes.js';
import { sessionCookieFor } from './auth/credentials.js';
import { SessionStore } from './auth/session-store.js';
import { SessionSweeper } from './auth/session-sweeper.js';
import { connectToPrimary } from './cluster/primary-link.js';
import type { ServerConfig } from './config.js';
import {
  resolveFilesConfig,
  resolveLinkPreviewConfig,
  resolvePresenceLease,
  resolvePushConfig,
  resolveReplyEmailConfig,
  resolveSessionConfig,
  resolveSocketLimits,
  resolveWebhookConfig,
} from './config.js';
import type { Database } from './db/database.js';
import { openDatabase } from './db/database.js';
import { DatabaseClock } from './db/database-clock.js';
import { plannerStatisticsUpkeep } from './db/planner-statistics.js';
import type { PeriodicTask } from './util/periodic-task.js';
import { openFileStorage } from './files/file-storage-factory.js';
import { registerLocalFileRoutes } from './files/local-file-routes.js';
import { registerUploadRoutes } from './files/upload-routes.js';
import { UploadService } from './files/upload-service.js';
import { UploadSweeper } from './files/upload-sweeper.js';
import { authenticateWith } from './http/authenticate.js';
import { frameworkErrors, installErrorHandlers } from './http/error-handler.js';
import { refusalAtTheDoor } from './http/origin-policy.js';
import { registerReadinessRoute } from './http/readiness-route.js';
import { requestLogSerializers } from './http/request-log.js';
import { pagePolicy, registerSecurityHeaders } from './http/security-headers.js';
import { DEFAULT_WEB_DIR, registerWebApp } from './http/web-app.js';
import { DEFAULT_WIDGET_DIR, registerWidgetAssets } from './http/widget-assets.js';
import type { Logger } from './logger.js';
import { createLogger } from './logger.js';
import { LinkPreviewFetcher } from './link-previews/link-preview-fetcher.js';
import { LinkPreviewService } from './link-previews/link-preview-service.js';
import { openMailer } from './mail/mailer-factory.js';
import { AppendQueue } from './messages/append-queue.js';
import { CommitTimings } from './messages/commit-timings.js';
import { registerDebugStatsRoutes } from './http/debug-stats-routes.js';
import { ReactionService } from './reactions/reaction-service.js';
import { allListeners } from './messages/message-listener.js';
import { MessageService } from './messages/message-service.js';
import { UnsettledSends } from './messages/unsettled-sends.js';
import { MissedMessageSweeper } from './notifications/missed-message-sweeper.js';
import { registerMuteRoutes } from './notifications/mute-routes.js';
import { PushDispatcher } from './notifications/push-dispatcher.js';
import { registerPushRoutes } from './notifications/push-routes.js';
import { PushSender } from './notifications/push-sender.js';
import { loadVapidKeys } from './notifications/vapid-keys.js';
import { openPresenceRegistry } from './presence/presence-registry-factory.js';
import { AttentionService } from './presence/attention-service.js';
import { PresenceService } from './presence/presence-service.js';
import { createAddressPolicy } from './net/address-policy.js';
import { clusterRateLimiterStore } from './rate-limit/cluster-rate-limiter-store.js';
import { redisRateLimiterStore } from './rate-limit/redis-rate-limiter-store.js';
import { memoryRateLimiterStore, RateLimits } from './rate-limit/rate-limits.js';
import { openRedis } from './redis/redis-connection.js';
import { channels } from './realtime/channels.js';
import { connectionHandler } from './realtime/connection-handler.js';
import { HandshakeWindow } from './realtime/handshake-window.js';
import { protocolVersionCheck } from './realtime/protocol-version-check.js';
import { RequestDrain } from './realtime/request-drain.js';
import { attachFanout } from './realtime/fanout.js';
import { markDeliveredOnHandOver } from './realtime/mark-delivered-on-hand-over.js';
import { Publisher } from './realtime/publisher.js';
import { socketAuth } from './realtime/socket-auth.js';
import type { NatterServer as SocketServer } from './realtime/socket-types.js';
import { SendBufferCap } from './realtime/send-buffer-cap.js';
import { socketsPerUserCap } from './realtime/sockets-per-user-cap.js';
import { ReceiptService } from './receipts/receipt-service.js';
import { registerRoomRoutes } from './rooms/room-routes.js';
import { RoomService } from './rooms/room-service.js';
import { applySearchLanguage } from './search/search-language.js';
import { registerSearchRoutes } from './search/search-routes.js';
import { SearchService } from './search/search-service.js';
import { CannedResponseService } from './support/canned-response-service.js';
import { registerCannedResponseRoutes } from './support/canned-response-routes.js';
import { ConversationService } from './support/conversation-service.js';
import { registerInboxRoutes } from './support/inbox-routes.js';
import { registerSiteRoutes } from './support/site-routes.js';
import { EmailVisitorNotifier } from './support/email-visitor-notifier.js';
import { RoundRobinAssigner } from './support/round-robin-assigner.js';
import { SiteService } from './support/site-service.js';
import { UnreadReplySweeper } from './support/unread-reply-sweeper.js';
import { VisitorService } from './support/visitor-service.js';
import { registerWidgetRoutes } from './support/widget-routes.js';
import { TypingTracker } from './typing/typing-tracker.js';
import { registerBlockRoutes } from './users/block-routes.js';
import { NotificationSettingsService } from './users/notification-settings.js';
import { registerNotificationSettingsRoutes } from './users/notification-settings-routes.js';
import { PrivacySettingsService } from './users/privacy-settings.js';
import { registerPrivacyRoutes } from './users/privacy-routes.js';
import { ProfileService } from './users/profile-service.js';
import { registerProfileRoutes } from './users/profile-routes.js';
import { registerUserRoutes } from './users/user-routes.js';
import { ConcurrencyGate } from './util/concurrency-gate.js';
import { DeliveryLogPruner } from './webhooks/delivery-log-pruner.js';
import { WebhookCache } from './webhooks/webhook-cache.js';
import { WebhookEventQueue } from './webhooks/webhook-event-queue.js';
import { guardedPoster } from './webhooks/webhook-poster.js';
import { registerWebhookRoutes } from './webhooks/webhook-routes.js';
import { WebhookSender } from './webhooks/webhook-sender.js';
import { WebhookService } from './webhooks/webhook-service.js';
import { webhookUrlCheck } from './webhooks/webhook-url-check.js';

/**
 * Batches of sends PostgreSQL may run at once (rooms are split between them). More than one lets
 * a batch's statement run while another waits for its commit; PGlite has one connection, so one.
 */
const POSTGRES_APPEND_LANES = 2;

/** Fastify's typings miss its hop count: trusting n hops is trusting the n nearest addresses. */
function trustProxyOption(trust: ServerConfig['trustProxy']) {
  return typeof trust === 'number' ? (_address: string, hop: number) => hop < trust : !!trust;
}

/** A built server: start it, ask where it listens, close it. Only main.ts reads the environment. */
export interface NatterServer {
  /** Listens on the configured host and port; resolves to the base URL (port 0 picks one). */
  listen(): Promise<string>;
  /**
   * In a worker of WORKERS > 1, instead of `listen`: serves the connections the primary hands
   * over (`@socket.io/sticky`), which listens on the one port for every worker.
   */
  serveFromPrimary(): Promise<void>;
  /**
   * Shuts down without losing an acked message: stops taking clients and requests (`/readyz`
   * says 503), lets the requests already taken commit and be acked, writes what is queued, then
   * closes every client's transport so it reconnects elsewhere, and closes storage.
   */
  close(): Promise<void>;
  readonly database: Database;
  readonly log: Logger;
  /** Exposed so tests (and operators' scripts) can run a sweep now. */
  readonly sweeper: UploadSweeper;
  /** Ends idle and expired sessions; exposed like `sweeper`. */
  readonly sessionSweeper: SessionSweeper;
  /** Emails visitors their unread replies; undefined without SMTP. Exposed like `sweeper`. */
  readonly unreadReplySweeper: UnreadReplySweeper | undefined;
  /** Emails users the messages they missed; undefined without SMTP. Exposed like `sweeper`. */
  readonly missedMessageSweeper: MissedMessageSweeper | undefined;
  /** Auto-assigns new support conversations; exposed so tests can wait for it to settle. */
  readonly roundRobin: RoundRobinAssigner;
  /** Turns new messages into pushes; exposed so tests can run a pass now (`flush`). */
  readonly pushes: PushDispatcher;
  /** Who has a device showing the chat; exposed so tests can ask any node. */
  readonly attention: AttentionService;
  /** Sends webhook deliveries; exposed so tests can wait for the sends under way (`settled`). */
  readonly webhookSender: WebhookSender;
  /** Deletes old settled deliveries; exposed like `sweeper`. */
  readonly webhookLogPruner: DeliveryLogPruner;
  /** Makes link previews; undefined when LINK_PREVIEWS=off. Exposed so tests can wait for it. */
  readonly linkPreviews: LinkPreviewService | undefined;
  /** What the node holds for each client not yet written; exposed so tests can watch the bound. */
  readonly sendBuffers: SendBufferCap;
}

/** Builds the whole server from its configuration: drivers, services, HTTP routes and sockets. */
export async function createServer(
  config: ServerConfig,
  log = createLogger(config.logLevel),
): Promise<NatterServer> {
  if (config.mail && !config.publicUrl) {
    throw new Error('Invalid configuration: SMTP_URL needs PUBLIC_URL (email links are absolute)');
  }
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    pgliteDir: config.pgliteDir ?? join(config.dataDir, 'db'),
    pgliteSeed: config.pgliteSeed,
  });
  await database.migrate();
  const { db } = database;
  let plannerStatistics: PeriodicTask | undefined;
  let clock: DatabaseClock;
  try {
    clock = await DatabaseClock.measured(db, log.child({ component: 'database-clock' }));
    await applySearchLanguage(db, config.searchLanguage ?? 'simple');
    plannerStatistics = await plannerStatisticsUpkeep(
      database,
      log.child({ component: 'planner-statistics' }),
    );
  } catch (error) {
    await database.close();
    throw error;
  }
  const filesConfig = resolveFilesConfig(config.files);
  const files = await openFileStorage(filesConfig, config.dataDir);
  const redis = await openRedis(config.redis, log.child({ component: 'redis' }));
  // Workers of one machine without Redis share through their primary what nodes share in Redis.
  const primary = config.clusterWorker && !redis ? connectToPrimary() : undefined;
  const sessionConfig = resolveSessionConfig(config.sessions);
  const cookie = sessionCookieFor(config.publicUrl, sessionConfig.maxMs);
  const requests = new RequestDrain();

  const httpLog: FastifyBaseLogger = log.child(
    { component: 'http' },
    { serializers: requestLogSerializers },
  );
  const app = Fastify({
    loggerInstance: httpLog,
    bodyLimit: LIMITS.socketFrameBytesMax,
    frameworkErrors,
    trustProxy: trustProxyOption(config.trustProxy),
  });
  await app.register(fastifyCookie);
  installErrorHandlers(app);
  const headerConfig = { publicUrl: config.publicUrl, s3: filesConfig.s3 };
  registerSecurityHeaders(app, headerConfig);
  app.addHook('onRequest', async (request, reply) => {
    // A load balancer's health check may name the server by its address.
    if (request.url === '/healthz' || request.url === '/readyz') return;
    const origins = request.routeOptions.config.siteOrigins ? 'left to the route' : 'checked';
    const refusal = refusalAtTheDoor(request.headers, config, origins);
    if (refusal) {
      return reply.status(403).send({ error: { code: 'forbidden', message: refusal } });
    }
  });

  const io: SocketServer = new Server(app.server, {
    path: '/socket.io',
    serveClient: false,
    maxHttpBufferSize: LIMITS.socketFrameBytesMax,
    // A draining node takes no new sockets: the client's own reconnection finds another node.
    allowRequest: (request, callback) =>
      callback(
        null,
        !requests.isDraining && refusalAtTheDoor(request.headers, config) === undefined,
      ),
  });

  const fanout = await attachFanout(
    io,
    redis,
    config.redis?.adapter ?? 'pubsub',
    log.child({ component: 'fanout' }),
    primary,
  );
  const handshakeWindow = new HandshakeWindow(fanout.alone);
  const publisher = new Publisher(io, fanout, handshakeWindow);
  const rateLimits = new RateLimits(
    config.rateLimits,
    redis
      ? redisRateLimiterStore(redis)
      : primary
        ? clusterRateLimiterStore
        : memoryRateLimiterStore,
  );
  const sessions = new SessionStore(db, sessionConfig);
  const sessionSweeper = new SessionSweeper(
    sessions,
    publisher,
    sessionConfig.sweepIntervalMs,
    log.child({ component: 'session-sweeper' }),
  );
  const accounts = new AccountService(db, sessions, publisher, rateLimits);
  const receipts = new ReceiptService(db, publisher, log.child({ component: 'receipts' }));
  const uploads = new UploadService(
    db,
    files.storage,
    filesConfig,
    rateLimits,
    log.child({ component: 'files' }),
  );
  const sweeper = new UploadSweeper(
    db,
    uploads,
    { maxAgeMs: filesConfig.unattachedMaxAgeMs, intervalMs: filesConfig.sweepIntervalMs },
    log.child({ component: 'upload-sweeper' }),
  );
  const commitTimings = new CommitTimings();
  const appendQueue = new AppendQueue(
    db,
    database.driver === 'postgres' ? POSTGRES_APPEND_LANES : 1,
    commitTimings,
  );
  const unsettledSends: UnsettledSends = new UnsettledSends(
    db,
    (record): Promise<void> => messages.publishUnsettled(record),
    log.child({ component: 'unsettled-sends' }),
  );
  const presenceLease = resolvePresenceLease(config.presenceLease);
  // Nothing subscribes to its changes: a user who stops watching is announced to no one.
  const attention = new AttentionService(
    await openPresenceRegistry(
      redis,
      presenceLease,
      log.child({ component: 'attention' }),
      'attention',
      primary,
    ),
  );
  const pushConfig = resolvePushConfig(config.push, config.publicUrl);
  const vapidKeys = await loadVapidKeys(db, pushConfig);
  const pushLog = log.child({ component: 'push' });
  const pushes = new PushDispatcher(
    db,
    attention,
    new PushSender(db, vapidKeys, pushConfig, pushLog),
    pushConfig,
    pushLog,
  );
  const webhookConfig = resolveWebhookConfig(config.webhooks);
  const webhookLog = log.child({ component: 'webhooks' });
  // Admins point webhooks at receivers on any port (:8443 is common), unlike users' links.
  const webhookPolicy = createAddressPolicy({
    allowAddresses: webhookConfig.allowAddresses,
    ports: 'any',
  });
  const webhookCache = new WebhookCache(db, webhookConfig.cacheTtlMs);
  const webhookSender = new WebhookSender(
    db,
    guardedPoster(webhookPolicy),
    webhookConfig,
    webhookLog,
  );
  const webhookEvents = new WebhookEventQueue(
    db,
    webhookCache,
    () => webhookSender.wake(),
    webhookLog,
  );
  const webhookLogPruner = new DeliveryLogPruner(db, webhookConfig.logRetentionMs, webhookLog);
  const linkPreviewConfig = resolveLinkPreviewConfig(config.linkPreviews);
  const previewLog = log.child({ component: 'link-previews' });
  const linkPreviews = linkPreviewConfig.enabled
    ? new LinkPreviewService(
        db,
        () => messages,
        new LinkPreviewFetcher(
          createAddressPolicy({ allowAddresses: linkPreviewConfig.allowAddresses }),
          linkPreviewConfig,
          files.storage,
          previewLog,
        ),
        linkPreviewConfig,
        previewLog,
      )
    : undefined;
  const messages: MessageService = new MessageService(
    db,
    clock,
    publisher,
    receipts,
    uploads,
    appendQueue,
    unsettledSends,
    allListeners(pushes, linkPreviews, webhookEvents),
  );
  const reactions = new ReactionService(messages);
  const rooms = new RoomService(db, clock, publisher, rateLimits, {
    groupMembersMax: config.groupMembersMax ?? LIMITS.groupParticipantsMax,
  });
  const typing = new TypingTracker(publisher);
  const presenceRegistry = await openPresenceRegistry(
    redis,
    presenceLease,
    log.child({ component: 'presence' }),
    'presence',
    primary,
  );
  const presence = new PresenceService(
    db,
    presenceRegistry,
    publisher,
    log.child({ component: 'presence' }),
  );
  const authenticate = authenticateWith(sessions, cookie.name);
  const sites = new SiteService(db, publisher);
  const conversations = new ConversationService(db, publisher, rateLimits, webhookEvents);
  const visitors = new VisitorService(db, sessions, conversations, presence, rateLimits);
  const roundRobin = new RoundRobinAssigner(
    db,
    presenceRegistry,
    publisher,
    webhookEvents,
    log.child({ component: 'round-robin' }),
  );
  const mailer = openMailer(config.mail, log.child({ component: 'mail' }));
  const unreadReplySweeper =
    mailer && config.publicUrl
      ? new UnreadReplySweeper(
          db,
          clock,
          new EmailVisitorNotifier(mailer),
          config.publicUrl,
          resolveReplyEmailConfig(config.replyEmails),
          log.child({ component: 'unread-replies' }),
        )
      : undefined;
  const missedMessageSweeper =
    mailer && config.publicUrl
      ? new MissedMessageSweeper(
          db,
          clock,
          mailer,
          config.publicUrl,
          resolvePushConfig(config.push, config.publicUrl),
          log.child({ component: 'missed-messages' }),
        )
      : undefined;

  app.decorateRequest('session', null);
  // Still `ok` (200) while Redis is down: the node keeps serving its own clients, degraded, and a
  // load balancer must not take every node out because Redis blinked. Monitoring reads `status`.
  // Probes come every few seconds from every balancer: logged only when something goes wrong.
  app.get('/healthz', { logLevel: 'warn' }, async () => {
    if (!redis) return { ok: true, status: 'ok' };
    const up = redis.isUp();
    return { ok: true, status: up ? 'ok' : 'degraded', redis: up ? 'up' : 'down' };
  });
  registerReadinessRoute(app, { db, isDraining: () => requests.isDraining });
  if (config.debugStats) registerDebugStatsRoutes(app, commitTimings);
  registerAuthRoutes(app, { db, accounts, authenticate, cookie });
  registerUserRoutes(app, { db, rateLimits, authenticate });
  registerProfileRoutes(app, {
    profiles: new ProfileService(db, uploads, publisher, rateLimits),
    accounts,
    uploads,
    authenticate,
  });
  registerNotificationSettingsRoutes(app, {
    settings: new NotificationSettingsService(db, rateLimits, missedMessageSweeper !== undefined),
    authenticate,
  });
  registerPrivacyRoutes(app, {
    privacy: new PrivacySettingsService(db, publisher, rateLimits),
    authenticate,
  });
  registerBlockRoutes(app, {
    db,
    authenticate,
    // Moved through the blocker's user channel, which also tells a handshake of theirs that read
    // their blocks before this to read them again (handshake-window.ts).
    onBlocked: async (blockerId, blockedId) => {
      await publisher.setUserInChannel(blockerId, channels.blockersOf(blockedId), true);
      presence.userBlocked(blockerId, blockedId);
    },
    onUnblocked: (blockerId, blockedId) =>
      publisher.setUserInChannel(blockerId, channels.blockersOf(blockedId), false),
  });
  registerRoomRoutes(app, { db, rooms, authenticate });
  registerSearchRoutes(app, {
    search: new SearchService(database, (readerId, records) =>
      messages.presentAcrossRooms(readerId, records),
    ),
    rateLimits,
    authenticate,
  });
  registerMuteRoutes(app, { db, publisher, rateLimits, authenticate });
  registerPushRoutes(app, {
    db,
    rateLimits,
    authenticate,
    vapidPublicKey: vapidKeys.publicKey,
    endpointOrigins: pushConfig.endpointOrigins,
  });
  registerUploadRoutes(app, { uploads, authenticate });
  registerSiteRoutes(app, { sites, authenticate, door: config });
  registerWidgetRoutes(app, { db, visitors, door: config, authenticate });
  registerInboxRoutes(app, { conversations, authenticate });
  registerCannedResponseRoutes(app, {
    cannedResponses: new CannedResponseService(db, rateLimits),
    authenticate,
  });
  registerWebhookRoutes(app, {
    webhooks: new WebhookService(
      db,
      webhookCache,
      webhookUrlCheck(webhookPolicy, { allowHttp: webhookConfig.allowHttp }),
      () => webhookSender.wake(),
    ),
    authenticate,
  });
  if (files.local) registerLocalFileRoutes(app, { db, files: files.local });
  await registerWidgetAssets(app, {
    db,
    widgetDir: config.widgetDir ?? DEFAULT_WIDGET_DIR,
    headers: headerConfig,
    log: log.child({ component: 'widget' }),
  });
  await registerWebApp(
    app,
    config.webDir ?? DEFAULT_WEB_DIR,
    log.child({ component: 'web' }),
    pagePolicy(headerConfig),
  );

  const socketLog = log.child({ component: 'socket' });
  const socketLimits = resolveSocketLimits(config.sockets);
  const sendBuffers = new SendBufferCap(io, socketLimits.sendBufferMaxBytes, socketLog);
  io.use(protocolVersionCheck());
  const handshakes = new ConcurrencyGate(
    socketLimits.handshakeConcurrency,
    socketLimits.handshakeQueueMax,
    {
      what: 'with other connections',
      retryAfterMs: socketLimits.handshakeRetryAfterMs,
      code: 'unavailable',
    },
  );
  io.use(socketAuth(sessions, db, cookie.name, handshakes, handshakeWindow));
  io.use(socketsPerUserCap(socketLimits.maxSocketsPerUser));
  const setUpSocket = connectionHandler({
    db,
    sessions,
    handshakeWindow,
    messages,
    reactions,
    receipts,
    typing,
    presence,
    attention,
    roundRobin,
    rateLimits,
    onOutgoing: markDeliveredOnHandOver(receipts),
    maxRequestsInFlight: socketLimits.maxRequestsInFlight,
    requests,
    log: socketLog,
  });
  io.on('connection', (socket) => {
    // A handshake let in just before the drain began finishes after close() sent everyone
    // away: it goes the same way, or it would hold the HTTP server open.
    if (requests.isDraining) {
      socket.conn.close();
      return;
    }
    setUpSocket(socket);
  });

  /** Waits for the writes that follow a request: assignments, queued sends, delivery marks. */
  const settleWrites = async () => {
    await roundRobin.settled();
    await appendQueue.drain();
    await receipts.flush();
  };

  sweeper.start();
  sessionSweeper.start();
  plannerStatistics?.start();
  clock.start();
  linkPreviews?.start();
  unreadReplySweeper?.start();
  missedMessageSweeper?.start();
  webhookSender.start();
  webhookLogPruner.start();

  return {
    database,
    log,
    sweeper,
    sessionSweeper,
    unreadReplySweeper,
    missedMessageSweeper,
    roundRobin,
    attention,
    pushes,
    webhookSender,
    webhookLogPruner,
    linkPreviews,
    sendBuffers,
    async listen() {
      await app.listen({ port: config.port, host: config.host });
      const { address, port } = app.server.address() as AddressInfo;
      const host = address.includes(':') ? `[${address}]` : address;
      return `http://${host}:${port}`;
    },
    async serveFromPrimary() {
      await app.ready();
      takeConnectionsFromPrimary(io);
    },
    async close() {
      // From here on /readyz says 503, handshakes are refused and new requests are answered
      // with a retriable error; the requests already taken run to their ack.
      const requestsAnswered = requests.drain();
      typing.close();
      await sweeper.close();
      await sessionSweeper.close();
      await plannerStatistics?.close();
      await clock.close();
      await unreadReplySweeper?.close();
      await missedMessageSweeper?.close();
      await webhookLogPruner.close();
      mailer?.close();
      await requestsAnswered;
      await settleWrites();
      // Only now are clients sent away, and by closing their transport rather than with a
      // server disconnect: socket.io-client reconnects by itself after a transport close (to
      // another node behind the load balancer), not after 'io server disconnect'. An engine.io
      // close without `discard` writes the acks still buffered first.
      for (const socket of io.sockets.sockets.values()) socket.conn.close();
      await app.close();
      // This node announces its own users' going offline, while the database and fan-out work.
      await presence.close();
      await attention.close();
      // HTTP requests answered until app.close() may have queued writes of their own.
      await settleWrites();
      await unsettledSends.close();
      // Previews publish too: stopped (fetches abandoned) before pushes take their last look.
      await linkPreviews?.close();
      // After the last publish (unsettled sends): a bounded wait for pushes already in flight.
      await pushes.close();
      // The events of everything committed are written; sends under way are handed back.
      await webhookEvents.close();
      await webhookSender.close();
      await database.close();
      await fanout.close();
      primary?.close();
      await redis?.close();
    },
  };
}
