import { useState } from 'react';
import type { Agent } from '@natter/client';
import type { Conversation, ConversationStatus } from '@natter/protocol';
import { errorMessage } from '../lib/error-message.js';
import { supportApi } from '../state/support-access.js';
import { FormErrors } from './form-errors.js';

interface ConversationControlsProps {
  conversation: Conversation;
  meId: string;
  agents: readonly Agent[] | undefined;
  onChanged: (conversation: Conversation) => void;
}

const STATUS_LABEL: Record<ConversationStatus, string> = {
  open: 'Open',
  pending: 'Pending',
  resolved: 'Resolved',
};

/** Claim, assign to a colleague, and move the status (resolve, reopen, mark pending). */
export function ConversationControls({
  conversation,
  meId,
  agents,
  onChanged,
}: ConversationControlsProps) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  const { roomId, status, assigneeId } = conversation;

  const run = (command: () => Promise<Conversation>) => {
    setBusy(true);
    setProblem(undefined);
    command().then(
      (next) => {
        onChanged(next);
        setBusy(false);
      },
      (error: unknown) => {
        setProblem(errorMessage(error, 'That did not work. Try again.'));
        setBusy(false);
      },
    );
  };
  const setStatus = (next: ConversationStatus) => run(() => supportApi().setStatus(roomId, next));

  return (
    <section className="details-section" aria-label="Conversation">
      <div className="details-status">
        <span className={`pill pill-${status}`}>{STATUS_LABEL[status]}</span>
        {assigneeId !== meId && (
          <button
            type="button"
            className="button small-button"
            disabled={busy}
            onClick={() => run(() => supportApi().claim(roomId))}
          >
            Claim
          </button>
        )}
      </div>
      <label className="select-field stacked">
        <span>Assigned to</span>
        <select
          value={assigneeId ?? ''}
          disabled={busy || !agents}
          onChange={(e) => {
            const userId = e.target.value;
            if (userId) run(() => supportApi().assign(roomId, userId));
          }}
        >
          {!assigneeId && <option value="">Unassigned</option>}
          {agents?.map((agent) => (
            <option key={agent.id} value={agent.id}>
              {agent.id === meId ? `${agent.displayName} (you)` : agent.displayName}
            </option>
          ))}
        </select>
      </label>
      <div className="details-actions">
        {status !== 'resolved' ? (
          <button
            type="button"
            className="button primary"
            disabled={busy}
            onClick={() => setStatus('resolved')}
          >
            Resolve
          </button>
        ) : (
          <button
            type="button"
            className="button primary"
            disabled={busy}
            onClick={() => setStatus('open')}
          >
            Reopen
          </button>
        )}
        {status === 'open' && (
          <button
            type="button"
            className="button"
            disabled={busy}
            onClick={() => setStatus('pending')}
          >
            Mark pending
          </button>
        )}
        {status === 'pending' && (
          <button
            type="button"
            className="button"
            disabled={busy}
            onClick={() => setStatus('open')}
          >
            Reopen
          </button>
        )}
      </div>
      <FormErrors errors={[problem]} />
    </section>
  );
}
