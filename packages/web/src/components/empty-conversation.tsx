import { Icon } from './icon.js';

/** What the wide layout shows before a room is picked. */
export function EmptyConversation() {
  return (
    <div className="empty-conversation">
      <span className="empty-icon">
        <Icon name="chat" size={32} />
      </span>
      <h2>Pick a conversation</h2>
      <p>Choose a room on the left, or start a new chat.</p>
    </div>
  );
}
