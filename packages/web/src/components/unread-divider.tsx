/** Marks where the unread messages began when the room was opened. */
export function UnreadDivider() {
  return (
    <div className="unread-divider" role="separator" aria-label="New messages">
      <span>New messages</span>
    </div>
  );
}
