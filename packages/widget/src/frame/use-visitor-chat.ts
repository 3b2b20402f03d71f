import type { WidgetSessionBody, WidgetSessionResponse } from '@natter/protocol';
import { useRef, useState } from 'preact/hooks';
import type { FrameToHost, Identity, PageContext } from '../shared/frame-messages.js';
import { applyAccent } from './accent.js';
import type * as ChatChunk from './chat/index.js';
import type { VisitorChat } from './chat/visitor-chat.js';
import type { FrameMode } from './frame-mode.js';
import { forgetVisitorToken, loadVisitorToken, saveVisitorToken } from './token-storage.js';
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
 * token) connects for the unread badge, without a session. `openConversation`: the panel opens,
 * so a session is started or resumed (the one call that may open a conversation and ring the
 * agents) and its conversation shown. The chat chunk (the SDK) is imported by either.
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
  const opening = useRef(false);
  const adopted = useRef(false);

  const connect = (token: string): Promise<LoadedChat> => {
    connecting.current ??= (async () => {
      const chunk = await import('./chat/index.js');
      const chat = await chunk.VisitorChat.connect(token, {
        onUnread: (count) => {
          setUnread(count);
          host.send({ natter: 'unread', count });
        },
        onAgentMessage: (message) => host.send({ natter: 'message', message }),
      });
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
      const token = loadVisitorToken(mode.siteKey);
      if (!token) return;
      connect(token).catch((error: unknown) => {
        // An ended token is forgotten; anything else (offline) is retried at the next opening.
        if ((error as { code?: unknown }).code === 'unauthorized') forgetVisitorToken(mode.siteKey);
      });
    },

    /** A new identity from the host: an open chat switches to that visitor now. */
    identityChanged(): void {
      if (adopted.current) void this.openConversation();
    },

    async openConversation(): Promise<void> {
      if (opening.current) return;
      opening.current = true;
      setFailure(undefined);
      try {
        const session = await openSession();
        const pending = connecting.current?.catch(() => undefined);
        const { chat } = (await pending) ?? (await connect(session.token));
        await chat.adopt(session);
        applyAccent(session.site.accentColor);
        if (mode.kind === 'page') document.title = `Chat with ${session.site.name}`;
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
