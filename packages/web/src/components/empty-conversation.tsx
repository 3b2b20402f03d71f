import type { IconName } from '../lib/icon-paths.js';
import { Icon } from './icon.js';

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

export function EmptyConversation() {
  return (
    <EmptyPane
      title="Pick a conversation"
      text="Choose a room on the left, or start a new chat."
      icon="chat"
    />
  );
}
