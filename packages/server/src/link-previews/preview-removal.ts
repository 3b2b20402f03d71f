import type { Message } from '@natter/protocol';
import { forbidden } from '../errors.js';
import type { MessageService } from '../messages/message-service.js';

/**
 * `message:preview:remove`: the author takes the link preview off their message. It is marked
 * so that no preview is made for it again, even if it is edited; repeating it changes nothing.
 */
export async function removePreview(
  messages: MessageService,
  userId: string,
  messageId: string,
): Promise<Message> {
  const changed = await messages.changeMessage(messageId, userId, (record) => {
    if (record.senderId !== userId) throw forbidden('only the author can remove a preview');
    return record.previewRemoved ? undefined : { preview: null, previewRemoved: true };
  });
  return changed.applied
    ? messages.publishUpdated(changed.record)
    : messages.present(changed.record);
}
