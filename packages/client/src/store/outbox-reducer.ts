import type { NatterError } from '../natter-error.js';
import type { ChatState, PendingMessage, PendingUpload } from './state.js';
import { omit } from '../util/omit.js';

function findPending(state: ChatState, clientId: string): PendingMessage | undefined {
  for (const list of Object.values(state.outbox)) {
    const found = list.find((m) => m.clientId === clientId);
    if (found) return found;
  }
  return undefined;
}

function replacePending(
  state: ChatState,
  clientId: string,
  update: (message: PendingMessage) => PendingMessage | undefined,
): ChatState {
  const pending = findPending(state, clientId);
  if (!pending) return state;
  const list = state.outbox[pending.roomId] ?? [];
  const replaced = update(pending);
  if (replaced === pending) return state;
  const next = replaced
    ? list.map((m) => (m === pending ? replaced : m))
    : list.filter((m) => m !== pending);
  const outbox =
    next.length > 0
      ? { ...state.outbox, [pending.roomId]: next }
      : omit(state.outbox, pending.roomId);
  return { ...state, outbox };
}

export function queuePending(state: ChatState, message: PendingMessage): ChatState {
  if (findPending(state, message.clientId)) return state;
  const list = state.outbox[message.roomId] ?? [];
  return { ...state, outbox: { ...state.outbox, [message.roomId]: [...list, message] } };
}

export function failPending(state: ChatState, clientId: string, error: NatterError): ChatState {
  return replacePending(state, clientId, (m) => ({ ...m, status: 'failed', error }));
}

export function retryPending(state: ChatState, clientId: string): ChatState {
  return replacePending(state, clientId, (m) => {
    if (m.status !== 'failed') return m;
    return { ...omit(m, 'error'), status: 'sending' };
  });
}

/**
 * Messages restored from an `OutboxStore`: they were typed before anything queued since, so they
 * go first in their rooms, in the order given. One already pending, or already confirmed by the
 * server (a sync got there first), is left out.
 */
export function restorePending(state: ChatState, messages: readonly PendingMessage[]): ChatState {
  const confirmed = new Set(
    Object.values(state.timelines).flatMap((t) => t.messages.map((m) => m.clientId)),
  );
  const fresh = messages.filter(
    (m) => !findPending(state, m.clientId) && !confirmed.has(m.clientId),
  );
  if (fresh.length === 0) return state;
  const outbox = { ...state.outbox };
  for (const roomId of new Set(fresh.map((m) => m.roomId))) {
    outbox[roomId] = [...fresh.filter((m) => m.roomId === roomId), ...(state.outbox[roomId] ?? [])];
  }
  return { ...state, outbox };
}

/** Drops pending messages (confirmed by the server, or discarded by the user). */
export function removePending(state: ChatState, clientIds: readonly string[]): ChatState {
  let next = state;
  for (const clientId of clientIds) next = replacePending(next, clientId, () => undefined);
  return next;
}

function replaceUpload(
  state: ChatState,
  clientId: string,
  index: number,
  update: (upload: PendingUpload) => PendingUpload,
): ChatState {
  return replacePending(state, clientId, (m) => {
    const upload = m.uploads?.[index];
    if (!m.uploads || !upload) return m;
    const replaced = update(upload);
    if (replaced === upload) return m;
    return { ...m, uploads: m.uploads.map((u, i) => (i === index ? replaced : u)) };
  });
}

/** Progress only moves forward, within 0..1, and stops mattering once the file is uploaded. */
export function progressUpload(
  state: ChatState,
  clientId: string,
  index: number,
  progress: number,
): ChatState {
  const clamped = Math.min(1, Math.max(0, progress));
  return replaceUpload(state, clientId, index, (u) =>
    u.attachmentId !== undefined || clamped <= u.progress ? u : { ...u, progress: clamped },
  );
}

export function completeUpload(
  state: ChatState,
  clientId: string,
  index: number,
  attachmentId: string,
): ChatState {
  return replaceUpload(state, clientId, index, (u) =>
    u.attachmentId === attachmentId ? u : { ...u, progress: 1, attachmentId },
  );
}
