import type { NatterClient } from '@natter/client';
import { createNatterClient, selectTimeline, selectUnreadTotal } from '@natter/client';
import type { WidgetSessionResponse } from '@natter/protocol';
import type { AgentMessage } from '../../shared/frame-messages.js';

export interface VisitorChatEvents {
  /** Agent messages the visitor has not read, over all their conversations. */
  onUnread(count: number): void;
  /** A new message from the site's agents (not the visitor's own, not history). */
  onAgentMessage(message: AgentMessage): void;
}

/**
 * A visitor's live chat: the SDK's client on the visitor's token, the session it came from (the
 * conversation, the site, the link), and the two things the host hears of (unread, new agent
 * messages). A new session (re-opened widget, new identity) is adopted without reconnecting
 * unless its token changed.
 */
export class VisitorChat {
  private session: WidgetSessionResponse;
  private readonly seen = new Set<string>();
  private unread = -1;
  private readonly listeners = new Set<() => void>();

  private constructor(
    readonly client: NatterClient,
    session: WidgetSessionResponse,
    private readonly events: VisitorChatEvents,
  ) {
    this.session = session;
  }

  static async start(
    session: WidgetSessionResponse,
    events: VisitorChatEvents,
  ): Promise<VisitorChat> {
    const client = createNatterClient({ baseUrl: location.origin, token: session.token });
    const chat = new VisitorChat(client, session, events);
    await client.connect();
    await chat.loadConversation();
    chat.markSeen();
    client.subscribe(() => chat.onState());
    chat.onState();
    return chat;
  }

  get current(): WidgetSessionResponse {
    return this.session;
  }

  get roomId(): string {
    return this.session.room.id;
  }

  /** A later session's answer: maybe a new conversation (the old one was resolved), new details. */
  async adopt(session: WidgetSessionResponse): Promise<void> {
    const tokenChanged = session.token !== this.session.token;
    this.session = session;
    if (tokenChanged) {
      this.client.setToken(session.token);
      this.client.disconnect();
      await this.client.connect();
    } else if (!this.client.getState().rooms[session.room.id]) {
      await this.client.rooms.refresh();
    }
    await this.loadConversation();
    this.markSeen();
    this.notify();
  }

  /** The visitor's details changed (pre-chat or offline form). */
  updateVisitor(visitor: WidgetSessionResponse['visitor']): void {
    this.session = { ...this.session, visitor };
    this.notify();
  }

  /** For UIs: called when the session (not the chat state: subscribe to the client) changes. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.client.close();
  }

  private notify() {
    for (const listener of this.listeners) listener();
  }

  /** The conversation's latest page, once: connecting catches up rooms, not their history. */
  private async loadConversation() {
    const timeline = this.client.getState().timelines[this.roomId];
    if (!timeline || timeline.messages.length === 0)
      await this.client.history.loadOlder(this.roomId);
  }

  /** What is there at connect is history: only later messages are news for the host. */
  private markSeen() {
    const state = this.client.getState();
    for (const roomId of Object.keys(state.rooms)) {
      for (const message of selectTimeline(state, roomId))
        if (message.id) this.seen.add(message.id);
    }
  }

  private onState() {
    const state = this.client.getState();
    const unread = selectUnreadTotal(state);
    if (unread !== this.unread) {
      this.unread = unread;
      this.events.onUnread(unread);
    }
    for (const message of selectTimeline(state, this.roomId)) {
      if (!message.id || this.seen.has(message.id)) continue;
      this.seen.add(message.id);
      if (message.own) continue;
      this.events.onAgentMessage({
        id: message.id,
        content: message.content,
        senderName: message.sender.displayName,
        createdAt: message.createdAt,
      });
    }
  }
}
