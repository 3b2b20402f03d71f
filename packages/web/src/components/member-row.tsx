import type { ReactNode } from 'react';
import { presenceText } from '../lib/presence-text.js';
import { presenceDot, useKnownPresence } from '../state/use-presence.js';
import { useProfiles } from '../state/use-profiles.js';
import { Avatar } from './avatar.js';

interface MemberRowProps {
  userId: string;
  me: string;
  /** A group's moderators are labelled; plain members are not. */
  role?: 'owner' | 'admin' | undefined;
  size?: 'md' | 'lg';
  /** An action on the member (remove). */
  children?: ReactNode;
}

const ROLE_LABELS = { owner: 'Owner', admin: 'Admin' } as const;

/** One person in a conversation's details: avatar with presence, name, username, role. */
export function MemberRow({ userId, me, role, size = 'md', children }: MemberRowProps) {
  const profile = useProfiles([userId])[userId];
  const isMe = userId === me;
  const presence = useKnownPresence(isMe ? undefined : userId);
  const name = profile?.displayName ?? 'Loading…';
  const status = isMe ? 'you' : presenceText(presence);
  return (
    <li className={`member-row member-row-${size}`}>
      <Avatar id={userId} name={name} size={size} online={presenceDot(presence, !isMe)} />
      <span className="member-names">
        <span className="member-name">
          {name}
          {role && <span className="role-badge">{ROLE_LABELS[role]}</span>}
        </span>
        <span className="member-meta">
          {profile && `@${profile.username}`}
          {status && (
            <span className={status === 'online' ? 'member-presence online' : 'member-presence'}>
              {' · '}
              {status}
            </span>
          )}
        </span>
      </span>
      {children}
    </li>
  );
}
