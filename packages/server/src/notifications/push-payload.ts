import { LIMITS } from '@natter/protocol';
import type { PushPayload } from '@natter/protocol';
import { conversationLinkPath } from '../support/conversation-link.js';

/** What the payload is made of: one message as one recipient is told of it. */
export interface PushNews {
  roomId: string;
  roomType: 'direct' | 'group' | 'support';
  roomName: string | null;
  messageId: string;
  seq: number;
  type: 'text' | 'image' | 'file' | 'system';
  content: string;
  senderName: string;
  senderAvatarUrl: string | null;
  /** The conversation's link token when the recipient is the visitor of a support room. */
  visitorLinkToken: string | null;
  /** How the message calls on the recipient, if it does (mute-rule.ts `mentionOf`). */
  mention: 'you' | 'all' | null;
}

/**
 * The decrypted push (protocol/push.ts). It stays well under the 4 KB a push service accepts:
 * the preview is cut to `LIMITS.pushPreviewChars` characters, names and ids are bounded. A
 * visitor's click lands on the conversation's `/c/<link>` page (it has no account to open
 * `/chat/`); a group's name says where the message was, a direct room's sender says it already.
 */
export function buildPushPayload(news: PushNews): PushPayload {
  const payload: PushPayload = {
    roomId: news.roomId,
    messageId: news.messageId,
    seq: news.seq,
    senderName: news.senderName,
    body: previewOf(news),
    url: news.visitorLinkToken
      ? conversationLinkPath(news.visitorLinkToken)
      : `/chat/${news.roomId}`,
  };
  if (news.senderAvatarUrl) payload.senderAvatarUrl = news.senderAvatarUrl;
  if (news.roomType !== 'direct' && news.roomName) payload.roomName = news.roomName;
  if (news.mention) payload.mention = news.mention;
  return payload;
}

function previewOf(news: PushNews): string {
  if (news.type === 'image') return '📷 image';
  if (news.type === 'file') return '📎 file';
  // Cut by code points, so an emoji is never split into a lone surrogate.
  const chars = [...news.content.trim()];
  return chars.length <= LIMITS.pushPreviewChars
    ? chars.join('')
    : `${chars.slice(0, LIMITS.pushPreviewChars - 1).join('')}…`;
}
