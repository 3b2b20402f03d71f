import { useState } from 'react';
import { visitorLabel } from '../lib/inbox-filter.js';
import { useSupportAccess } from '../state/support-access.js';
import { useCannedResponses, useSiteAgents } from '../state/use-site-data.js';
import { useSupportConversation } from '../state/use-support-conversation.js';
import { Conversation } from './conversation.js';
import { ConversationControls } from './conversation-controls.js';
import { Icon } from './icon.js';
import { PrivateNotes } from './private-notes.js';
import { VisitorDetails } from './visitor-details.js';
import { FormErrors } from './form-errors.js';

interface SupportConversationProps {
  roomId: string;
  meId: string;
  onBack: () => void;
}

/**
 * A support conversation in the inbox: the chats' own timeline and composer (with canned
 * responses on `/`) beside the visitor's details, the actions and the private notes. On narrow
 * screens the details replace the timeline while "Details" is pressed.
 */
export function SupportConversation({ roomId, meId, onBack }: SupportConversationProps) {
  const { sites } = useSupportAccess();
  const { conversation, error, set } = useSupportConversation(roomId);
  const siteId = conversation?.siteId;
  const agents = useSiteAgents(siteId);
  const canned = useCannedResponses(siteId);
  const [showDetails, setShowDetails] = useState(false);
  const site = sites.find((s) => s.id === siteId);

  const heading = conversation && {
    avatarId: conversation.visitor.id,
    title: visitorLabel(conversation),
    subtitle: [conversation.visitor.email, site?.name].filter(Boolean).join(' · ') || 'Visitor',
  };

  return (
    <div className="support-view" data-details={showDetails ? 'shown' : 'hidden'}>
      <Conversation
        roomId={roomId}
        onBack={onBack}
        heading={heading ?? { title: 'Visitor', subtitle: '', avatarId: roomId }}
        cannedResponses={canned.value ?? []}
        headerActions={
          <button
            type="button"
            className="button details-toggle"
            aria-pressed={showDetails}
            onClick={() => setShowDetails((v) => !v)}
          >
            <Icon name="users" size={16} />
            Details
          </button>
        }
      />
      <aside className="support-details" aria-label="Conversation details">
        {showDetails && (
          <button
            type="button"
            className="button details-back"
            onClick={() => setShowDetails(false)}
          >
            <Icon name="back" size={16} />
            Back to the conversation
          </button>
        )}
        <FormErrors errors={[error]} />
        {conversation && (
          <>
            <VisitorDetails conversation={conversation} siteName={site?.name} />
            <ConversationControls
              conversation={conversation}
              meId={meId}
              agents={agents.value}
              onChanged={set}
            />
            <PrivateNotes roomId={roomId} />
          </>
        )}
      </aside>
    </div>
  );
}
