import { useState } from 'react';
import type { RoomState } from '@natter/client';
import { groupPermissions } from '../lib/group-permissions.js';
import { otherParticipants, roomTitle } from '../lib/room-title.js';
import { useChat, useClient } from '../state/client-context.js';
import { useProfiles } from '../state/use-profiles.js';
import { AddMembers } from './add-members.js';
import { GroupColorPicker } from './group-color-picker.js';
import { ConfirmDialog } from './confirm-dialog.js';
import { GroupMembers } from './group-members.js';
import { GroupName } from './group-name.js';
import { MemberRow } from './member-row.js';
import { Modal } from './modal.js';
import { MuteSwitch } from './mute-switch.js';

interface ConversationDetailsProps {
  room: RoomState;
  onClose: () => void;
}

/**
 * A conversation's details, opened from its header. A direct chat shows the other person; a
 * group its name (renamed here by its owner and admins), its members with presence and roles,
 * adding and removing members, and leaving. Only what the server will allow is offered.
 */
export function ConversationDetails({ room, onClose }: ConversationDetailsProps) {
  const me = useChat((s) => s.me?.id) ?? '';
  const profiles = useProfiles(room.participants);
  const title = roomTitle(room, me, profiles);

  if (room.type !== 'group') {
    const other = otherParticipants(room, me)[0];
    return (
      <Modal title="Contact" onClose={onClose}>
        {other && (
          <ul className="member-list" aria-label="Person">
            <MemberRow userId={other} me={me} size="lg" />
          </ul>
        )}
        <MuteSwitch room={room} />
        <div className="modal-actions">
          <button type="button" className="button" onClick={onClose}>
            Close
          </button>
        </div>
      </Modal>
    );
  }
  return <GroupDetails room={room} me={me} title={title} onClose={onClose} />;
}

function GroupDetails({
  room,
  me,
  title,
  onClose,
}: {
  room: RoomState;
  me: string;
  title: string;
  onClose: () => void;
}) {
  const client = useClient();
  const can = groupPermissions(room, me);
  const [leaving, setLeaving] = useState(false);
  const [problem, setProblem] = useState<string>();

  const leave = () => {
    setLeaving(false);
    // On success the room leaves the store and the app moves away (with a notice).
    client.rooms
      .removeMember(room.id, me)
      .catch(() => setProblem('Could not leave the group. Try again.'));
  };

  return (
    <Modal title="Group details" onClose={onClose}>
      <GroupName room={room} title={title} canRename={can.canRename} />
      {can.canRename && <GroupColorPicker room={room} />}
      <GroupMembers room={room} me={me} canRemove={can.canRemove} />
      {can.canAdd && <AddMembers room={room} />}
      <MuteSwitch room={room} />
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
      <div className="modal-actions">
        <button type="button" className="button danger" onClick={() => setLeaving(true)}>
          Leave group
        </button>
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      </div>
      {leaving && (
        <ConfirmDialog
          title={`Leave “${title}”?`}
          body="You will stop receiving its messages. A member must add you again for you to come back."
          confirmLabel="Leave"
          onConfirm={leave}
          onCancel={() => setLeaving(false)}
        />
      )}
    </Modal>
  );
}
