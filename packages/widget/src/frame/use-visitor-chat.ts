import type { WidgetSessionBody, WidgetSessionResponse } from '@natter/protocol';
import { useRef, useState } from 'preact/hooks';
import type { AgentMessage, FrameToHost, Identity, PageContext } from '../shared/frame-messages.js';
import { applyAccent } from './accent.js';
import type * as ChatChunk from './chat/index.js';
import type { VisitorChat } from './chat/visitor-chat.js';
import type { FrameMode } from './frame-mode.js';
import { forgetVisitorToken, loadVisitorToken, saveVisitorToken } from './token-storage.js';
import type { UnreadWatch } from './unread/unread-watch.js';
import { startLinkSession, startWidgetSession } from './visitor-api.js';

/** The lazily loaded chat chunk and the chat it started. */
export interface LoadedChat {
  chunk: typeof ChatChunk;
  chat: VisitorChat;
}

/** What the host told the frame: where the visitor is, and who (a verified identity). */
export interface HostFacts {
  context: PageContext;
  identity?: Identity;
}

/**
 * The visitor's chat for the frame app, in two steps. `resume`: a returning visitor (a stored
 * token) watches their unread count through the light chunk (a REST call and a bare socket), with
 * no session and no SDK. `openConversation`: the panel opens, so the watch ends, a session is
 * started or resumed (the one call that may open a conversation and ring the agents) and the chat
 * chunk (the SDK and the panel) is imported to show its conversation.
 */
export function useVisitorChat(
  mode: FrameMode,
  host: { send(message: FrameToHost): void },
  fromHost: { current: HostFacts },
) {
  const [loaded, setLoaded] = useState<LoadedChat>();
  const [ready, setReady] = useState(false);
  const [failure, setFailure] = useState<string>();
  const [unread, setUnread] = useState(0);
  const connecting = useRef<Promise<LoadedChat>>(undefined);
  const watching = useRef<Promise<UnreadWatch>>(undefined);
  const opening = useRef(false);
  const adopted = useRef(false);

  const hostEvents = {
    onUnread: (count: number) => {
      setUnread(count);
      host.send({ natter: 'unread', count });
    },
    onAgentMessage: (message: AgentMessage) => host.send({ natter: 'message', message }),
  };

  const connect = (token: string): Promise<LoadedChat> => {
    connecting.current ??= (async () => {
      const chunk = await import('./chat/index.js');
      const chat = await chunk.VisitorChat.connect(token, hostEvents);
      const result = { chunk, chat };
      setLoaded(result);
      return result;
    })();
    connecting.current.catch(() => (connecting.current = undefined));
    return connecting.current;
  };

  const openSession = async (): Promise<WidgetSessionResponse> => {
    if (mode.kind === 'page') return startLinkSession(mode.link);
    const { context, identity } = fromHost.current;
    const body: WidgetSessionBody = { siteKey: mode.siteKey, context };
    const visitorToken = loadVisitorToken(mode.siteKey);
    if (visitorToken) body.visitorToken = visitorToken;
    if (identity) Object.assign(body, identity);
    const session = await startWidgetSession(body);
    saveVisitorToken(mode.siteKey, session.token);
    return session;
  };

  return {
    loaded,
    /** A session was adopted: the panel can show its conversation. */
    ready,
    failure,
    unread,

    resume(): void {
      if (mode.kind !== 'widget') return;
      const { siteKey } = mode;
      const token = loadVisitorToken(siteKey);
      if (!token || watching.current) return;
      watching.current = import('./unread/unread-watch.js').then(({ watchUnread }) =>
        watchUnread(token, { ...hostEvents, onRefused: () => forgetVisitorToken(siteKey) }),
      );
      // The light chunk failed to load (offline): the badge waits for the next page view.
      watching.current.catch(() => undefined);
    },

    /** A new identity from the host: an open chat switches to that visitor now. */
    identityChanged(): void {
      if (adopted.current) void this.openConversation();
    },

    async openConversation(): Promise<void> {
      if (opening.current) return;
      opening.current = true;
      setFailure(undefined);
      // The SDK takes over the counts: the light watch ends (for good: the chat stays loaded).
      void watching.current?.then((watch) => watch.close());
      try {
        const session = openSession();
        // A chat already connected adopts the call itself: its panel is on screen, and what the
        // visitor sends meanwhile waits for the answer (it may be a new conversation).
        const pending = connecting.current?.catch(() => undefined);
        const { chat } = (await pending) ?? (await connect((await session).token));
        await chat.adopt(session);
        const { site } = await session;
        applyAccent(site.accentColor);
        if (mode.kind === 'page') document.title = `Chat with ${site.name}`;
        adopted.current = true;
        setReady(true);
      } catch (error) {
        setFailure(error instanceof Error ? error.message : 'The chat is unavailable.');
      } finally {
        opening.current = false;
      }
    },
  };
}
