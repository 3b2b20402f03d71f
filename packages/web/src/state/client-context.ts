import { createContext, useContext, useSyncExternalStore } from 'react';
import type { ChatState, NatterClient } from '@natter/client';
import type { ProfileStore } from './profile-store.js';

export interface ChatContextValue {
  client: NatterClient;
  profiles: ProfileStore;
}

/** The signed-in user's SDK client and profile cache, provided once by the chat screen. */
export const ChatContext = createContext<ChatContextValue | null>(null);

export function useChatContext(): ChatContextValue {
  const value = useContext(ChatContext);
  if (!value) throw new Error('useChatContext outside <ChatContext>');
  return value;
}

export const useClient = (): NatterClient => useChatContext().client;

/**
 * Reads from the SDK's store. The SDK's selectors keep their result's identity while their
 * inputs do, which `useSyncExternalStore` needs to avoid re-rendering (or looping) on every event.
 */
export function useChat<T>(selector: (state: ChatState) => T): T {
  const client = useClient();
  return useSyncExternalStore(client.subscribe, () => selector(client.getState()));
}
