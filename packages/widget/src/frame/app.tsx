import type { WidgetSessionBody, WidgetSessionResponse } from '@natter/protocol';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Identity, PageContext } from '../shared/frame-messages.js';
import { applyAccent } from './accent.js';
import type * as ChatChunk from './chat/index.js';
import type { VisitorChat } from './chat/visitor-chat.js';
import type { FrameMode, SiteLook } from './frame-mode.js';
import type { HostChannel } from './host-channel.js';
import { Launcher } from './launcher.js';
import { loadVisitorToken, saveVisitorToken } from './token-storage.js';
import { startLinkSession, startWidgetSession } from './visitor-api.js';

type ChatModule = typeof ChatChunk;

/**
 * The frame app's root. Until the visitor opens the panel it is only the launcher: no session
 * (each new one opens a conversation and rings every agent, a page view must not), no SDK. A
 * returning visitor (a stored token) connects at start, for the unread badge.
 */
export function App(props: { mode: FrameMode; look: SiteLook | undefined; host: HostChannel }) {
  const { mode, host } = props;
  const [open, setOpen] = useState(mode.kind === 'page');
  const [chatModule, setChatModule] = useState<ChatModule>();
  const [chat, setChat] = useState<VisitorChat>();
  const [failure, setFailure] = useState<string>();
  const [unread, setUnread] = useState(0);
  const fromHost = useRef<{ context: PageContext; identity?: Identity }>({ context: {} });
  const starting = useRef<Promise<void>>(undefined);
  const chatRef = useRef<VisitorChat>(undefined);
  const launcher = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(open);

  const openSession = async (): Promise<WidgetSessionResponse> => {
    if (mode.kind === 'page') return startLinkSession(mode.link);
    const { context, identity } = fromHost.current;
    const visitorToken = loadVisitorToken(mode.siteKey);
    const body: WidgetSessionBody = { siteKey: mode.siteKey, context };
    if (visitorToken) body.visitorToken = visitorToken;
    if (identity) Object.assign(body, identity);
    const session = await startWidgetSession(body);
    saveVisitorToken(mode.siteKey, session.token);
    return session;
  };

  /** Starts the chat once; later, a new session (a resolved conversation gives way to a new one). */
  const startOrRefresh = (): Promise<void> => {
    if (starting.current) {
      return starting.current.then(async () => {
        if (chatRef.current) await chatRef.current.adopt(await openSession());
      });
    }
    starting.current = (async () => {
      const [session, loaded] = await Promise.all([openSession(), import('./chat/index.js')]);
      applyAccent(session.site.accentColor);
      const started = await loaded.VisitorChat.start(session, {
        onUnread: (count) => {
          setUnread(count);
          host.send({ natter: 'unread', count });
        },
        onAgentMessage: (message) => host.send({ natter: 'message', message }),
      });
      chatRef.current = started;
      setChatModule(loaded);
      setChat(started);
      if (mode.kind === 'page') document.title = `Chat with ${session.site.name}`;
    })();
    return starting.current.catch((error: unknown) => {
      starting.current = undefined;
      setFailure(error instanceof Error ? error.message : 'The chat is unavailable.');
    });
  };
  const show = () => {
    setFailure(undefined);
    host.send({ natter: 'layout', layout: 'open' });
    setOpen(true);
    void startOrRefresh();
  };
  const hide = () => {
    setOpen(false);
    host.send({ natter: 'layout', layout: 'closed' });
  };

  useEffect(() => {
    applyAccent(props.look?.accentColor);
    if (mode.kind === 'page') {
      void startOrRefresh();
      return undefined;
    }
    const stop = host.listen((message) => {
      switch (message.natter) {
        case 'init':
          fromHost.current = { context: message.context, identity: message.identity };
          if (loadVisitorToken(mode.siteKey)) void startOrRefresh();
          break;
        case 'open':
          show();
          break;
        case 'close':
          hide();
          break;
        case 'screen':
          document.documentElement.classList.toggle('full-screen', message.narrow);
          break;
        case 'identify':
          fromHost.current.identity = message.identity;
          if (chatRef.current) void startOrRefresh();
          break;
      }
    });
    host.send({ natter: 'ready' });
    return stop;
  }, []);

  // Closing gives the focus back to the launcher (not on the first render: the host's page has it).
  useEffect(() => {
    if (wasOpen.current && !open) launcher.current?.focus();
    wasOpen.current = open;
  }, [open]);

  const siteName = chat?.current.site.name ?? props.look?.name;
  const onClose = mode.kind === 'widget' ? hide : undefined;

  if (!open) {
    return <Launcher siteName={siteName} unread={unread} onOpen={show} buttonRef={launcher} />;
  }
  if (chat && chatModule) {
    return <chatModule.Panel chat={chat} visible={open} onClose={onClose} />;
  }
  return (
    <section
      class="panel"
      aria-label={siteName ? `Chat with ${siteName}` : 'Chat'}
      onKeyDown={(event) => event.key === 'Escape' && onClose?.()}
    >
      <header class="panel-header">
        <h1>{siteName ?? 'Chat'}</h1>
        {onClose && (
          <button type="button" class="close" aria-label="Close chat" onClick={onClose}>
            ×
          </button>
        )}
      </header>
      <p class="connecting" role={failure ? 'alert' : 'status'}>
        {failure ? `The chat is unavailable: ${failure}` : 'Connecting…'}
      </p>
    </section>
  );
}
