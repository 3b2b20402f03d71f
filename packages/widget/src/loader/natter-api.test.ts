import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HostToFrame } from '../shared/frame-messages.js';
import { createNatterApi } from './natter-api.js';

describe('createNatterApi', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('queues commands given before the frame is ready and sends them in order once it is', () => {
    const sent: HostToFrame[] = [];
    const natter = createNatterApi((message) => sent.push(message));
    natter.api.identify({ userId: 'u1', userHash: 'ab' });
    natter.api.open();
    expect(sent).toEqual([]);
    natter.ready();
    natter.api.close();
    expect(sent).toEqual([
      { natter: 'identify', identity: { userId: 'u1', userHash: 'ab' } },
      { natter: 'open' },
      { natter: 'close' },
    ]);
  });

  it('calls the listeners of an event until they are removed', () => {
    const natter = createNatterApi(() => undefined);
    const counts: number[] = [];
    const listener = (count: number) => counts.push(count);
    natter.api.on('unread', listener);
    natter.emit('unread', 2);
    natter.api.off('unread', listener);
    natter.emit('unread', 3);
    expect(counts).toEqual([2]);
  });

  it("reports a host listener's error and still calls the others", () => {
    const reported: unknown[] = [];
    vi.stubGlobal('reportError', (error: unknown) => reported.push(error));
    const natter = createNatterApi(() => undefined);
    const heard: string[] = [];
    natter.api.on('message', () => {
      throw new Error('host bug');
    });
    natter.api.on('message', (message) => heard.push(message.content));
    natter.emit('message', { id: 'm1', content: 'hi', senderName: 'Sam', createdAt: '' });
    expect(heard).toEqual(['hi']);
    expect(reported).toEqual([new Error('host bug')]);
  });
});
