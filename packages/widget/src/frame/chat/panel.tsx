import { selectTimeline, selectTypingUsers, watchPageVisibility } from '@natter/client';
import { useEffect, useRef } from 'preact/hooks';
import { Composer } from './composer.js';
import { trapFocus } from './focus-trap.js';
import { MessageItem } from './message-item.js';
import { replyExpectation } from './reply-expectation.js';
import { ReplyNotifications } from './reply-notifications.js';
import { useChatState } from './use-chat-state.js';
import type { VisitorChat } from './visitor-chat.js';
import { VisitorForm } from './visitor-form.js';

/** The name the server gives a visitor who has not told theirs (visitor-service.ts). */
const UNNAMED_VISITOR = 'Visitor';

export interface PanelProps {
  chat: VisitorChat;
  /** Whether the visitor can see the panel (the widget's is closed at times; the page's never). */
  visible: boolean;
  /** The widget's close button; the standalone page has none. */
  onClose?: () => void;
  /** The standalone `/c/` page, on our own origin: it may offer push notifications. */
  standalone?: boolean;
}

/**
 * The open widget: the site and whether someone is there, the greeting and the conversation
 * (announced as a log), the pre-chat or offline form when the site asks, the message box, and
 * the conversation's own link.
 */
export function Panel(props: PanelProps) {
  const { chat, onClose } = props;
  const state = useChatState(chat);
  const { site, visitor, link, room } = chat.current;
  const timeline = selectTimeline(state, room.id);
  const typists = selectTypingUsers(state, room.id);
  const panel = useRef<HTMLElement>(null);
  const log = useRef<HTMLDivElement>(null);
  const input = useRef<HTMLTextAreaElement>(null);

  const hasWritten = timeline.some((message) => message.own);
  const askName = site.preChat.askName && visitor.displayName === UNNAMED_VISITOR;
  const askEmail = site.preChat.askEmail && visitor.email === undefined;
  const preChat = !hasWritten && (askName || askEmail);

  // The standalone page is the whole chat: while it is hidden, the visitor gets pushes. (In the
  // widget the host's page is what shows, and its visitors have no push.)
  useEffect(() => (props.standalone ? watchPageVisibility(chat.client, document) : undefined), []);

  useEffect(() => {
    if (props.visible) (input.current ?? panel.current)?.focus();
  }, [props.visible, preChat]);

  // The newest message in view (also when its link preview arrives and makes it taller); read
  // marks only while the visitor can see it.
  const last = timeline.at(-1);
  useEffect(() => {
    log.current?.scrollTo({ top: log.current.scrollHeight });
    if (!props.visible || document.visibilityState !== 'visible') return;
    const lastOfOthers = [...timeline].reverse().find((message) => !message.own && message.id);
    if (lastOfOthers?.id) chat.client.markRead(room.id, lastOfOthers.id);
  }, [last?.key, last?.status, last?.preview?.url, props.visible, room.id]);

  return (
    <section
      ref={panel}
      class="panel"
      aria-label={`Chat with ${site.name}`}
      tabIndex={-1}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && onClose) onClose();
        if (panel.current) trapFocus(event, panel.current);
      }}
    >
      <header class="panel-header">
        <div>
          <h1>{site.name}</h1>
          <p class="presence">
            <span class={site.online ? 'dot online' : 'dot'} aria-hidden="true" />
            {site.online ? 'Online' : 'Away'}
          </p>
        </div>
        {onClose && (
          <button type="button" class="close" aria-label="Close chat" onClick={onClose}>
            ×
          </button>
        )}
      </header>
      {props.standalone && <ReplyNotifications chat={chat} />}

      {!site.online && (
        <div class="offline">
          <p>
            We're away right now. {replyExpectation(site.expectedReplyMinutes)} Your message will be
            kept for us.
          </p>
          {visitor.email === undefined && !preChat && (
            <VisitorForm
              chat={chat}
              title="Where should we send our reply?"
              askName={false}
              askEmail
              submitLabel="Save email"
            />
          )}
          {visitor.email !== undefined && <p>We'll reply to {visitor.email}.</p>}
        </div>
      )}

      <div ref={log} class="log" role="log" aria-live="polite" aria-label="Messages">
        <ol class="messages">
          {site.greeting && (
            <li class="message greeting">
              <span class="sender">{site.name}</span>
              <p class="content">{site.greeting}</p>
            </li>
          )}
          {timeline.map((message) => (
            <MessageItem
              key={message.key}
              message={message}
              me={state.me}
              onRetry={(id) => chat.client.retry(id)}
            />
          ))}
        </ol>
      </div>
      <p class="typing" aria-live="polite">
        {typists.length > 0 ? 'Agent is typing…' : ''}
      </p>

      {preChat ? (
        <VisitorForm
          chat={chat}
          title="Before we start, tell us who you are"
          askName={askName}
          askEmail={askEmail}
          submitLabel="Start chat"
        />
      ) : (
        <Composer chat={chat} inputRef={input} />
      )}

      <footer class="panel-footer">
        {/* Push (issue #13): the opt-in for reply notifications goes beside this link. */}
        <a href={link} target="_blank" rel="noopener">
          Continue on another device or in a new tab
        </a>
      </footer>
    </section>
  );
}
