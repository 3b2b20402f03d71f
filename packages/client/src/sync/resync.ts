import { LIMITS } from '@natter/protocol';
import type { MessagesSyncPayload, SyncRoomResult } from '@natter/protocol';
import { NatterError } from '../natter-error.js';
import type { RestApi } from '../transport/rest-api.js';
import type { SocketConnection } from '../transport/socket-connection.js';
import type { ChatEvent } from '../store/actions.js';
import type { Store } from '../store/create-store.js';
import type { ChatState } from '../store/state.js';

export interface ResyncDeps {
  store: Store<ChatState, ChatEvent>;
  api: Pick<RestApi, 'listRooms'>;
  request: SocketConnection['request'];
  /** False once the connection this resync serves has dropped: its answers are then stale. */
  isCurrent(): boolean;
}

/** Sync rounds per room before giving up on a server that keeps saying `hasMore`. */
const MAX_ROUNDS = 1_000;

/**
 * Catches up after a (re)connect, in the order that loses nothing: first the room list ("join
 * first": rooms joined or left while away), then, per room, the messages after the highest seq
 * held without a gap and the edits and deletes since the last change cursor, page by page, with
 * every member's receipt marks (so receipts given while this client was away are not lost).
 * Whatever arrives live meanwhile merges with it: messages by id, marks forward only.
 */
export async function resync(deps: ResyncDeps): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const rooms = await deps.api.listRooms();
    if (!deps.isCurrent()) return;
    deps.store.dispatch({ type: 'rooms/loaded', rooms });
    try {
      await syncRooms(
        deps,
        rooms.map((r) => r.id),
      );
      if (!deps.isCurrent()) return;
      // A room announced (room:new) while the list was on its way still needs its cursor.
      const { rooms: known, timelines } = deps.store.getState();
      await syncRooms(
        deps,
        Object.keys(known).filter((id) => !timelines[id]),
      );
      return;
    } catch (error) {
      // Removed from a room between the list and the sync: the list is stale, fetch it again.
      if (!(error instanceof NatterError && error.code === 'forbidden') || attempt >= 3)
        throw error;
    }
  }
}

/**
 * Brings rooms' timelines up to date with `messages:sync`. A room without a timeline gets an
 * empty one that starts at its current last seq, with a change cursor, so that from now on it
 * misses nothing; its older history loads on demand.
 */
export async function syncRooms(deps: ResyncDeps, roomIds: readonly string[]): Promise<void> {
  let pending = [...roomIds];
  for (let round = 0; pending.length > 0 && round < MAX_ROUNDS; round++) {
    const more: string[] = [];
    let progressed = false;
    for (let i = 0; i < pending.length; i += LIMITS.syncRoomsMax) {
      const requests = requestsFor(
        deps.store.getState(),
        pending.slice(i, i + LIMITS.syncRoomsMax),
      );
      if (requests.length === 0) continue;
      const { rooms } = await deps.request('messages:sync', { rooms: requests });
      if (!deps.isCurrent()) return;
      for (const result of rooms) {
        const request = requests.find((r) => r.roomId === result.roomId);
        if (!request) continue;
        if (applyResult(deps.store, result, request.afterSeq)) progressed = true;
        // A room can come back empty with `hasMore` when the answer was full before its turn
        // (the server caps one answer across rooms): it is asked again, nearer the front.
        if (result.hasMore) more.push(result.roomId);
      }
    }
    // A server that keeps saying `hasMore` without moving any room would make this loop forever.
    if (!progressed) return;
    pending = more;
  }
}

type SyncRequest = MessagesSyncPayload['rooms'][number];

function requestsFor(state: ChatState, roomIds: readonly string[]): SyncRequest[] {
  return roomIds.flatMap((roomId) => {
    const room = state.rooms[roomId];
    if (!room) return [];
    const timeline = state.timelines[roomId];
    const request: SyncRequest = { roomId, afterSeq: timeline?.syncedSeq ?? room.lastSeq };
    if (timeline?.changesCursor !== undefined) request.changesSince = timeline.changesCursor;
    return [request];
  });
}

/** Applies one room's answer; false when it moved nothing. */
function applyResult(
  store: Store<ChatState, ChatEvent>,
  result: SyncRoomResult,
  afterSeq: number,
): boolean {
  const before = store.getState().timelines[result.roomId];
  store.dispatch({ type: 'sync/applied', result, afterSeq });
  const after = store.getState().timelines[result.roomId];
  return (
    before === undefined ||
    after?.syncedSeq !== before.syncedSeq ||
    after.changesCursor !== before.changesCursor
  );
}

/**
 * Fetches presence of everyone sharing a room with this user (the server filters the rest). Not
 * for a website visitor (the visitor of its rooms): the server refuses it `presence:get`, and the
 * `presence:update`s of its conversation reach it anyway (docs/widget.md).
 */
export async function loadPresence(
  deps: Pick<ResyncDeps, 'store' | 'request' | 'isCurrent'>,
): Promise<void> {
  const state = deps.store.getState();
  const me = state.me?.id;
  if (me !== undefined && Object.values(state.rooms).some((room) => room.visitorId === me)) return;
  const userIds = [
    ...new Set(Object.values(state.rooms).flatMap((room) => room.participants)),
  ].filter((id) => id !== me);
  const PRESENCE_BATCH = 1_000;
  for (let i = 0; i < userIds.length; i += PRESENCE_BATCH) {
    const { presence } = await deps.request('presence:get', {
      userIds: userIds.slice(i, i + PRESENCE_BATCH),
    });
    if (!deps.isCurrent()) return;
    deps.store.dispatch({ type: 'presence/loaded', presence });
  }
}
