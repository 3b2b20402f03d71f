import type { Attachment, LinkPreview, Message, MessageStatus } from '@natter/protocol';
import { getTableColumns } from 'drizzle-orm';
import type { StoredLinkPreview } from '../db/schema.js';
import { messages, users } from '../db/schema.js';
import { presentSender } from '../users/user-presenter.js';

/** Columns to select for a message that will be presented: the row plus its sender's profile. */
// The search index's words stay in the database: no read of messages needs them.
const { searchVector: _searchVector, ...messageColumns } = getTableColumns(messages);

export const messageRecordColumns = {
  ...messageColumns,
  senderDisplayName: users.displayName,
  senderAvatarUrl: users.avatarUrl,
};

export type MessageRow = Omit<typeof messages.$inferSelect, 'searchVector'>;
export interface MessageRecord extends MessageRow {
  senderDisplayName: string;
  senderAvatarUrl: string | null;
}

/**
 * The only way a stored message becomes a payload. (A tombstone's content is erased when it is
 * deleted, and it never carries attachments.) `attachments` come presented, URLs signed, and so
 * does the preview's image (`previewImageUrl`, signed from its stored key).
 */
export function presentMessage(
  record: MessageRecord,
  status: MessageStatus,
  attachments?: readonly Attachment[],
  previewImageUrl?: string,
): Message {
  const message: Message = {
    id: record.id,
    roomId: record.roomId,
    seq: record.seq,
    senderId: record.senderId,
    sender: presentSender({
      id: record.senderId,
      displayName: record.senderDisplayName,
      avatarUrl: record.senderAvatarUrl,
    }),
    clientId: record.clientId,
    type: record.type,
    content: record.content,
    status,
    createdAt: record.createdAt.toISOString(),
  };
  if (record.event) message.event = record.event;
  if (record.replyToId) message.replyTo = record.replyToId;
  if (record.editedAt) message.editedAt = record.editedAt.toISOString();
  if (record.deletedAt) message.deletedAt = record.deletedAt.toISOString();
  else if (attachments?.length) message.attachments = [...attachments];
  if (record.reactions?.length) message.reactions = record.reactions;
  if (record.mentions?.length) message.mentions = record.mentions;
  if (record.roomMention) message.roomMention = record.roomMention;
  if (record.replyCount > 0) message.replyCount = record.replyCount;
  if (record.preview) message.preview = presentPreview(record.preview, previewImageUrl);
  if (record.changeSeq > 0) message.revision = record.changeSeq;
  return message;
}

/** A stored preview on the wire: its image only as a signed URL, never the storage key. */
function presentPreview(stored: StoredLinkPreview, imageUrl: string | undefined): LinkPreview {
  const { imageKey: _key, imageWidth, imageHeight, ...text } = stored;
  return imageUrl === undefined ? text : { ...text, imageUrl, imageWidth, imageHeight };
}
