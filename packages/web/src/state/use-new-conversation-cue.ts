import { useEffect, useRef, useState } from 'react';
import { playChime } from '../lib/chime.js';
import { useClient } from './client-context.js';
import { cueEnabled, desktopCueAllowed } from './cue-preferences.js';

/**
 * Tells an agent of a new conversation (its first visitor message): always in a live region,
 * and with a chime and a desktop notification (each if the agent wants it) unless they are
 * looking at the inbox already. Answers the live region's text.
 */
export function useNewConversationCue(active: boolean, inboxVisible: boolean): string {
  const client = useClient();
  const [announcement, setAnnouncement] = useState('');
  const inboxVisibleRef = useRef(inboxVisible);
  inboxVisibleRef.current = inboxVisible;

  useEffect(() => {
    if (!active) return;
    const cue = (roomId: string, from: string) => {
      setAnnouncement(`New conversation from ${from}`);
      const watching = document.visibilityState === 'visible' && inboxVisibleRef.current;
      if (watching) return;
      if (cueEnabled('sound')) playChime();
      if (desktopCueAllowed()) {
        const notification = new Notification('New conversation', {
          body: `${from} is waiting for an answer`,
          tag: `natter-support-${roomId}`,
        });
        notification.onclick = () => {
          window.focus();
          window.history.pushState(null, '', `/inbox/${encodeURIComponent(roomId)}`);
          window.dispatchEvent(new PopStateEvent('popstate'));
        };
      }
    };
    const me = () => client.getState().me?.id;
    return client.onEvent((event) => {
      if (event.type === 'message:new') {
        const message = event.payload;
        const isSupport = client.getState().rooms[message.roomId]?.type === 'support';
        if (isSupport && message.seq === 1 && message.senderId !== me()) {
          cue(message.roomId, message.sender.displayName);
        }
      } else if (event.type === 'room:new' && event.payload.type === 'support') {
        // An agent added to a site receives its conversations as room:new, already talking.
        const last = event.payload.lastMessage;
        if (last && last.seq === 1 && last.senderId !== me()) {
          cue(event.payload.id, last.sender.displayName);
        }
      }
    });
  }, [active, client]);

  return announcement;
}
