import { LIMITS, pushPayloadSchema } from '@natter/protocol';
import { describe, expect, it } from 'vitest';
import type { PushNews } from './push-payload.js';
import { buildPushPayload } from './push-payload.js';

const news: PushNews = {
  roomId: 'room-1',
  roomType: 'group',
  roomName: 'Team',
  messageId: 'message-1',
  seq: 7,
  type: 'text',
  content: 'hello',
  senderName: 'Alice',
  senderAvatarUrl: '/api/avatars/abc',
  visitorLinkToken: null,
  mention: null,
};

describe('buildPushPayload', () => {
  it('gives what the protocol names, opening the room in the app', () => {
    const payload = buildPushPayload(news);
    expect(pushPayloadSchema.parse(payload)).toEqual({
      roomId: 'room-1',
      messageId: 'message-1',
      seq: 7,
      senderName: 'Alice',
      senderAvatarUrl: '/api/avatars/abc',
      roomName: 'Team',
      body: 'hello',
      url: '/chat/room-1',
    });
  });

  it('names no room for a direct message (the sender says it) and no avatar when none', () => {
    const payload = buildPushPayload({ ...news, roomType: 'direct', senderAvatarUrl: null });
    expect(payload.roomName).toBeUndefined();
    expect(payload.senderAvatarUrl).toBeUndefined();
  });

  it('sends a visitor to the conversation’s /c/ page', () => {
    expect(buildPushPayload({ ...news, visitorLinkToken: 'tok' }).url).toBe('/c/tok');
  });

  it('says “image” or “file” for attachments and cuts long text by characters, not halves of emoji', () => {
    expect(buildPushPayload({ ...news, type: 'image', content: '' }).body).toBe('📷 image');
    expect(buildPushPayload({ ...news, type: 'file', content: '' }).body).toBe('📎 file');
    const body = buildPushPayload({ ...news, content: '😀'.repeat(1000) }).body;
    expect([...body]).toHaveLength(LIMITS.pushPreviewChars);
    expect(body.endsWith('…')).toBe(true);
    // A lone surrogate would not survive a round trip through UTF-8.
    expect(Buffer.from(body, 'utf8').toString('utf8')).toBe(body);
  });
});
