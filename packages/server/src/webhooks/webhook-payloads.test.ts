import type { Message } from '@natter/protocol';
import { webhookMessageSchema } from '@natter/protocol';
import { describe, expect, it } from 'vitest';
import { presentWebhookMessage } from './webhook-payloads.js';

const message: Message = {
  id: 'm1',
  roomId: 'r1',
  seq: 7,
  senderId: 'u1',
  sender: { id: 'u1', displayName: 'Ann', avatarUrl: '/api/avatars/u1?v=3' },
  clientId: 'c1',
  type: 'image',
  content: 'the plan',
  attachments: [
    {
      id: 'f1',
      type: 'image',
      name: 'plan.png',
      filename: 'plan.png',
      mimeType: 'image/png',
      size: 2048,
      url: 'https://files.example/plan.png?X-Amz-Signature=abc',
      width: 640,
      height: 480,
      thumbnailUrl: 'https://files.example/plan-thumb.webp?X-Amz-Signature=def',
    },
  ],
  replyTo: 'm0',
  status: 'read',
  createdAt: '2026-12-01T10:00:00.000Z',
  reactions: [{ emoji: '👍', count: 1, userIds: ['u2'] }],
  mentions: ['u2'],
  roomMention: 'here',
};

describe('presentWebhookMessage', () => {
  it('keeps what stays true and leaves out signed URLs, status and later changes', () => {
    const payload = presentWebhookMessage(message);
    expect(payload).toEqual({
      id: 'm1',
      roomId: 'r1',
      seq: 7,
      senderId: 'u1',
      sender: { id: 'u1', displayName: 'Ann' },
      type: 'image',
      content: 'the plan',
      attachments: [
        {
          id: 'f1',
          type: 'image',
          name: 'plan.png',
          mimeType: 'image/png',
          size: 2048,
          width: 640,
          height: 480,
        },
      ],
      replyTo: 'm0',
      mentions: ['u2'],
      roomMention: 'here',
      createdAt: '2026-12-01T10:00:00.000Z',
    });
    expect(JSON.stringify(payload)).not.toMatch(/url|Signature|avatars/i);
    expect(webhookMessageSchema.strict().parse(payload)).toEqual(payload);
  });

  it('leaves out what a plain message does not have', () => {
    const {
      attachments: _files,
      replyTo: _parent,
      mentions: _who,
      roomMention: _all,
      ...plain
    } = message;
    expect(Object.keys(presentWebhookMessage({ ...plain, type: 'text' })).sort()).toEqual(
      ['content', 'createdAt', 'id', 'roomId', 'sender', 'senderId', 'seq', 'type'].sort(),
    );
  });
});
