import { PROTOCOL_VERSION } from '@natter/protocol';
import { NatterError } from '../natter-error.js';
import type { ChatEvent } from '../store/actions.js';
import type { Store } from '../store/create-store.js';
import type { ChatState, ConnectionState } from '../store/state.js';
import { loadPresence, resync, syncRooms } from '../sync/resync.js';
import { loadWireSchemas } from '../transport/load-wire-schemas.js';
import type { WireSchemas } from '../transport/load-wire-schemas.js';
import type { RestApi } from '../transport/rest-api.js';
import type { NatterSocket, SocketConnection } from '../transport/socket-connection.js';
import { withJitter } from '../util/jitter.js';

export interface ConnectionLifecycleDeps {
  socket: NatterSocket;
  request: SocketConnection['request'];
  store: Store<ChatState, ChatEvent>;
  api: Pick<RestApi, 'me' | 'listRooms'>;
  /** Runs once a connection is caught up: flush what waited for it. */
  onSendable(): void;
  report(error: NatterError): void;
}

const RESYNC_RETRY_MAX_MS = 30_000;
const HANDSHAKE_RETRY_MS = 2_000;

/**
 * The connection's life: the handshake, the catch-up after every (re)connect, the status in the
 * store, and when sending may start. Each connection has a generation number; work started for
 * one (a resync, a retry timer) is dropped once it is gone, so a quick drop and reconnect can
 * never apply a stale answer.
 */
export class ConnectionLifecycle {
  private generation = 0;
  /** Connected, and this connection's catch-up has run once. */
  private sendable = false;
  private closed = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** A catch-up the server asked for (`sync:needed`), waiting for its turn. */
  private requestedCatchUp: ReturnType<typeof setTimeout> | undefined;
  private waiters: { resolve: () => void; reject: (error: NatterError) => void }[] = [];

  constructor(private readonly deps: ConnectionLifecycleDeps) {
    const { socket } = deps;
    socket.on('connect', () => {
      this.newGeneration();
      this.setStatus({ status: 'syncing' });
      void this.catchUp(this.generation, 1);
    });
    socket.on('disconnect', (reason) => {
      this.newGeneration();
      if (reason === 'io client disconnect') {
        this.setStatus({ status: 'closed' });
        return;
      }
      this.setStatus({ status: 'reconnecting' });
      // The server dropped us on purpose (e.g. logout elsewhere): try once more; a revoked token
      // then fails the handshake with `unauthorized`.
      if (reason === 'io server disconnect') socket.connect();
    });
    socket.on('connect_error', (caught) => {
      if (caught.message === 'unauthorized') {
        const error = new NatterError('unauthorized', 'the server refused the token');
        this.setStatus({ status: 'unauthorized', error });
        this.settle(error);
        return;
      }
      if (caught.message !== 'unsupported_protocol_version' && caught.message !== 'unavailable') {
        this.handshakeFailed(caught, undefined);
        return;
      }
      // These refusals carry data, believed once checked with the wire schemas (still loading on
      // a first connection); if those cannot be loaded, the refusal is taken without its data.
      void loadWireSchemas().then(
        (schemas) => this.handshakeFailed(caught, schemas),
        () => this.handshakeFailed(caught, undefined),
      );
    });
  }

  /** A handshake that failed for another reason than the token: give up, or come back later. */
  private handshakeFailed(caught: Error, schemas: WireSchemas | undefined): void {
    const { socket } = this.deps;
    if (this.closed) return;
    const data = (caught as { data?: unknown }).data;
    if (caught.message === 'unsupported_protocol_version') {
      // Retrying cannot help: this SDK needs upgrading (or the server does).
      const parsed = schemas?.unsupportedVersionDataSchema.safeParse(data);
      const supported = parsed?.success ? parsed.data.supportedVersions.join(', ') : 'unknown';
      const error = new NatterError(
        'unsupported_protocol_version',
        `this SDK speaks protocol version ${PROTOCOL_VERSION}, the server ${supported}`,
        { cause: caught },
      );
      this.setStatus({ status: 'closed', error });
      this.settle(error);
      return;
    }
    // The server is busy with other handshakes or cannot reach its database: it says when to
    // come back.
    const unavailable =
      caught.message === 'unavailable' ? schemas?.unavailableDataSchema.safeParse(data) : undefined;
    const retryAfterMs = unavailable?.success ? unavailable.data.retryAfterMs : undefined;
    const error =
      caught.message === 'unavailable'
        ? new NatterError('unavailable', 'the server is busy; connecting again shortly', {
            retryAfterMs,
            cause: caught,
          })
        : new NatterError('network', caught.message);
    this.setStatus({ status: 'reconnecting', error });
    // socket.io retries network failures itself (with jittered backoff), but not a refusal by
    // the server's middleware. Jittered too: a node's clients, refused together, must not all
    // come back in the same instant.
    if (!socket.active) {
      this.timer = setTimeout(
        () => {
          if (!this.closed) socket.connect();
        },
        withJitter(retryAfterMs ?? HANDSHAKE_RETRY_MS),
      );
    }
  }

  /** Whether messages and read marks may go out now. */
  canSend(): boolean {
    return this.sendable && this.deps.socket.connected;
  }

  /** Loads the user once, opens the socket, and resolves when caught up (see NatterClient). */
  async connect(): Promise<void> {
    const { socket, store, api } = this.deps;
    if (this.closed) throw new NatterError('disconnected', 'this client was closed');
    if (store.getState().connection.status === 'ready' && socket.connected) return;
    const ready = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    if (socket.active) return ready;
    this.setStatus({ status: 'connecting' });
    // Fetched beside the first answers rather than after them (they wait for it); a failure shows
    // where the schemas are used, and the next use tries again.
    loadWireSchemas().catch(() => undefined);
    if (!store.getState().me) {
      try {
        store.dispatch({ type: 'session/started', user: await api.me() });
      } catch (caught) {
        const error = NatterError.from(caught);
        this.setStatus({
          status: error.code === 'unauthorized' ? 'unauthorized' : 'closed',
          error,
        });
        this.settle(error);
        return ready;
      }
    }
    socket.connect();
    return ready;
  }

  disconnect(): void {
    this.deps.socket.disconnect();
    this.settle(new NatterError('disconnected', 'disconnected by the client'));
  }

  close(): void {
    this.closed = true;
    this.disconnect();
    clearTimeout(this.timer);
    clearTimeout(this.requestedCatchUp);
  }

  /**
   * The server says events may not have reached this client (`sync:needed`: its node lost Redis
   * for a while): catches up as after a reconnect, at a random moment within `withinMs`, so that
   * a whole node's clients do not sync in the same millisecond. Requests that come while one is
   * waiting join it; a reconnect meanwhile catches up by itself and drops it.
   */
  catchUpWithin(withinMs: number): void {
    if (this.requestedCatchUp !== undefined || !this.deps.socket.connected) return;
    const generation = this.generation;
    this.requestedCatchUp = setTimeout(() => {
      this.requestedCatchUp = undefined;
      void this.catchUp(generation, 1);
    }, Math.random() * withinMs);
  }

  /**
   * Gives rooms that are new to this client (joined while connected, or found by a refresh) a
   * synced timeline and change cursor now, so that they miss nothing from here on.
   */
  async startRooms(roomIds: readonly string[]): Promise<void> {
    const { timelines } = this.deps.store.getState();
    const fresh = roomIds.filter((id) => !timelines[id]);
    if (!this.sendable || fresh.length === 0) return;
    await syncRooms(this.depsFor(this.generation), fresh);
  }

  private async catchUp(generation: number, attempt: number): Promise<void> {
    const deps = this.depsFor(generation);
    try {
      await resync(deps);
      if (!deps.isCurrent()) return;
      this.sendable = true;
      this.setStatus({ status: 'ready' });
      this.deps.onSendable();
      this.settle();
      loadPresence(deps).catch((error: unknown) => this.deps.report(NatterError.from(error)));
    } catch (caught) {
      if (!deps.isCurrent()) return;
      const error = NatterError.from(caught);
      this.deps.report(error);
      this.setStatus({ status: 'syncing', error });
      // Sends are idempotent and need no catch-up: don't hold them hostage to a failing sync.
      this.sendable = true;
      this.deps.onSendable();
      this.settle(error);
      // Jittered like the handshake: a database outage fails every client's catch-up at once.
      const delay = withJitter(Math.min(RESYNC_RETRY_MAX_MS, 1_000 * 2 ** (attempt - 1)));
      this.timer = setTimeout(() => void this.catchUp(generation, attempt + 1), delay);
    }
  }

  private depsFor(generation: number) {
    const { store, api, request, socket } = this.deps;
    return {
      store,
      api,
      request,
      isCurrent: () => generation === this.generation && socket.connected,
    };
  }

  private newGeneration(): void {
    this.generation++;
    this.sendable = false;
    clearTimeout(this.timer);
    clearTimeout(this.requestedCatchUp);
    this.requestedCatchUp = undefined;
  }

  private setStatus(connection: ConnectionState): void {
    this.deps.store.dispatch({ type: 'connection/changed', connection });
  }

  /** Resolves (or rejects) everyone waiting in `connect()`. */
  private settle(error?: NatterError): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) {
      if (error) waiter.reject(error);
      else waiter.resolve();
    }
  }
}
