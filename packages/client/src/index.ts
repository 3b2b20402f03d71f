/**
 * @natter/client: the headless Natter SDK. Framework-agnostic (no React), for browsers and Node.
 *
 * ```ts
 * const client = createNatterClient({ baseUrl: 'https://chat.example.com', token });
 * await client.connect();
 * client.send(roomId, 'hello');
 * ```
 *
 * See docs/client-sdk.md.
 */
export { createNatterClient } from './client.js';
export type { NatterClient, NatterClientOptions } from './client.js';
export { NatterError, isTransient } from './natter-error.js';
export type { NatterErrorCode, NatterErrorDetails } from './natter-error.js';
export type {
  FileLike,
  RestoredMessage,
  SendFilesOptions,
  SendOptions,
  UploadInput,
} from './outbox/outbox.js';
export { createMemoryOutboxStore } from './outbox/memory-outbox-store.js';
export type {
  ClaimedMessage,
  OutboxStore,
  SavedMessage,
  SavedUpload,
} from './outbox/outbox-store.js';
export { FILE_TOO_LARGE_MESSAGE } from './outbox/outbox.js';
export type { UploadRequest, UploadTransport } from './transport/upload-transport.js';
export { createRestClient, login, register } from './transport/rest-api.js';
export type {
  CredentialsOptions,
  RestApi,
  RestClientOptions,
  UploadTicket,
  UploadTicketRequest,
} from './transport/rest-api.js';
export type { FetchLike } from './transport/http-client.js';
export type { SearchOptions } from './transport/search-api.js';
export type { PrivacyApi } from './transport/privacy-api.js';
export type { PushApi } from './transport/push-api.js';
export { createSupportApi, createSupportClient } from './transport/support-api.js';
export type { Agent, SupportAccess, SupportApi } from './transport/support-api.js';
export { createWebhookApi, createWebhookClient } from './transport/webhook-api.js';
export type { WebhookApi } from './transport/webhook-api.js';
export type { NatterSocket, SocketClientOptions } from './transport/socket-connection.js';
export { watchPageVisibility } from './visibility/watch-page-visibility.js';
export type { VisibilitySource } from './visibility/watch-page-visibility.js';

// The store, for UIs and for tests of UIs: state shape, the pure reducer and selectors.
export { applyEvent } from './store/apply-event.js';
export type { ChatEvent, LocalAction, ServerEventAction } from './store/actions.js';
export { createStore } from './store/create-store.js';
export type { ReadableStore, Store } from './store/create-store.js';
export { initialState } from './store/state.js';
export type {
  ChatState,
  ConnectionState,
  ConnectionStatus,
  DisplayStatus,
  HistoryWindow,
  LocalStatus,
  Marks,
  PendingMessage,
  PendingUpload,
  ReactionIntents,
  RoomState,
  Thread,
  Timeline,
  UnreadBase,
} from './store/state.js';
export {
  selectMessageStatus,
  selectPresence,
  selectRooms,
  selectThread,
  selectTimeline,
  selectTypingUsers,
  selectUnreadTotal,
  selectWindow,
} from './store/selectors.js';
export type { ThreadView, TimelineMessage } from './store/selectors.js';
export { TYPING_INDICATOR_TTL_MS } from './store/typing-reducer.js';

// The building blocks, for embedders that wire their own transport.
export { Outbox } from './outbox/outbox.js';
export type { OutboxDeps } from './outbox/outbox.js';
export { TypingInput } from './typing/typing-input.js';
export type { TypingInputOptions } from './typing/typing-input.js';

// Web Push for the browser the SDK runs in (docs/client-sdk.md "Notifications").
export {
  browserPushState,
  browserPushSupported,
  disableBrowserPush,
  enableBrowserPush,
  resyncBrowserPush,
} from './push/browser-push.js';
export type { BrowserPushOptions, BrowserPushState } from './push/browser-push.js';
