import type { Message } from '@natter/protocol';
import type { ReceiptService } from '../receipts/receipt-service.js';
import { channels } from './channels.js';
import type { NatterSocket } from './socket-types.js';

/**
 * A listener for `socket.onAnyOutgoing`: each time this node hands a socket a `message:new`,
 * the socket's user has the message, and their delivered mark may move. Each node answers for
 * the sockets it serves, whichever node the message was sent on, so delivery marks are computed
 * cluster-wide without asking anyone.
 *
 * One function serves every socket (Socket.IO calls it with the socket as `this`): no closure
 * per connection, and O(1) per packet. A user's other devices add nothing: the pending mark
 * already holds the seq.
 *
 * `roomOnline` is the room's sockets on this node, read from the adapter's own index. A room is
 * large (`ReceiptService`) once one node serves that many of its sockets.
 */
export function markDeliveredOnHandOver(receipts: ReceiptService) {
  return function onOutgoing(this: NatterSocket, event: string, payload: unknown): void {
    if (event !== 'message:new') return;
    const message = payload as Message;
    const { userId } = this.data;
    // The sender's own devices have had it since they sent it: their mark says nothing.
    if (userId === message.senderId) return;
    const roomOnline = this.nsp.adapter.rooms.get(channels.room(message.roomId))?.size ?? 0;
    receipts.markDelivered(message.roomId, userId, message.seq, roomOnline);
  };
}
