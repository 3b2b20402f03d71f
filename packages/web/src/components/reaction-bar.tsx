import { useId, useState } from 'react';
import type { TimelineMessage } from '@natter/client';
import type { Reaction } from '@natter/protocol';
import { reactionChipLabel, whoReacted } from '../lib/reaction-labels.js';
import { useClient } from '../state/client-context.js';
import { useProfiles } from '../state/use-profiles.js';

interface ReactionBarProps {
  message: TimelineMessage;
  meId: string;
}

/**
 * The reactions under a message: one chip per emoji with its count, pressed when the user is
 * among those who reacted; a press toggles the user's own. Who reacted shows on hover and on
 * keyboard focus, and is each chip's description for screen readers.
 */
export function ReactionBar({ message, meId }: ReactionBarProps) {
  const reactions = message.reactions ?? [];
  const profiles = useProfiles([...new Set(reactions.flatMap((r) => r.userIds))]);
  const messageId = message.id;
  if (reactions.length === 0 || messageId === undefined || message.deletedAt) return null;
  const nameOf = (userId: string) => profiles[userId]?.displayName;
  return (
    <div className="reaction-bar" role="group" aria-label="Reactions">
      {reactions.map((reaction) => (
        <ReactionChip
          key={reaction.emoji}
          messageId={messageId}
          reaction={reaction}
          meId={meId}
          who={whoReacted(reaction, meId, nameOf)}
        />
      ))}
    </div>
  );
}

interface ReactionChipProps {
  messageId: string;
  reaction: Reaction;
  meId: string;
  who: string;
}

function ReactionChip({ messageId, reaction, meId, who }: ReactionChipProps) {
  const client = useClient();
  const tooltipId = useId();
  // Shown while the pointer is over the chip or its tooltip, or the chip has keyboard focus;
  // Escape hides it (WCAG 1.4.13: dismissible, hoverable, persistent).
  const [hovered, setHovered] = useState(false);
  const [focused, setFocused] = useState(false);
  const [dismissed, setDismissed] = useState(false);
  const mine = reaction.userIds.includes(meId);
  const toggle = () => {
    // A refusal rolls the chip back in the store: what it shows is the answer.
    const done = mine
      ? client.unreact(messageId, reaction.emoji)
      : client.react(messageId, reaction.emoji);
    done.catch(() => undefined);
  };
  const shown = (hovered || focused) && !dismissed;
  return (
    <span
      className="reaction"
      onPointerEnter={(event) => event.pointerType === 'mouse' && setHovered(true)}
      onPointerLeave={() => {
        setHovered(false);
        setDismissed(false);
      }}
    >
      <button
        type="button"
        className="reaction-chip"
        aria-pressed={mine}
        aria-label={reactionChipLabel(reaction, meId)}
        aria-describedby={tooltipId}
        onClick={toggle}
        onFocus={(event) => setFocused(event.currentTarget.matches(':focus-visible'))}
        onBlur={() => {
          setFocused(false);
          setDismissed(false);
        }}
        onKeyDown={(event) => {
          if (event.key !== 'Escape' || !shown) return;
          // Closes the tooltip only: the timeline's Escape (leave the message) waits for the next.
          event.stopPropagation();
          setDismissed(true);
        }}
      >
        <span className="reaction-emoji">{reaction.emoji}</span>{' '}
        <span className="reaction-count">{reaction.count}</span>
      </button>
      <span id={tooltipId} role="tooltip" className="reaction-tooltip" hidden={!shown}>
        {who}
      </span>
    </span>
  );
}
