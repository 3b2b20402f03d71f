import { useCallback, useRef, useState } from 'react';
import type { TimelineMessage } from '@natter/client';
import type { IconName } from '../lib/icon-paths.js';
import { messageActionLabels } from '../lib/message-labels.js';
import { useClient } from '../state/client-context.js';
import { rememberRecent } from '../state/recent-store.js';
import type { ActionMenuItem } from './action-menu.js';
import { ActionMenu } from './action-menu.js';
import { Icon } from './icon.js';
import { ReactionPicker } from './reaction-picker.js';

interface MessageActionsProps {
  message: TimelineMessage;
  meId: string;
  /** The id of the message's full date, every action's description. */
  describedBy: string;
  menuOpen: boolean;
  onMenuOpenChange: (open: boolean) => void;
  onReply: (message: TimelineMessage) => void;
  onEdit: (message: TimelineMessage) => void;
  onDelete: (message: TimelineMessage) => void;
  /** Opens the message's thread; absent where the message is shown in its thread already. */
  onOpenThread?: ((message: TimelineMessage) => void) | undefined;
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
 * Wide screens show Reply and React (Edit, Delete on my own) on hover and focus, beside a "⋯"
 * menu that also copies the text and opens the thread; phones hide the icons (CSS) and keep the
 * menu, which a long-press opens too. React opens the emoji panel (recent emoji first) and
 * remembers the pick as recent. Only the author may edit or delete: the server refuses anyone
 * else anyway.
 */
export function MessageActions(props: MessageActionsProps) {
  const { message, describedBy, meId, onOpenThread } = props;
  const client = useClient();
  const labels = messageActionLabels(message);
  const bar = useRef<HTMLDivElement>(null);
  const [picking, setPicking] = useState(false);
  const closePicker = useCallback(() => setPicking(false), []);
  // Back to the React button, or on a phone (where it is hidden) to the "⋯" that opened it.
  const refocus = useCallback(() => {
    const buttons = [...(bar.current?.querySelectorAll<HTMLButtonElement>('button') ?? [])];
    const visible = buttons.find((b) => b.dataset.action === 'React' && b.offsetParent !== null);
    (visible ?? buttons.find((b) => b.classList.contains('more-button')))?.focus();
  }, []);
  const react = (emoji: string) => {
    rememberRecent('emoji', meId, emoji);
    if (message.id) client.react(message.id, emoji).catch(() => undefined);
  };
  const actions: Action[] = [
    { label: 'Reply', name: labels.reply, icon: 'reply', run: () => props.onReply(message) },
    { label: 'React', name: labels.react, icon: 'smile-plus', run: () => setPicking(true) },
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
  const thread: ActionMenuItem[] = onOpenThread
    ? [{ label: 'Reply in thread', icon: 'thread', run: () => onOpenThread(message) }]
    : [];
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
    <div className="message-actions" ref={bar}>
      {actions.map(({ label, name, icon, run }) => (
        <button
          key={label}
          type="button"
          className="icon-button small hover-action"
          aria-label={name}
          aria-describedby={describedBy}
          title={label}
          onClick={run}
          data-action={label}
          {...(label === 'React' ? { 'aria-haspopup': 'dialog', 'aria-expanded': picking } : {})}
        >
          <Icon name={icon} size={16} />
        </button>
      ))}
      <ActionMenu
        buttonLabel={labels.more}
        menuLabel={labels.menu}
        items={[...actions, ...thread, ...copy].map((a) =>
          a.label === 'React' ? { ...a, label: 'Add reaction' } : a,
        )}
        open={props.menuOpen}
        onOpenChange={props.onMenuOpenChange}
      />
      {picking && (
        <ReactionPicker
          anchor={bar.current}
          refocus={refocus}
          meId={meId}
          onPick={react}
          onClose={closePicker}
        />
      )}
    </div>
  );
}
