import type { Message, MessageStatus } from '@natter/protocol';
import type { Timeline } from './state.js';
import { omit } from '../util/omit.js';

export function emptyTimeline(syncedSeq: number): Timeline {
  return {
    messages: [],
    syncedSeq,
    changesCursor: undefined,
    historyLoaded: false,
    olderCursor: undefined,
    hasOlder: true,
  };
}

const STATUS_RANK: Record<MessageStatus, number> = { sent: 0, delivered: 1, read: 2 };

/** The further along of two statuses: statuses only move forward. */
export function maxStatus(a: MessageStatus, b: MessageStatus): MessageStatus {
  return STATUS_RANK[a] >= STATUS_RANK[b] ? a : b;
}

/**
 * Which of two copies of one message to keep. Copies arrive out of order (a sync answer can be
 * older than a live edit, two reactions are published in either order), so: a tombstone beats
 * content, a lower `revision` or an earlier edit loses, and the status only moves forward. Of two
 * copies of the same revision the one held stays (a reply it counted meanwhile included).
 * Returns `current` itself when nothing changes, so an unchanged message keeps its identity (and
 * React does not re-render it).
 */
export function newerCopy(current: Message, incoming: Message): Message {
  if (current.deletedAt && !incoming.deletedAt) return current;
  if (!current.deletedAt && !incoming.deletedAt) {
    if (
      (incoming.revision ?? 0) < (current.revision ?? 0) ||
      (incoming.editedAt ?? '') < (current.editedAt ?? '')
    ) {
      return current.status === maxStatus(current.status, incoming.status)
        ? current
        : { ...current, status: incoming.status };
    }
  }
  const status = maxStatus(current.status, incoming.status);
  const next = status === incoming.status ? incoming : { ...incoming, status };
  return sameContent(current, next) ? current : next;
}

function sameContent(a: Message, b: Message): boolean {
  return (
    a.content === b.content &&
    a.editedAt === b.editedAt &&
    a.deletedAt === b.deletedAt &&
    a.status === b.status &&
    a.revision === b.revision &&
    a.attachments?.length === b.attachments?.length &&
    samePreview(a.preview, b.preview)
  );
}

/** A preview comes and goes without an edit; its image URL's signature alone is no change. */
function samePreview(a: Message['preview'], b: Message['preview']): boolean {
  const unsigned = (preview: Message['preview']) =>
    preview && { ...preview, imageUrl: preview.imageUrl?.split('?')[0] };
  return JSON.stringify(unsigned(a)) === JSON.stringify(unsigned(b));
}

/**
 * Merges server messages into a seq-ordered list, each id once. Returns `messages` itself when
 * nothing changed.
 */
export function mergeMessages(
  messages: readonly Message[],
  incoming: readonly Message[],
): readonly Message[] {
  if (incoming.length === 0) return messages;
  const indexById = new Map(messages.map((m, i) => [m.id, i]));
  let next: Message[] | undefined;
  const added = new Map<string, Message>();
  for (const message of incoming) {
    const index = indexById.get(message.id);
    if (index === undefined) {
      const earlier = added.get(message.id);
      added.set(message.id, earlier ? newerCopy(earlier, message) : message);
      continue;
    }
    const current = (next ?? messages)[index] as Message;
    const merged = newerCopy(current, message);
    if (merged === current) continue;
    next ??= [...messages];
    next[index] = merged;
  }
  if (added.size === 0) return next ?? messages;
  return [...(next ?? messages), ...added.values()].sort((a, b) => a.seq - b.seq);
}

/** Replaces the stored copy of one message with `update` applied; unknown ids change nothing. */
export function updateMessage(
  messages: readonly Message[],
  messageId: string,
  update: (message: Message) => Message,
): readonly Message[] {
  const index = messages.findIndex((m) => m.id === messageId);
  const current = messages[index];
  if (!current) return messages;
  const next = update(current);
  if (next === current) return messages;
  const copy = [...messages];
  copy[index] = next;
  return copy;
}

/** A message as a tombstone: what the server keeps of a deleted one. */
export function tombstone(message: Message, deletedAt: string): Message {
  if (message.deletedAt) return message;
  return { ...omit(message, 'attachments'), content: '', deletedAt };
}

/** Moves `syncedSeq` up through the messages that follow it without a gap. */
export function advanceSyncedSeq(messages: readonly Message[], syncedSeq: number): number {
  let seq = syncedSeq;
  let index = firstIndexAbove(messages, seq);
  while (messages[index]?.seq === seq + 1) {
    seq++;
    index++;
  }
  return seq;
}

/** Index of the first message with a seq above `seq` (binary search; messages are ordered). */
export function firstIndexAbove(messages: readonly Message[], seq: number): number {
  let low = 0;
  let high = messages.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((messages[mid] as Message).seq <= seq) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Whether every message with a seq in (after, upTo] is loaded. */
export function covers(messages: readonly Message[], after: number, upTo: number): boolean {
  if (upTo <= after) return true;
  const from = firstIndexAbove(messages, after);
  const to = firstIndexAbove(messages, upTo);
  return to - from === upTo - after;
}
