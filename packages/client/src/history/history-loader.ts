import type { MessagesLoadPayload, MessagesPage } from '@natter/protocol';
import type { ChatEvent } from '../store/actions.js';
import type { Store } from '../store/create-store.js';
import type { ChatState } from '../store/state.js';

export interface HistoryLoaderDeps {
  store: Store<ChatState, ChatEvent>;
  load(payload: MessagesLoadPayload): Promise<MessagesPage>;
  pageSize: number;
}

/**
 * Loads a room's history page by page with the server's opaque cursors: back from the newest
 * message, or both ways from a message far back (a history window, see window-reducer.ts). Calls
 * made while a page is on its way share it, so a scroll handler may call freely.
 */
export class HistoryLoader {
  private readonly loading = new Map<string, Promise<{ hasMore: boolean }>>();

  constructor(private readonly deps: HistoryLoaderDeps) {}

  /**
   * Loads the next older page of what the room shows (its window, else its timeline: the newest
   * page the first time) into the store. Resolves with whether older messages remain.
   */
  loadOlder(roomId: string): Promise<{ hasMore: boolean }> {
    const window = this.deps.store.getState().windows[roomId];
    if (window) return this.once(`older:${roomId}`, () => this.extendWindow(roomId, 'older'));
    return this.once(roomId, () => this.loadPage(roomId));
  }

  /** Whether a room may have messages older than those it shows. */
  hasOlder(roomId: string): boolean {
    const state = this.deps.store.getState();
    const window = state.windows[roomId];
    if (window) return window.hasOlder;
    const timeline = state.timelines[roomId];
    return !timeline?.historyLoaded || timeline.hasOlder;
  }

  /**
   * Shows the room at one of its messages, with the history on either side: a window apart from
   * the live tail, unless the message is already in the loaded timeline.
   */
  async openAt(roomId: string, messageId: string): Promise<void> {
    const state = this.deps.store.getState();
    const timeline = state.timelines[roomId];
    if (timeline?.historyLoaded && timeline.messages.some((m) => m.id === messageId)) {
      this.deps.store.dispatch({ type: 'window/closed', roomId });
      return;
    }
    const page = await this.deps.load({ roomId, around: messageId, limit: this.deps.pageSize });
    this.deps.store.dispatch({ type: 'window/opened', roomId, anchorId: messageId, page });
  }

  /**
   * Loads the page after the room's window; when none is newer, the window joins the live tail.
   * Resolves with whether newer messages remain (false without a window).
   */
  loadNewer(roomId: string): Promise<{ hasMore: boolean }> {
    if (!this.deps.store.getState().windows[roomId]) return Promise.resolve({ hasMore: false });
    return this.once(`newer:${roomId}`, () => this.extendWindow(roomId, 'newer'));
  }

  /** Whether a room shows a window with messages newer than it (not at its live tail). */
  hasNewer(roomId: string): boolean {
    return this.deps.store.getState().windows[roomId] !== undefined;
  }

  /** Back to the room's live tail, its newest messages. */
  jumpToLatest(roomId: string): void {
    this.deps.store.dispatch({ type: 'window/closed', roomId });
  }

  private once(key: string, run: () => Promise<{ hasMore: boolean }>) {
    const running = this.loading.get(key);
    if (running) return running;
    const promise = run().finally(() => this.loading.delete(key));
    this.loading.set(key, promise);
    return promise;
  }

  private async loadPage(roomId: string): Promise<{ hasMore: boolean }> {
    const timeline = this.deps.store.getState().timelines[roomId];
    const before = timeline?.historyLoaded ? timeline.olderCursor : undefined;
    if (timeline?.historyLoaded && (!timeline.hasOlder || before === undefined)) {
      return { hasMore: false };
    }
    const payload: MessagesLoadPayload = { roomId, limit: this.deps.pageSize };
    if (before !== undefined) payload.before = before;
    const page = await this.deps.load(payload);
    this.deps.store.dispatch({ type: 'history/loaded', roomId, page, before });
    return { hasMore: page.hasMore };
  }

  private async extendWindow(
    roomId: string,
    direction: 'older' | 'newer',
  ): Promise<{ hasMore: boolean }> {
    const window = this.deps.store.getState().windows[roomId];
    const cursor = direction === 'older' ? window?.olderCursor : window?.newerCursor;
    if (!window || cursor === undefined) return { hasMore: false };
    const payload: MessagesLoadPayload = { roomId, limit: this.deps.pageSize };
    if (direction === 'older') payload.before = cursor;
    else payload.after = cursor;
    const page = await this.deps.load(payload);
    const { anchorId } = window;
    this.deps.store.dispatch({ type: 'window/extended', roomId, anchorId, direction, page });
    return { hasMore: direction === 'older' ? page.hasMore : (page.hasNewer ?? false) };
  }
}
