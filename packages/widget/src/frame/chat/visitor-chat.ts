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
 * A visitor's live chat: the SDK's client on the visitor's token, and the two things the host
 * hears of (unread, new agent messages). It connects when the panel opens, then adopts the
 * session (the conversation, the site, the link). Before that, a returning visitor's badge is
 * counted by the light chunk (../unread/unread-watch.ts), not by the SDK.
 */
export class VisitorChat {
  private session: WidgetSessionResponse | undefined;
  /** The session being adopted, if any; settles (never rejects) once it is in or has failed. */
  private adopting: Promise<void> | undefined;
  private readonly seen = new Set<string>();
  private unread = -1;
  private readonly listeners = new Set<() => void>();

  private constructor(
    readonly client: NatterClient,
    private token: string,
    private readonly events: VisitorChatEvents,
  ) {}

  /** Connects as the visitor; rejects with the SDK's `unauthorized` for a refused token. */
  static async connect(token: string, events: VisitorChatEvents): Promise<VisitorChat> {
    const client = createNatterClient({ baseUrl: location.origin, token });
    const chat = new VisitorChat(client, token, events);
    try {
      await client.connect();
    } catch (error) {
      client.close();
      throw error;
    }
    chat.markSeen();
    client.subscribe(() => chat.onState());
    chat.onState();
    return chat;
  }

  /** The adopted session; the panel is drawn only once there is one. */
  get current(): WidgetSessionResponse {
    if (!this.session) throw new Error('no widget session adopted yet');
    return this.session;
  }

  get roomId(): string {
    return this.current.room.id;
  }

  /**
   * A session's answer: the conversation to show (maybe a new one: the old one was resolved),
   * the site, the visitor. A new token (another visitor: a verified identity) reconnects. Takes
   * the session call itself: while it is out, what the visitor sends waits for it (`send`).
   */
  adopt(session: Promise<WidgetSessionResponse>): Promise<void> {
    const adopting = session.then((answer) => this.adoptNow(answer));
    this.adopting = adopting.catch(() => undefined);
    return adopting;
  }

  /**
   * Sends into the conversation on screen once any session being adopted is in: a panel reopened
   * after its conversation was resolved still shows the old one for a moment, and a message typed
   * then belongs to the new one.
   */
  async send(content: string): Promise<void> {
    await this.adopting;
    this.client.send(this.roomId, content);
  }

  async sendFiles(files: File[]): Promise<void> {
    await this.adopting;
    this.client.sendFiles(this.roomId, files);
  }

  private async adoptNow(session: WidgetSessionResponse): Promise<void> {
    if (session.token !== this.token) {
      this.token = session.token;
      this.client.setToken(session.token);
      this.client.disconnect();
      await this.client.connect();
    } else if (!this.client.getState().rooms[session.room.id]) {
      await this.client.rooms.refresh();
    }
    this.session = session;
    const timeline = this.client.getState().timelines[session.room.id];
    // Connecting catches rooms up, not their history: the conversation's latest page, once.
    if (!timeline || timeline.messages.length === 0) {
      await this.client.history.loadOlder(session.room.id);
    }
    this.markSeen();
    this.notify();
  }

  /** The visitor's details changed (pre-chat or offline form). */
  updateVisitor(visitor: WidgetSessionResponse['visitor']): void {
    this.session = { ...this.current, visitor };
    this.notify();
  }

  /** For UIs: called when the session (not the chat state: subscribe to the client) changes. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify() {
    for (const listener of this.listeners) listener();
  }

  /** Every message in the store now: what is there at connect or load is history, not news. */
  private messages() {
    const state = this.client.getState();
    return Object.keys(state.rooms).flatMap((roomId) => selectTimeline(state, roomId));
  }

  private markSeen() {
    for (const message of this.messages()) if (message.id) this.seen.add(message.id);
  }

  private onState() {
    const unread = selectUnreadTotal(this.client.getState());
    if (unread !== this.unread) {
      this.unread = unread;
      this.events.onUnread(unread);
    }
    for (const message of this.messages()) {
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
