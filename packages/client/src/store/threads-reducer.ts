import type { Message, MessagesPage } from '@natter/protocol';
import { omit } from '../util/omit.js';
import type { ChatState, Thread } from './state.js';
import { mergeMessages } from './timeline.js';

/** A thread's newest page of replies: the thread is open from now on, live replies joining it. */
export function openThread(
  state: ChatState,
  event: { roomId: string; parentId: string; parent: Message | undefined; page: MessagesPage },
): ChatState {
  const thread: Thread = {
    roomId: event.roomId,
    parentId: event.parentId,
    parent: event.parent,
    replies: mergeMessages([], event.page.messages),
    olderCursor: event.page.nextCursor,
    hasOlder: event.page.hasMore,
  };
  return withThread(state, thread);
}

/** A page of replies older than the thread's oldest; dropped when the thread was closed. */
export function extendThread(state: ChatState, parentId: string, page: MessagesPage): ChatState {
  const thread = state.threads[parentId];
  if (!thread) return state;
  return withThread(state, {
    ...thread,
    replies: mergeMessages(thread.replies, page.messages),
    olderCursor: page.nextCursor,
    hasOlder: page.hasMore,
  });
}

export function closeThread(state: ChatState, parentId: string): ChatState {
  return parentId in state.threads ? { ...state, threads: omit(state.threads, parentId) } : state;
}

/**
 * Replies the server sent (live, acked or synced) join their open thread. One older than the
 * thread's oldest loaded reply waits for its page while older pages remain, so the thread never
 * shows a gap.
 */
export function receiveReplies(state: ChatState, messages: readonly Message[]): ChatState {
  let next = state;
  for (const message of messages) {
    const thread = message.replyTo === undefined ? undefined : next.threads[message.replyTo];
    if (thread?.roomId !== message.roomId) continue;
    const oldest = thread.replies[0]?.seq;
    if (thread.hasOlder && (oldest === undefined || message.seq < oldest)) continue;
    const replies = mergeMessages(thread.replies, [message]);
    if (replies !== thread.replies) next = withThread(next, { ...thread, replies });
  }
  return next;
}

/** Applies `update` to the copies a room's open threads hold (their parents and replies). */
export function updateThreadMessages(
  state: ChatState,
  roomId: string,
  update: (messages: readonly Message[]) => readonly Message[],
): ChatState {
  let next = state;
  for (const thread of Object.values(state.threads)) {
    if (thread.roomId !== roomId) continue;
    const replies = update(thread.replies);
    const parent = thread.parent && update([thread.parent])[0];
    if (replies !== thread.replies || parent !== thread.parent) {
      next = withThread(next, { ...thread, replies, parent });
    }
  }
  return next;
}

/** Whether an open thread already holds a message (a reply new to the store is counted once). */
export function threadHolds(state: ChatState, message: Message): boolean {
  const thread = message.replyTo === undefined ? undefined : state.threads[message.replyTo];
  return thread?.replies.some((reply) => reply.id === message.id) ?? false;
}

function withThread(state: ChatState, thread: Thread): ChatState {
  return { ...state, threads: { ...state.threads, [thread.parentId]: thread } };
}
