import type { CSSProperties } from 'react';
import { hueOf, initials } from '../lib/initials.js';

interface AvatarProps {
  id: string;
  name: string;
  size?: 'sm' | 'md' | 'lg';
  /** Direct rooms show the other person's presence as a dot. */
  online?: boolean | undefined;
}

/** Initials on a colour derived from the id, with an optional online dot. */
export function Avatar({ id, name, size = 'md', online }: AvatarProps) {
  const style = { '--avatar-hue': hueOf(id) } as CSSProperties;
  return (
    <span className={`avatar avatar-${size}`} style={style} aria-hidden="true">
      {initials(name)}
      {online !== undefined && <span className={online ? 'presence-dot online' : 'presence-dot'} />}
    </span>
  );
}
