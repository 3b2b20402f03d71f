import { selectTypingUsers } from '@natter/client';
import { typingPhrase } from '../lib/typing-phrase.js';
import { useChat } from '../state/client-context.js';
import { useProfiles } from '../state/use-profiles.js';

/** "Alice is typing…" with animated dots; keeps its height so the list does not jump. */
export function TypingIndicator({ roomId }: { roomId: string }) {
  const typists = useChat((s) => selectTypingUsers(s, roomId));
  const profiles = useProfiles(typists);
  const phrase = typingPhrase(typists.map((id) => profiles[id]?.displayName ?? 'Someone'));
  return (
    <div className="typing" aria-live="polite">
      {phrase && (
        <>
          <span className="typing-dots" aria-hidden="true">
            <span />
            <span />
            <span />
          </span>
          <span>{phrase}</span>
        </>
      )}
    </div>
  );
}
