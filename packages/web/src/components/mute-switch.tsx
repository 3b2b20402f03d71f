import { useState } from 'react';
import type { RoomState } from '@natter/client';
import { useRoomMute } from '../state/use-room-mute.js';

/**
 * The details dialog's "Mute notifications" switch (no pushes or emails for this room) and, once
 * muted, "Mute mentions too" (a muted room still tells the user of mentions of them and `@all`).
 */
export function MuteSwitch({ room }: { room: RoomState }) {
  const [problem, setProblem] = useState<string>();
  const { muted, mentionsMuted, busy, toggle, toggleMentions } = useRoomMute(room, setProblem);
  const hint = !muted
    ? ''
    : mentionsMuted
      ? 'No notifications or emails from this conversation, not even for mentions; unread counts still show.'
      : 'No notifications or emails from this conversation but for mentions of you and @all; unread counts still show.';
  return (
    <div className="stack-tight">
      <label className="switch">
        <input type="checkbox" checked={muted} disabled={busy} onChange={toggle} />
        Mute notifications
      </label>
      {muted && (
        <label className="switch">
          <input
            type="checkbox"
            checked={mentionsMuted}
            disabled={busy}
            onChange={toggleMentions}
          />
          Mute mentions too
        </label>
      )}
      <p className={problem ? 'form-error' : 'field-hint'} role="status">
        {problem ?? hint}
      </p>
    </div>
  );
}
