import { useEffect, useRef, useState } from 'preact/hooks';
import { applyAccent } from './accent.js';
import type { FrameMode, SiteLook } from './frame-mode.js';
import type { HostChannel } from './host-channel.js';
import { Launcher } from './launcher.js';
import type { HostFacts } from './use-visitor-chat.js';
import { useVisitorChat } from './use-visitor-chat.js';

/**
 * The frame app's root. Until the visitor opens the panel it is only the launcher: no session
 * (each new one opens a conversation and rings every agent: a page view must not), and no SDK:
 * a returning visitor's unread badge comes from a light chunk (./unread/unread-watch.ts).
 */
export function App(props: { mode: FrameMode; look: SiteLook | undefined; host: HostChannel }) {
  const { mode, host } = props;
  const [open, setOpen] = useState(mode.kind === 'page');
  const fromHost = useRef<HostFacts>({ context: {} });
  const visitor = useVisitorChat(mode, host, fromHost);
  const launcher = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(open);

  const show = () => {
    host.send({ natter: 'layout', layout: 'open' });
    setOpen(true);
    // Each opening asks again: a conversation resolved meanwhile gives way to a new one.
    void visitor.openConversation();
  };
  const hide = () => {
    setOpen(false);
    host.send({ natter: 'layout', layout: 'closed' });
  };

  useEffect(() => {
    applyAccent(props.look?.accentColor);
    if (mode.kind === 'page') {
      void visitor.openConversation();
      return undefined;
    }
    const stop = host.listen((message) => {
      switch (message.natter) {
        case 'init':
          fromHost.current = { context: message.context, identity: message.identity };
          visitor.resume();
          break;
        case 'screen':
          document.documentElement.classList.toggle('full-screen', message.narrow);
          break;
        case 'open':
          show();
          break;
        case 'close':
          hide();
          break;
        case 'identify':
          fromHost.current.identity = message.identity;
          visitor.identityChanged();
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

  const { loaded } = visitor;
  const siteName = (visitor.ready && loaded?.chat.current.site.name) || props.look?.name;
  const onClose = mode.kind === 'widget' ? hide : undefined;

  if (!open) {
    return (
      <Launcher siteName={siteName} unread={visitor.unread} onOpen={show} buttonRef={launcher} />
    );
  }
  if (visitor.ready && loaded) {
    return (
      <loaded.chunk.Panel
        chat={loaded.chat}
        visible={open}
        onClose={onClose}
        standalone={mode.kind === 'page'}
      />
    );
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
      <p class="connecting" role={visitor.failure ? 'alert' : 'status'}>
        {visitor.failure ? `The chat is unavailable: ${visitor.failure}` : 'Connecting…'}
      </p>
    </section>
  );
}
