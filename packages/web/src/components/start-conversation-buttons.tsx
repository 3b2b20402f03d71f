import { useState } from 'react';
import { deferred } from './deferred.js';
import { Icon } from './icon.js';
import { dialogLoading } from './loading-placeholders.js';

const NewChatDialog = deferred(
  () => import('./new-chat-dialog.js').then((m) => m.NewChatDialog),
  dialogLoading,
);
const NewGroupDialog = deferred(
  () => import('./new-group-dialog.js').then((m) => m.NewGroupDialog),
  dialogLoading,
);

interface StartConversationButtonsProps {
  /** The two buttons' words where they stand ("New chat" / "Start a chat"). */
  chatLabel: string;
  groupLabel: string;
  className: string;
  /** A chat or group was opened from one of the dialogs. */
  onOpened: (roomId: string) => void;
}

/** The two ways to start a conversation, as buttons that open the New chat and New group dialogs. */
export function StartConversationButtons({
  chatLabel,
  groupLabel,
  className,
  onOpened,
}: StartConversationButtonsProps) {
  const [dialog, setDialog] = useState<'chat' | 'group'>();
  const opened = (roomId: string) => {
    setDialog(undefined);
    onOpened(roomId);
  };
  return (
    <>
      <div className={className}>
        <button type="button" className="button primary" onClick={() => setDialog('chat')}>
          <Icon name="compose" size={18} />
          {chatLabel}
        </button>
        <button type="button" className="button" onClick={() => setDialog('group')}>
          <Icon name="users" size={18} />
          {groupLabel}
        </button>
      </div>
      {dialog === 'chat' && (
        <NewChatDialog onClose={() => setDialog(undefined)} onOpened={opened} />
      )}
      {dialog === 'group' && (
        <NewGroupDialog onClose={() => setDialog(undefined)} onCreated={opened} />
      )}
    </>
  );
}
