import { useState } from 'react';
import type { RoomState } from '@natter/client';
import { useRoomMute } from '../state/use-room-mute.js';
import { ActionMenu } from './action-menu.js';

interface ConversationMenuProps {
  room: RoomState;
  /** Where the conversation shows what went wrong. */
  onProblem: (problem: string | undefined) => void;
}

/** The conversation header's "⋯" menu: mute or unmute its notifications. */
export function ConversationMenu({ room, onProblem }: ConversationMenuProps) {
  const [open, setOpen] = useState(false);
  const { muted, toggle } = useRoomMute(room, onProblem);
  return (
    <ActionMenu
      buttonLabel="More actions for this conversation"
      menuLabel="Conversation actions"
      open={open}
      onOpenChange={setOpen}
      items={[
        muted
          ? { label: 'Unmute notifications', icon: 'bell', run: toggle }
          : { label: 'Mute notifications', icon: 'bell-off', run: toggle },
      ]}
    />
  );
}
