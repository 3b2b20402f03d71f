import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { selectThread } from '@natter/client';
import type { TimelineMessage } from '@natter/client';
import type { ComposerMode } from '../lib/composer-mode.js';
import { NEW_MESSAGE, lastEditable } from '../lib/composer-mode.js';
import { finePointer } from '../lib/pointer.js';
import { replyCountText } from '../lib/message-labels.js';
import { useChat, useClient } from '../state/client-context.js';
import { Composer } from './composer.js';
import { Icon } from './icon.js';
import { MessageItem } from './message-item.js';

interface ThreadPanelProps {
  roomId: string;
  parentId: string;
  meId: string;
  /** Group rooms name and picture the senders, as the room's own list does. */
  showSenders: boolean;
  onClose: () => void;
  onDelete: (message: TimelineMessage) => void;
  onProblem: (text: string) => void;
}

/** Within this many pixels of the bottom counts as "at the bottom": new replies keep it there. */
const STICK_PX = 48;
const noJump = () => undefined;

/**
 * A message's thread beside the conversation (a side panel on a desktop, the whole screen on a
 * phone): the message, its replies (older ones on demand, new ones live) and a composer whose
 * every message replies to it. Light on purpose: replies are ordinary messages of the room, so
 * they also show in the room, quoting their parent. Escape closes it.
 */
export function ThreadPanel(props: ThreadPanelProps) {
  const { roomId, parentId, meId, showSenders, onClose, onProblem } = props;
  const client = useClient();
  const view = useChat((s) => selectThread(s, parentId));
  const [failed, setFailed] = useState(false);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [mode, setMode] = useState<ComposerMode>(NEW_MESSAGE);
  const titleId = useId();
  const inputId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const scroll = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);

  useEffect(() => {
    setFailed(false);
    client.threads.open(roomId, parentId).catch(() => setFailed(true));
    return () => client.threads.close(parentId);
  }, [client, roomId, parentId]);

  // Focus moves into the panel: the composer takes it with a mouse (it focuses itself), the
  // heading on touch (no keyboard popping up).
  useEffect(() => {
    if (!finePointer()) heading.current?.focus();
  }, []);

  // Opens at the newest replies and follows new ones while at the bottom; older ones loaded
  // above keep what is on screen in place.
  const replies = view?.replies;
  const height = useRef(0);
  const firstKey = useRef<string | undefined>(undefined);
  useLayoutEffect(() => {
    const el = scroll.current;
    if (!el) return;
    const first = replies?.[0]?.key;
    if (firstKey.current !== undefined && first !== firstKey.current && !atBottom.current) {
      el.scrollTop += el.scrollHeight - height.current;
    } else if (atBottom.current) {
      el.scrollTop = el.scrollHeight;
    }
    firstKey.current = first;
    height.current = el.scrollHeight;
  }, [replies]);

  const reply = useCallback(() => document.getElementById(inputId)?.focus(), [inputId]);
  const edit = useCallback((message: TimelineMessage) => setMode({ kind: 'edit', message }), []);
  const loadOlder = () => {
    setLoadingOlder(true);
    client.threads
      .loadOlder(parentId)
      .catch(() => onProblem('Older replies could not be loaded.'))
      .finally(() => setLoadingOlder(false));
  };
  const keyDown = (event: KeyboardEvent) => {
    // Whatever inside handled Escape (leaving edit mode, a picker) marked it so.
    if (event.key === 'Escape' && !event.defaultPrevented) {
      event.preventDefault();
      onClose();
    }
  };

  const count = view?.parent?.replyCount ?? view?.replies.length ?? 0;
  const item = (message: TimelineMessage) => (
    <MessageItem
      key={message.key}
      message={message}
      meId={meId}
      groupStart
      groupEnd
      showSenders={showSenders}
      parent={undefined}
      highlighted={false}
      onReply={reply}
      onEdit={edit}
      onDelete={props.onDelete}
      onJumpTo={noJump}
    />
  );

  return (
    <aside className="thread-panel" aria-labelledby={titleId} onKeyDown={keyDown}>
      <header className="thread-header">
        <h2 id={titleId} ref={heading} tabIndex={-1}>
          Thread
        </h2>
        <button
          type="button"
          className="icon-button"
          aria-label="Close thread"
          title="Close (Esc)"
          onClick={onClose}
        >
          <Icon name="close" />
        </button>
      </header>
      <div
        className="thread-scroll"
        ref={scroll}
        onScroll={() => {
          const el = scroll.current;
          if (el) atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < STICK_PX;
        }}
      >
        {failed && (
          <p className="notice" role="alert">
            This thread could not be opened: the message may have been deleted.
          </p>
        )}
        {!view && !failed && (
          <div className="history-loading" aria-hidden="true">
            <span className="spinner" />
          </div>
        )}
        {view?.parent && <div className="thread-parent">{item(view.parent)}</div>}
        {view && (
          <div className="thread-divider">
            <span>{count === 0 ? 'No replies yet' : replyCountText(count)}</span>
          </div>
        )}
        {view?.hasOlder && (
          <button
            type="button"
            className="link thread-older"
            onClick={loadOlder}
            disabled={loadingOlder}
          >
            Show older replies
          </button>
        )}
        <div role="log" aria-label="Replies" className="thread-replies">
          {view?.replies.map(item)}
        </div>
      </div>
      <Composer
        roomId={roomId}
        meId={meId}
        mode={mode}
        onCancelMode={() => setMode(NEW_MESSAGE)}
        onEditLast={() => {
          const message = view && lastEditable(view.replies);
          if (message) setMode({ kind: 'edit', message });
        }}
        onProblem={onProblem}
        onFiles={(files) => client.sendFiles(roomId, files, { replyTo: parentId })}
        inputId={inputId}
        threadOf={parentId}
      />
    </aside>
  );
}
