import { selectRooms } from '@natter/client';
import type { User } from '@natter/protocol';
import { isSupportRoom } from '../lib/chat-rooms.js';
import type { IconName } from '../lib/icon-paths.js';
import { useChat } from '../state/client-context.js';
import { Icon } from './icon.js';
import { StartConversationButtons } from './start-conversation-buttons.js';

interface EmptyPaneProps {
  title: string;
  text: string;
  icon: IconName;
}

/** What the wide layout's pane shows before something is picked in the list. */
export function EmptyPane({ title, text, icon }: EmptyPaneProps) {
  return (
    <div className="empty-conversation">
      <span className="empty-icon">
        <Icon name={icon} size={32} />
      </span>
      <h2>{title}</h2>
      <p>{text}</p>
    </div>
  );
}

interface EmptyConversationProps {
  me: User;
  /** A chat or group was opened from the welcome's dialogs. */
  onOpened: (roomId: string) => void;
}

const hasChats = (rooms: ReturnType<typeof selectRooms>) =>
  rooms.some((room) => !isSupportRoom(room));

/**
 * The chats pane with no room open. Someone with no chat yet (a brand-new account) is welcomed
 * with the two ways to start one; everyone else picks from the list.
 */
export function EmptyConversation({ me, onOpened }: EmptyConversationProps) {
  const firstRun = useChat((s) => s.connection.status === 'ready' && !hasChats(selectRooms(s)));
  if (!firstRun) {
    return (
      <EmptyPane
        title="Pick a conversation"
        text="Choose a room on the left, or start a new chat."
        icon="chat"
      />
    );
  }
  return (
    <div className="empty-conversation welcome">
      <span className="empty-icon">
        <Icon name="chat" size={32} />
      </span>
      <h2>Welcome to Natter, {me.displayName}</h2>
      <p>Talk to one person in a chat, or to several at once in a group.</p>
      <StartConversationButtons
        chatLabel="Start a chat"
        groupLabel="Create a group"
        className="welcome-actions"
        onOpened={onOpened}
      />
    </div>
  );
}
