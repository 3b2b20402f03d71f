import { useState } from 'react';
import type { RoomState } from '@natter/client';
import { useRoomMute } from '../state/use-room-mute.js';
import type { ActionMenuItem } from './action-menu.js';
import { ActionMenu } from './action-menu.js';

interface ConversationMenuProps {
  room: RoomState;
  /** Where the conversation shows what went wrong. */
  onProblem: (problem: string | undefined) => void;
}

/**
 * The conversation header's "⋯" menu: mute or unmute its notifications and, once muted, its
 * mentions of the user too (a muted room still notifies them of those).
 */
export function ConversationMenu({ room, onProblem }: ConversationMenuProps) {
  const [open, setOpen] = useState(false);
  const { muted, mentionsMuted, toggle, toggleMentions } = useRoomMute(room, onProblem);
  const items: ActionMenuItem[] = muted
    ? [
        { label: 'Unmute notifications', icon: 'bell', run: toggle },
        mentionsMuted
          ? { label: 'Notify me of mentions again', icon: 'at', run: toggleMentions }
          : { label: 'Mute mentions too', icon: 'at', run: toggleMentions },
      ]
    : [{ label: 'Mute notifications', icon: 'bell-off', run: toggle }];
  return (
    <ActionMenu
      buttonLabel="More actions for this conversation"
      menuLabel="Conversation actions"
      open={open}
      onOpenChange={setOpen}
      items={items}
    />
  );
}
