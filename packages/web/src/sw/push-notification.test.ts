import { describe, expect, it } from 'vitest';
import { APP_ICON, pushJson, pushNotification } from './push-notification.js';

const payload = {
  roomId: 'room-1',
  messageId: 'msg-1',
  seq: 4,
  senderName: 'Alice',
  body: 'Lunch at noon?',
  url: '/rooms/room-1',
};

describe('pushNotification', () => {
  it('titles a direct message by its sender, one notification per room that rings again', () => {
    const shown = pushNotification(payload);
    expect(shown?.title).toBe('Alice');
    expect(shown?.options).toMatchObject({
      body: 'Lunch at noon?',
      icon: APP_ICON,
      tag: 'room-1',
      renotify: true,
      data: { url: '/rooms/room-1', roomId: 'room-1' },
    });
  });

  it('titles a group message by the room and names the sender in the body, with their photo', () => {
    const shown = pushNotification({
      ...payload,
      roomName: 'Team',
      senderAvatarUrl: '/api/files/a.png',
    });
    expect(shown?.title).toBe('Team');
    expect(shown?.options.body).toBe('Alice: Lunch at noon?');
    expect(shown?.options.icon).toBe('/api/files/a.png');
  });

  it('says who mentioned the reader, and where, with the message alone as the body', () => {
    const group = { ...payload, roomName: 'Design', body: '@bob can you look?' };
    const you = pushNotification({ ...group, mention: 'you' });
    expect(you?.title).toBe('Alice mentioned you in Design');
    expect(you?.options.body).toBe('@bob can you look?');
    expect(pushNotification({ ...group, mention: 'all' })?.title).toBe(
      'Alice mentioned everyone in Design',
    );
    expect(pushNotification({ ...payload, mention: 'you' })?.title).toBe('Alice mentioned you');
  });

  it('ignores what is not our payload: nothing, junk, a foreign url', () => {
    expect(pushNotification(undefined)).toBeUndefined();
    expect(pushNotification('hello')).toBeUndefined();
    expect(pushNotification({ ...payload, roomId: undefined })).toBeUndefined();
    expect(pushNotification({ ...payload, url: 'https://evil.example/' })).toBeUndefined();
  });
});

describe('pushJson', () => {
  it('reads JSON data and answers undefined for none or for text that is not JSON', () => {
    expect(pushJson({ json: () => ({ a: 1 }) })).toEqual({ a: 1 });
    expect(pushJson(null)).toBeUndefined();
    expect(
      pushJson({
        json: () => {
          throw new SyntaxError('not JSON');
        },
      }),
    ).toBeUndefined();
  });
});
