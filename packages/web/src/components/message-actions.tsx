import type { TimelineMessage } from '@natter/client';
import type { IconName } from '../lib/icon-paths.js';
import { messageActionLabels } from '../lib/message-labels.js';
import type { ActionMenuItem } from './action-menu.js';
import { ActionMenu } from './action-menu.js';
import { Icon } from './icon.js';

interface MessageActionsProps {
  message: TimelineMessage;
  /** The id of the message's full date, every action's description. */
  describedBy: string;
  menuOpen: boolean;
  onMenuOpenChange: (open: boolean) => void;
  onReply: (message: TimelineMessage) => void;
  onEdit: (message: TimelineMessage) => void;
  onDelete: (message: TimelineMessage) => void;
}

interface Action {
  /** Short, in the menu and as the tooltip; the accessible name says which message. */
  label: string;
  name: string;
  icon: IconName;
  run: () => void;
  danger?: boolean;
}

/**
 * A confirmed message's actions, each named for its message ("Reply to Alice: lunch today?").
 * Wide screens show Reply (Edit, Delete on my own) on hover and focus, beside a "⋯" menu that also
 * copies the text; phones hide the icons (CSS) and keep the menu, which a long-press opens too.
 * Only the author may edit or delete: the server refuses anyone else anyway.
 */
export function MessageActions(props: MessageActionsProps) {
  const { message, describedBy } = props;
  const labels = messageActionLabels(message);
  const actions: Action[] = [
    { label: 'Reply', name: labels.reply, icon: 'reply', run: () => props.onReply(message) },
  ];
  if (message.own) {
    actions.push(
      { label: 'Edit', name: labels.edit, icon: 'edit', run: () => props.onEdit(message) },
      {
        label: 'Delete',
        name: labels.delete,
        icon: 'trash',
        run: () => props.onDelete(message),
        danger: true,
      },
    );
  }
  const copy: ActionMenuItem[] =
    message.content === ''
      ? []
      : [
          {
            label: 'Copy text',
            icon: 'copy',
            // Phones give up text selection for the long-press, so the menu copies instead.
            run: () => void navigator.clipboard?.writeText(message.content).catch(() => undefined),
          },
        ];

  return (
    <div className="message-actions">
      {actions.map(({ label, name, icon, run }) => (
        <button
          key={label}
          type="button"
          className="icon-button small hover-action"
          aria-label={name}
          aria-describedby={describedBy}
          title={label}
          onClick={run}
        >
          <Icon name={icon} size={16} />
        </button>
      ))}
      <ActionMenu
        buttonLabel={labels.more}
        menuLabel={labels.menu}
        items={[...actions, ...copy]}
        open={props.menuOpen}
        onOpenChange={props.onMenuOpenChange}
      />
    </div>
  );
}
