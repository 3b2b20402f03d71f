import { useEffect, useMemo, useState } from 'react';
import type { ConversationStatus } from '@natter/protocol';
import type { AssigneeFilter, InboxFilters } from '../lib/inbox-filter.js';
import { useChat } from '../state/client-context.js';
import { useSupportAccess } from '../state/support-access.js';
import { useInbox } from '../state/use-inbox.js';
import { useProfiles } from '../state/use-profiles.js';
import { CueControls } from './cue-controls.js';
import { InboxRow } from './inbox-row.js';
import { FormErrors } from './form-errors.js';

interface InboxPanelProps {
  meId: string;
  activeRoomId: string | undefined;
  onOpen: (roomId: string) => void;
}

const STATUSES: readonly [ConversationStatus, string][] = [
  ['open', 'Open'],
  ['pending', 'Pending'],
  ['resolved', 'Resolved'],
];

/** Re-renders the waiting times once a minute. */
function useMinuteClock(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/** The agents' inbox: status, assignee and site filters over the live list of conversations. */
export function InboxPanel({ meId, activeRoomId, onOpen }: InboxPanelProps) {
  const { sites, isAdmin } = useSupportAccess();
  const [filters, setFilters] = useState<InboxFilters>({
    status: 'open',
    assignee: 'all',
    siteId: undefined,
  });
  const inbox = useInbox(filters, meId);
  const now = useMinuteClock();
  const rooms = useChat((s) => s.rooms);
  const assigneeIds = useMemo(
    () => [...new Set(inbox.conversations.flatMap((c) => (c.assigneeId ? [c.assigneeId] : [])))],
    [inbox.conversations],
  );
  const profiles = useProfiles(assigneeIds);
  // Latest activity first, from the SDK's rooms: a new message moves its conversation up at once.
  const ordered = useMemo(() => {
    const activity = (roomId: string, fallback: string) =>
      rooms[roomId]?.lastActivityAt ?? fallback;
    return [...inbox.conversations].sort((a, b) =>
      activity(b.roomId, b.lastActivityAt).localeCompare(activity(a.roomId, a.lastActivityAt)),
    );
  }, [inbox.conversations, rooms]);
  const siteNames = new Map(sites.map((s) => [s.id, s.name]));
  const set = (change: Partial<InboxFilters>) => setFilters((f) => ({ ...f, ...change }));

  return (
    <>
      <div className="inbox-filters">
        <fieldset className="segmented">
          <legend className="visually-hidden">Status</legend>
          {STATUSES.map(([status, label]) => (
            <label key={status} className="segment">
              <input
                type="radio"
                name="inbox-status"
                value={status}
                checked={filters.status === status}
                onChange={() => set({ status })}
              />
              <span>{label}</span>
            </label>
          ))}
        </fieldset>
        <div className="inbox-selects">
          <label className="select-field">
            <span>Assignee</span>
            <select
              value={filters.assignee}
              onChange={(e) => set({ assignee: e.target.value as AssigneeFilter })}
            >
              <option value="mine">Mine</option>
              <option value="unassigned">Unassigned</option>
              <option value="all">All</option>
            </select>
          </label>
          {sites.length > 1 && (
            <label className="select-field">
              <span>Site</span>
              <select
                value={filters.siteId ?? ''}
                onChange={(e) => set({ siteId: e.target.value || undefined })}
              >
                <option value="">All sites</option>
                {sites.map((site) => (
                  <option key={site.id} value={site.id}>
                    {site.name}
                  </option>
                ))}
              </select>
            </label>
          )}
        </div>
        <CueControls />
      </div>
      <nav aria-label="Conversations" className="rooms" aria-busy={inbox.loading}>
        <FormErrors errors={[inbox.error]} />
        {ordered.length === 0 ? (
          <p className="rooms-empty">
            {inbox.loading ? 'Loading conversations…' : emptyText(filters)}
            {!inbox.loading && isAdmin && (
              <>
                {' '}
                The admin receives the conversations of the sites they serve as an agent (Settings →
                the site → Agents).
              </>
            )}
          </p>
        ) : (
          <ul>
            {ordered.map((conversation) => (
              <InboxRow
                key={conversation.roomId}
                conversation={conversation}
                siteName={sites.length > 1 ? siteNames.get(conversation.siteId) : undefined}
                assigneeName={
                  conversation.assigneeId === meId
                    ? 'You'
                    : conversation.assigneeId
                      ? (profiles[conversation.assigneeId]?.displayName ?? 'An agent')
                      : undefined
                }
                active={conversation.roomId === activeRoomId}
                now={now}
                onOpen={onOpen}
              />
            ))}
          </ul>
        )}
        {inbox.hasMore && (
          <button type="button" className="button wide" onClick={inbox.loadMore}>
            Show more
          </button>
        )}
      </nav>
    </>
  );
}

function emptyText(filters: InboxFilters): string {
  if (filters.status === 'resolved') return 'No resolved conversations.';
  if (filters.assignee === 'mine') return 'Nothing assigned to you. Nice work.';
  if (filters.status === 'pending') return 'No conversations waiting on visitors.';
  return 'No open conversations. New ones from your sites appear here.';
}
