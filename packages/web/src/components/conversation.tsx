import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import type { CannedResponse } from '@natter/protocol';
import { selectTimeline } from '@natter/client';
import type { TimelineMessage } from '@natter/client';
import type { ComposerMode } from '../lib/composer-mode.js';
import { NEW_MESSAGE, lastEditable } from '../lib/composer-mode.js';
import { useChat, useClient } from '../state/client-context.js';
import { Composer } from './composer.js';
import { ConfirmDialog } from './confirm-dialog.js';
import { ConversationHeader } from './conversation-header.js';
import { ConversationMenu } from './conversation-menu.js';
import { deferred } from './deferred.js';
import type { ConversationHeading } from './conversation-header.js';
import { DropZone } from './drop-zone.js';
import { dialogLoading } from './loading-placeholders.js';
import { MessageList } from './message-list.js';
import { SkipLink } from './skip-link.js';
import { TypingIndicator } from './typing-indicator.js';

// Opened from the conversation, not part of it at first: chunks of their own (deferred.tsx).
const ThreadPanel = deferred(
  () => import('./thread-panel.js').then((m) => m.ThreadPanel),
  dialogLoading,
);
const ConversationDetails = deferred(
  () => import('./conversation-details.js').then((m) => m.ConversationDetails),
  dialogLoading,
);

interface ConversationProps {
  roomId: string;
  onBack: () => void;
  /** Open at this message (a search result) instead of the newest (see MessageList). */
  messageId?: string | undefined;
  /** Left that message for the newest ones. */
  onLatest?: (() => void) | undefined;
  /** A support room's header says who the visitor is; chats derive it from the members. */
  heading?: ConversationHeading | undefined;
  /** Buttons at the header's end (the inbox's conversation actions). */
  headerActions?: ReactNode;
  /** A support room's canned responses, offered on `/` in the composer. */
  cannedResponses?: readonly CannedResponse[] | undefined;
}

/** One open room: header, messages, who is typing, and the composer (with reply/edit modes). */
export function Conversation({
  roomId,
  onBack,
  messageId,
  onLatest,
  heading,
  headerActions,
  cannedResponses,
}: ConversationProps) {
  const client = useClient();
  const room = useChat((s) => s.rooms[roomId]);
  const me = useChat((s) => s.me?.id);
  const [mode, setMode] = useState<ComposerMode>(NEW_MESSAGE);
  const [deleting, setDeleting] = useState<TimelineMessage>();
  const [problem, setProblem] = useState<string>();
  const composerId = useId();
  const [detailsOpen, setDetailsOpen] = useState(false);
  // Stable, so the memoised message rows do not all re-render when the composer changes mode.
  const reply = useCallback((message: TimelineMessage) => setMode({ kind: 'reply', message }), []);
  const edit = useCallback((message: TimelineMessage) => setMode({ kind: 'edit', message }), []);
  // The open thread, and what opened it: focus goes back there when it closes.
  const [threadOf, setThreadOf] = useState<string>();
  const threadOpener = useRef<HTMLElement | null>(null);
  const openThread = useCallback((message: TimelineMessage) => {
    if (!message.id) return;
    threadOpener.current =
      document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setThreadOf(message.id);
  }, []);
  const closeThread = useCallback(() => setThreadOf(undefined), []);
  useEffect(() => {
    if (threadOf !== undefined) return;
    const opener = threadOpener.current;
    threadOpener.current = null;
    // A virtualised row may have gone meanwhile: then the message box.
    if (opener?.isConnected) opener.focus();
    else if (opener) document.getElementById(composerId)?.focus();
  }, [threadOf, composerId]);

  if (!room || !me) return null;

  const sendFiles = (files: File[]) => {
    const replyTo = mode.kind === 'reply' ? mode.message.id : undefined;
    client.sendFiles(roomId, files, replyTo ? { replyTo } : undefined);
    if (mode.kind === 'reply') setMode(NEW_MESSAGE);
  };

  const editLast = () => {
    const message = lastEditable(selectTimeline(client.getState(), roomId));
    if (message) setMode({ kind: 'edit', message });
  };

  const confirmDelete = () => {
    const id = deleting?.id;
    setDeleting(undefined);
    if (!id) return;
    if (mode.kind !== 'new' && mode.message.id === id) setMode(NEW_MESSAGE);
    client.deleteMessage(id).catch(() => setProblem('The message could not be deleted.'));
  };

  return (
    <section className={threadOf === undefined ? 'conversation' : 'conversation thread-open'}>
      <SkipLink targetId={composerId}>Skip to message box</SkipLink>
      <ConversationHeader
        room={room}
        onBack={onBack}
        heading={heading}
        // A support room's visitor has its own details beside the conversation.
        onDetails={heading ? undefined : () => setDetailsOpen(true)}
      >
        {headerActions}
        <ConversationMenu room={room} onProblem={setProblem} />
      </ConversationHeader>
      <DropZone onFiles={sendFiles}>
        <MessageList
          roomId={roomId}
          onReply={reply}
          onEdit={edit}
          onDelete={setDeleting}
          onOpenThread={openThread}
          messageId={messageId}
          onLatest={onLatest}
        />
      </DropZone>
      <TypingIndicator roomId={roomId} />
      {problem && (
        <p className="notice" role="alert">
          {problem}
          <button type="button" className="link" onClick={() => setProblem(undefined)}>
            Dismiss
          </button>
        </p>
      )}
      <Composer
        roomId={roomId}
        meId={me}
        mode={mode}
        onCancelMode={() => setMode(NEW_MESSAGE)}
        onEditLast={editLast}
        onProblem={setProblem}
        onFiles={sendFiles}
        cannedResponses={cannedResponses}
        inputId={composerId}
      />
      {threadOf !== undefined && (
        <ThreadPanel
          key={threadOf}
          roomId={roomId}
          parentId={threadOf}
          meId={me}
          showSenders={room.type !== 'direct'}
          onClose={closeThread}
          onDelete={setDeleting}
          onProblem={setProblem}
        />
      )}
      {detailsOpen && <ConversationDetails room={room} onClose={() => setDetailsOpen(false)} />}
      {deleting && (
        <ConfirmDialog
          title="Delete message?"
          body="It will be removed for everyone in this conversation."
          confirmLabel="Delete"
          onConfirm={confirmDelete}
          onCancel={() => setDeleting(undefined)}
        />
      )}
    </section>
  );
}
