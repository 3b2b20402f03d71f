import { useCallback, useEffect, useState } from 'react';
import type { Conversation } from '@natter/protocol';
import type { InboxFilters } from '../lib/inbox-filter.js';
import { matchesFilters } from '../lib/inbox-filter.js';
import { useChat, useClient } from './client-context.js';
import { supportApi } from './support-access.js';

const PAGE_SIZE = 50;

export interface Inbox {
  conversations: readonly Conversation[];
  loading: boolean;
  error: string | undefined;
  hasMore: boolean;
  loadMore: () => void;
}

/**
 * The conversations the filters ask for, kept live: `conversation:updated` moves one in or out,
 * a new support room or a conversation's first message reads the list again (the server only
 * lists conversations with a message), and so does every reconnection. The order (latest
 * activity first) is the caller's, from the SDK's rooms, which new messages keep current.
 */
export function useInbox(filters: InboxFilters, meId: string): Inbox {
  const client = useClient();
  const ready = useChat((s) => s.connection.status === 'ready');
  const [conversations, setConversations] = useState<readonly Conversation[]>([]);
  const [cursor, setCursor] = useState<string>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string>();
  const [generation, setGeneration] = useState(0);
  const { status, assignee, siteId } = filters;

  useEffect(() => {
    // Read once the socket is caught up (and again after each reconnection), so no event that
    // changes the list can fall between the answer and the live updates.
    if (!ready) return;
    let current = true;
    setLoading(true);
    supportApi()
      .listConversations({ status, assignee, siteId, limit: PAGE_SIZE })
      .then(
        (page) => {
          if (!current) return;
          setConversations(page.conversations);
          setCursor(page.nextCursor);
          setError(undefined);
          setLoading(false);
        },
        () => {
          if (!current) return;
          setError('The inbox could not be loaded.');
          setLoading(false);
        },
      );
    return () => {
      current = false;
    };
  }, [status, assignee, siteId, generation, ready]);

  useEffect(() => {
    const reload = () => setGeneration((g) => g + 1);
    return client.onEvent((event) => {
      if (event.type === 'conversation:updated') {
        const updated = event.payload;
        const keep = matchesFilters(updated, { status, assignee, siteId }, meId);
        setConversations((list) => {
          const rest = list.filter((c) => c.roomId !== updated.roomId);
          return keep ? [updated, ...rest] : rest;
        });
      } else if (event.type === 'room:new' && event.payload.type === 'support') {
        reload();
      } else if (event.type === 'message:new' && event.payload.seq === 1) {
        // A conversation's first message is when the server starts listing it.
        if (client.getState().rooms[event.payload.roomId]?.type === 'support') reload();
      }
    });
  }, [client, status, assignee, siteId, meId]);

  const loadMore = useCallback(() => {
    if (!cursor) return;
    supportApi()
      .listConversations({ status, assignee, siteId, limit: PAGE_SIZE, cursor })
      .then(
        (page) => {
          setConversations((list) => [
            ...list,
            ...page.conversations.filter((c) => !list.some((k) => k.roomId === c.roomId)),
          ]);
          setCursor(page.nextCursor);
        },
        () => setError('More conversations could not be loaded.'),
      );
  }, [cursor, status, assignee, siteId]);

  return { conversations, loading, error, hasMore: cursor !== undefined, loadMore };
}
