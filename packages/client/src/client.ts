import { LIMITS } from '@natter/protocol';
import type { Message, Room, SearchQuery, SearchResponse, UpdateRoomBody } from '@natter/protocol';
import { ConnectionLifecycle } from './connection/connection-lifecycle.js';
import { HistoryLoader } from './history/history-loader.js';
import { NatterError } from './natter-error.js';
import { newClientId } from './outbox/client-id.js';
import { createMemoryOutboxStore } from './outbox/memory-outbox-store.js';
import { Outbox } from './outbox/outbox.js';
import { OutboxPersistence } from './outbox/outbox-persistence.js';
import type { OutboxStore } from './outbox/outbox-store.js';
import type { FileLike, SendFilesOptions, SendOptions } from './outbox/outbox.js';
import { ReactionSender } from './reactions/reaction-sender.js';
import { ReadMarker } from './read/read-marker.js';
import type { ChatEvent, ServerEventAction } from './store/actions.js';
import { applyEvent } from './store/apply-event.js';
import { createStore } from './store/create-store.js';
import type { ReadableStore } from './store/create-store.js';
import { initialState } from './store/state.js';
import type { ChatState } from './store/state.js';
import type { FetchLike } from './transport/http-client.js';
import { createHttpClient } from './transport/http-client.js';
import { createRestApi } from './transport/rest-api.js';
import type { RestApi } from './transport/rest-api.js';
import { searchMessages } from './transport/search-api.js';
import type { SearchOptions } from './transport/search-api.js';
import { forwardServerEvents } from './transport/server-events.js';
import { defaultUploadTransport } from './transport/upload-transport.js';
import type { UploadTransport } from './transport/upload-transport.js';
import { createSocketConnection } from './transport/socket-connection.js';
import type {
  NatterSocket,
  SocketClientOptions,
  SocketConnection,
} from './transport/socket-connection.js';
import { watchTypingExpiry } from './typing/typing-expiry.js';
import { ThreadLoader } from './threads/thread-loader.js';
import { TypingInput } from './typing/typing-input.js';
import { VisibilityReporter } from './visibility/visibility-reporter.js';

export interface NatterClientOptions {
  /** The server's origin, e.g. `https://chat.example.com`. */
  baseUrl: string;
  /** Bearer token from login/register or a widget session. Without one, the session cookie is used. */
  token?: string;
  /** A fetch implementation (defaults to the global one). */
  fetch?: FetchLike;
  /** Passed to socket.io-client's `io()` (e.g. `{ transports: ['websocket'] }`). */
  socketOptions?: SocketClientOptions;
  /** How long any request (socket ack or HTTP answer) may take before it fails with `timeout`. */
  requestTimeoutMs?: number;
  /** Messages per history page (1-100). */
  historyPageSize?: number;
  /** Sends a file's bytes to its upload URL (defaults to XMLHttpRequest, or fetch in Node). */
  uploadTransport?: UploadTransport;
  /**
   * Where pending messages are kept so that they outlive this client (default: in memory). The
   * web app passes one over IndexedDB, so a closed tab's outbox goes out when the app opens again.
   */
  outboxStore?: OutboxStore;
  /**
   * Whether the page shows the chat when the client connects (default true). A page opened in a
   * background tab passes false, so its user still gets pushes; `setVisible` changes it later.
   */
  visible?: boolean;
  /** Called with failures that belong to no call of yours (resync, read marks, bad events). */
  onError?: (error: NatterError) => void;
}

/** The headless Natter SDK: state in a subscribable store, and the actions that change it. */
export interface NatterClient {
  /** The chat state; `subscribe` + `getState` fit React's `useSyncExternalStore`. */
  readonly store: ReadableStore<ChatState>;
  getState(): ChatState;
  subscribe(listener: () => void): () => void;
  /** The REST API, typed (rooms, users, profile). */
  readonly api: RestApi;
  /** The underlying socket (for diagnostics; use the client's methods to talk). */
  readonly socket: NatterSocket;
  /**
   * Calls `listener` with every server event once it passed the protocol's schema and reached the
   * store: for events the store keeps nothing of (the inbox's `conversation:updated`). Answers
   * the unsubscribe.
   */
  onEvent(listener: (event: ServerEventAction) => void): () => void;
  /** A raw typed socket request with the client's timeout: resolves with the ack's fields. */
  readonly request: SocketConnection['request'];

  /**
   * Loads the user, opens the socket and resolves once caught up (`ready`). Rejects when the
   * token is refused (`unauthorized`) or the first catch-up fails (it is retried in the
   * background). Reconnection after drops is automatic.
   */
  connect(): Promise<void>;
  /** Goes offline on purpose; pending messages wait for the next `connect()`. */
  disconnect(): void;
  /** Disconnects and releases every timer; the client is not usable afterwards. */
  close(): void;
  /** Uses a new token from the next request and the next handshake on. */
  setToken(token: string | undefined): void;
  /**
   * Says whether the page shows the chat: the user gets no pushes while any of their devices
   * does. Sent at once when connected (`visibility:set`) and in every later handshake
   * (`auth.visible`). `watchPageVisibility` calls it from the document's visibility.
   */
  setVisible(visible: boolean): void;

  /**
   * Sends a text message: it shows at once as `sending`, goes out when connected, and is
   * confirmed by the server's ack or echo. Returns its clientId.
   */
  send(roomId: string, content: string, options?: SendOptions): string;
  /**
   * Sends files (with an optional caption) as one message: it shows at once with local previews
   * and per-file `progress` (`TimelineMessage.uploads`), each file is uploaded once, then the
   * message goes out like `send`. Returns its clientId.
   */
  sendFiles(roomId: string, files: readonly FileLike[], options?: SendFilesOptions): string;
  /** Stops a message's upload and drops the message. */
  cancelUpload(clientId: string): void;
  /** Sends a failed message again (same clientId: never a duplicate). */
  retry(clientId: string): void;
  /** Drops a pending or failed message from the outbox. */
  discard(clientId: string): void;
  /**
   * Discards every pending message and clears the user's saved outbox (every tab's): for
   * sign-out on a shared computer. Resolves once the `OutboxStore` is cleared.
   */
  clearOutbox(): Promise<void>;
  editMessage(messageId: string, content: string): Promise<Message>;
  deleteMessage(messageId: string): Promise<void>;
  /**
   * Reacts to a message with an emoji (or a short name such as `+1`): shown at once in the
   * message's `reactions`, confirmed by the server, rolled back if it refuses. Toggling quickly
   * ends in the last state asked for. Resolves once the server has it.
   */
  react(messageId: string, emoji: string): Promise<void>;
  /** Takes this user's reaction back, as optimistically as `react`. */
  unreact(messageId: string, emoji: string): Promise<void>;
  /** Takes the link preview off one's own message, for good (`message:preview:remove`). */
  removePreview(messageId: string): Promise<Message>;
  /** Marks a room read up to a message; only ever moves the mark forward. */
  markRead(roomId: string, upToMessageId: string): void;
  /**
   * Full-text search over the messages of the user's rooms (`GET /api/search`): one page of
   * results, best (or newest) first, with `nextCursor` for the next. Pass a `signal` to cancel a
   * search a newer one supersedes (it then rejects with `aborted`).
   */
  search(query: SearchQuery, options?: SearchOptions): Promise<SearchResponse>;

  typing: {
    /** Call on every keystroke in a room's composer. */
    input(roomId: string): void;
    /** The composer was cleared or closed. */
    stop(roomId: string): void;
  };
  history: {
    /**
     * Loads the next older page of what the room shows (the newest page first, or older than its
     * window); resolves with whether more remain.
     */
    loadOlder(roomId: string): Promise<{ hasMore: boolean }>;
    hasOlder(roomId: string): boolean;
    /**
     * Shows a room at a message, however far back, with the history on either side: a window
     * (`ChatState.windows`, `selectWindow`) kept apart from the live tail, which live messages
     * keep extending. Rejects with `not_found` for a message the user cannot see.
     */
    openAt(roomId: string, messageId: string): Promise<void>;
    /**
     * Loads the page after the room's window; once none is newer, the window joins the live
     * tail. Resolves with whether newer messages remain.
     */
    loadNewer(roomId: string): Promise<{ hasMore: boolean }>;
    /** Whether the room shows a window with newer messages after it. */
    hasNewer(roomId: string): boolean;
    /** Leaves the room's window for its live tail ("Jump to latest"). */
    jumpToLatest(roomId: string): void;
  };
  threads: {
    /**
     * Opens a message's thread: its newest replies, then live replies as they arrive, in
     * `selectThread(state, messageId)` until `close`. Rejects with `not_found` for a message the
     * room does not have.
     */
    open(roomId: string, messageId: string): Promise<void>;
    /** Loads the thread's next older replies; resolves with whether more remain. */
    loadOlder(messageId: string): Promise<{ hasMore: boolean }>;
    hasOlder(messageId: string): boolean;
    close(messageId: string): void;
  };
  rooms: {
    /** Fetches the room list again. */
    refresh(): Promise<void>;
    /** Opens (or creates) the direct room with a user and stores it. */
    openDirect(userId: string): Promise<Room>;
    createGroup(name: string, participantIds: readonly string[]): Promise<Room>;
    /** Adds a user to a group; everyone gets the "… added …" system message. */
    addMember(roomId: string, userId: string): Promise<Room>;
    /**
     * Removes a member from a group (owner and admins), or leaves it when `userId` is this user:
     * the room then leaves this store, and this user's other devices get `room:removed`.
     */
    removeMember(roomId: string, userId: string): Promise<void>;
    /** Renames or recolours a group, or changes who may add members (owner and admins). */
    update(roomId: string, changes: UpdateRoomBody): Promise<Room>;
    /**
     * Mutes or unmutes a room's notifications for this user (`Room.muted`), and with `mentions`
     * its mentions of them too (`Room.mentionsMuted`), stored at once.
     */
    mute(roomId: string, muted: boolean, mentions?: boolean): Promise<Room>;
  };
}

/** Creates a client. Nothing touches the network until `connect()`. */
export function createNatterClient(options: NatterClientOptions): NatterClient {
  let token = options.token;
  const requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
  const report = (error: NatterError) => options.onError?.(error);
  const uploadTransport = options.uploadTransport ?? defaultUploadTransport;

  const store = createStore<ChatState, ChatEvent>(applyEvent, initialState);
  const http = createHttpClient({
    baseUrl: options.baseUrl,
    getToken: () => token,
    fetch: options.fetch,
    timeoutMs: requestTimeoutMs,
  });
  const api = createRestApi(http);
  const connection = createSocketConnection({
    baseUrl: options.baseUrl,
    getToken: () => token,
    getVisible: () => visibility.forHandshake(),
    socketOptions: options.socketOptions,
    requestTimeoutMs,
  });
  const { socket, request } = connection;
  const visibility: VisibilityReporter = new VisibilityReporter({
    socket,
    request,
    initiallyVisible: options.visible ?? true,
    report,
  });

  const lifecycle: ConnectionLifecycle = new ConnectionLifecycle({
    socket,
    request,
    store,
    api,
    onSendable: () => {
      outbox.flush();
      readMarker.flush();
    },
    report,
  });
  const canSend = () => lifecycle.canSend();
  const outbox: Outbox = new Outbox({
    store,
    transmit: (payload) => request('message:send', payload),
    // Restored messages were typed first: nothing goes out before they are back in the queue.
    canSend: (): boolean => canSend() && persistence.restored,
    newClientId,
    now: () => Date.now(),
    upload: async (input) => {
      const ticket = await api.createUpload(input);
      const url = new URL(ticket.uploadUrl, options.baseUrl);
      const headers: Record<string, string> = { ...ticket.uploadHeaders };
      // Our own endpoint wants the session's credentials; a presigned URL must not get them.
      const hasAuth = Object.keys(headers).some((h) => h.toLowerCase() === 'authorization');
      if (token && !hasAuth && url.origin === new URL(options.baseUrl).origin) {
        headers.authorization = `Bearer ${token}`;
      }
      await uploadTransport({
        url: url.toString(),
        method: ticket.uploadMethod,
        headers,
        body: input.file,
        onProgress: input.onProgress,
        signal: input.signal,
      });
      return ticket.attachmentId;
    },
    createPreviewUrl: (file) =>
      typeof URL.createObjectURL === 'function' ? URL.createObjectURL(file) : undefined,
    revokePreviewUrl: (url) => URL.revokeObjectURL(url),
  });
  const persistence: OutboxPersistence = new OutboxPersistence({
    store,
    outboxStore: options.outboxStore ?? createMemoryOutboxStore(),
    outbox,
    now: () => Date.now(),
    onRestored: () => outbox.flush(),
    report,
  });
  const readMarker = new ReadMarker({
    store,
    transmit: async (roomId, upToMessageId) => {
      await request('messages:read', { roomId, upToMessageId });
    },
    canSend,
    onError: report,
  });
  const typing = new TypingInput({
    emitStart: (roomId) => connection.signal('typing:start', { roomId }),
    emitStop: (roomId) => connection.signal('typing:stop', { roomId }),
  });
  const history = new HistoryLoader({
    store,
    load: (payload) => request('messages:load', payload),
    pageSize: options.historyPageSize ?? LIMITS.pageSizeDefault,
  });
  const threads = new ThreadLoader({
    store,
    load: (payload) => request('messages:load', payload),
    pageSize: options.historyPageSize ?? LIMITS.pageSizeDefault,
  });
  const stopTypingExpiry = watchTypingExpiry(store);

  const eventListeners = new Set<(event: ServerEventAction) => void>();
  forwardServerEvents(
    socket,
    (action) => {
      store.dispatch(action);
      for (const listener of eventListeners) listener(action);
      if (action.type === 'room:new') {
        lifecycle
          .startRooms([action.payload.id])
          .catch((e: unknown) => report(NatterError.from(e)));
      }
      if (action.type === 'sync:needed') lifecycle.catchUpWithin(action.payload.withinMs);
    },
    report,
  );

  /** A loaded message, wherever the store holds it (a timeline, a window, a thread). */
  const findMessage = (messageId: string): Message | undefined => {
    const { timelines, windows, threads: open } = store.getState();
    const lists = [
      ...Object.values(timelines).map((t) => t.messages),
      ...Object.values(windows).map((w) => w.messages),
      ...Object.values(open).map((t) => [...t.replies, ...(t.parent ? [t.parent] : [])]),
    ];
    for (const messages of lists) {
      const found = messages.find((m) => m.id === messageId);
      if (found) return found;
    }
    return undefined;
  };
  const reactions = new ReactionSender({
    store,
    transmit: async (on, payload) =>
      (await request(on ? 'reaction:add' : 'reaction:remove', payload)).message,
    roomOf: (messageId) => findMessage(messageId)?.roomId,
  });

  return {
    store,
    getState: store.getState,
    subscribe: store.subscribe,
    api,
    socket,
    request,
    onEvent(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },

    connect: () => lifecycle.connect(),
    disconnect: () => lifecycle.disconnect(),
    close() {
      typing.stopAll();
      lifecycle.close();
      outbox.dispose();
      persistence.dispose();
      visibility.dispose();
      stopTypingExpiry();
    },
    setToken(next) {
      token = next;
    },
    setVisible: (visible) => visibility.setVisible(visible),

    send(roomId, content, sendOptions) {
      typing.stop(roomId);
      return outbox.send(roomId, content, sendOptions);
    },
    sendFiles(roomId, files, sendOptions) {
      typing.stop(roomId);
      return outbox.sendFiles(roomId, files, sendOptions);
    },
    cancelUpload: (clientId) => outbox.cancelUpload(clientId),
    retry: (clientId) => outbox.retry(clientId),
    discard: (clientId) => outbox.discard(clientId),
    clearOutbox() {
      for (const list of Object.values(store.getState().outbox)) {
        for (const pending of list) outbox.discard(pending.clientId);
      }
      return persistence.clear();
    },

    async editMessage(messageId, content) {
      const { message } = await request('message:edit', { messageId, content });
      store.dispatch({ type: 'message/edited', message });
      return message;
    },

    async deleteMessage(messageId) {
      const roomId = findMessage(messageId)?.roomId;
      const { deletedAt } = await request('message:delete', { messageId });
      if (roomId) {
        store.dispatch({ type: 'message/deleted', roomId, messageId, at: deletedAt ?? Date.now() });
      }
    },

    react: (messageId, emoji) => reactions.set(messageId, emoji, true),
    unreact: (messageId, emoji) => reactions.set(messageId, emoji, false),
    async removePreview(messageId) {
      const { message } = await request('message:preview:remove', { messageId });
      store.dispatch({ type: 'message/edited', message });
      return message;
    },

    markRead: (roomId, upToMessageId) => readMarker.markRead(roomId, upToMessageId),
    search: (query, searchOptions) => searchMessages(http, query, searchOptions),

    typing: {
      input: (roomId) => typing.input(roomId),
      stop: (roomId) => typing.stop(roomId),
    },

    history: {
      loadOlder: (roomId) => history.loadOlder(roomId),
      hasOlder: (roomId) => history.hasOlder(roomId),
      openAt: (roomId, messageId) => history.openAt(roomId, messageId),
      loadNewer: (roomId) => history.loadNewer(roomId),
      hasNewer: (roomId) => history.hasNewer(roomId),
      jumpToLatest: (roomId) => history.jumpToLatest(roomId),
    },

    threads: {
      open: (roomId, messageId) => threads.open(roomId, messageId),
      loadOlder: (messageId) => threads.loadOlder(messageId),
      hasOlder: (messageId) => threads.hasOlder(messageId),
      close: (messageId) => threads.close(messageId),
    },

    rooms: {
      async refresh() {
        const rooms = await api.listRooms();
        store.dispatch({ type: 'rooms/loaded', rooms });
        await lifecycle.startRooms(rooms.map((r) => r.id));
      },
      async openDirect(userId) {
        const room = await api.openDirectRoom(userId);
        store.dispatch({ type: 'room/fetched', room });
        return room;
      },
      async createGroup(name, participantIds) {
        const room = await api.createGroupRoom(name, participantIds);
        store.dispatch({ type: 'room/fetched', room });
        return room;
      },
      addMember: (roomId, userId) => api.addMember(roomId, userId),
      async removeMember(roomId, userId) {
        await api.removeMember(roomId, userId);
        // This socket gets `room:removed` too; leaving at the answer does not wait for it.
        if (userId === store.getState().me?.id) store.dispatch({ type: 'room/left', roomId });
      },
      update: (roomId, changes) => api.updateRoom(roomId, changes),
      async mute(roomId, muted, mentions) {
        const room = await api.muteRoom(roomId, muted, mentions);
        store.dispatch({ type: 'room/fetched', room });
        return room;
      },
    },
  };
}
