import type { ChatState } from '@natter/client';
import { useEffect, useState } from 'preact/hooks';
import type { VisitorChat } from './visitor-chat.js';

/**
 * The chat's state for a component, re-rendered on every change of the SDK's store or of the
 * session (a new conversation, new visitor details).
 */
export function useChatState(chat: VisitorChat): ChatState {
  const [, setVersion] = useState(0);
  useEffect(() => {
    const rerender = () => setVersion((n) => n + 1);
    const stopStore = chat.client.subscribe(rerender);
    const stopSession = chat.subscribe(rerender);
    return () => {
      stopStore();
      stopSession();
    };
  }, [chat]);
  return chat.client.getState();
}
