import type { CSSProperties } from 'react';
import { hueOf, initials } from '../lib/initials.js';

interface AvatarProps {
  id: string;
  name: string;
  /** The person's uploaded picture; initials show without one (or while it loads). */
  url?: string | undefined;
  size?: 'sm' | 'md' | 'lg' | 'xl';
  /** A chosen colour's hue (a group's); else one derived from the id. */
  hue?: number | undefined;
  /** Direct rooms show the other person's presence as a dot. */
  online?: boolean | undefined;
}

/** A picture, or initials on a chosen colour or one derived from the id, with an optional online dot. */
export function Avatar({ id, name, url, size = 'md', hue, online }: AvatarProps) {
  const style = { '--avatar-hue': hue ?? hueOf(id) } as CSSProperties;
  return (
    <span className={`avatar avatar-${size}`} style={style} aria-hidden="true">
      {initials(name)}
      {url && <img className="avatar-image" src={url} alt="" />}
      {online !== undefined && <span className={online ? 'presence-dot online' : 'presence-dot'} />}
    </span>
  );
}
