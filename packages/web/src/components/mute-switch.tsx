import { useState } from 'react';
import type { RoomState } from '@natter/client';
import { useRoomMute } from '../state/use-room-mute.js';

/** The details dialog's "Mute notifications" switch: no pushes or emails for this room. */
export function MuteSwitch({ room }: { room: RoomState }) {
  const [problem, setProblem] = useState<string>();
  const { muted, busy, toggle } = useRoomMute(room, setProblem);
  return (
    <div className="stack-tight">
      <label className="switch">
        <input type="checkbox" checked={muted} disabled={busy} onChange={toggle} />
        Mute notifications
      </label>
      <p className={problem ? 'form-error' : 'field-hint'} role="status">
        {problem ??
          (muted
            ? 'No notifications or emails from this conversation; unread counts still show.'
            : '')}
      </p>
    </div>
  );
}
