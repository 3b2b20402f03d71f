// @vitest-environment jsdom
import { act, render, screen } from '@testing-library/preact';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ServerEventAction } from '@natter/client';
import type { Message } from '@natter/protocol';
import { playChime } from '../lib/chime.js';
import { StubChatContext } from './stub-chat-context.test-support.js';
import { useNewConversationCue } from './use-new-conversation-cue.js';
import { unmountRendered } from '../unmount-rendered.test-support.js';

vi.mock('../lib/chime.js', () => ({ playChime: vi.fn() }));

let listeners: ((event: ServerEventAction) => void)[] = [];
const client = {
  onEvent(listener: (event: ServerEventAction) => void) {
    listeners.push(listener);
    return () => (listeners = listeners.filter((l) => l !== listener));
  },
  getState: () => ({
    me: { id: 'agent' },
    rooms: { support: { type: 'support' }, chat: { type: 'direct' } },
  }),
};

const message = (fields: Partial<Message>): Message => ({
  id: `m-${Math.random()}`,
  roomId: 'support',
  seq: 1,
  senderId: 'visitor',
  sender: { id: 'visitor', displayName: 'Dana' },
  type: 'text',
  content: 'hi',
  status: 'sent',
  createdAt: '2026-11-30T00:00:00.000Z',
  ...fields,
});
const arrive = (m: Message) =>
  act(() => {
    for (const l of listeners) l({ type: 'message:new', payload: m, receivedAt: 0 });
  });

function Probe({ inboxVisible }: { inboxVisible: boolean }) {
  return <p data-testid="said">{useNewConversationCue(true, inboxVisible)}</p>;
}
const renderCue = (inboxVisible: boolean) =>
  render(
    <StubChatContext client={client}>
      <Probe inboxVisible={inboxVisible} />
    </StubChatContext>,
  );

beforeEach(() => {
  vi.mocked(playChime).mockClear();
  localStorage.clear();
  Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
});
describe('the new-conversation cue', () => {
  it('announces and chimes on the first visitor message of a support room', () => {
    renderCue(false);
    arrive(message({}));
    expect(screen.getByTestId('said').textContent).toBe('New conversation from Dana');
    expect(playChime).toHaveBeenCalledTimes(1);
  });

  it('stays silent for later messages, my own, and chats; announces only while watching', () => {
    renderCue(false);
    arrive(message({ seq: 2 }));
    arrive(message({ senderId: 'agent' }));
    arrive(message({ roomId: 'chat' }));
    expect(screen.getByTestId('said').textContent).toBe('');
    expect(playChime).not.toHaveBeenCalled();
    unmountRendered();

    renderCue(true);
    arrive(message({}));
    expect(screen.getByTestId('said').textContent).toBe('New conversation from Dana');
    expect(playChime).not.toHaveBeenCalled();
  });

  it('respects the Sound switch', () => {
    localStorage.setItem('natter:cue:sound', 'off');
    renderCue(false);
    arrive(message({}));
    expect(screen.getByTestId('said').textContent).toBe('New conversation from Dana');
    expect(playChime).not.toHaveBeenCalled();
  });
});
