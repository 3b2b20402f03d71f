import type { IconName } from '../lib/icon-paths.js';
import { ICON_PATHS } from '../lib/icon-paths.js';

interface IconProps {
  name: IconName;
  size?: number;
  className?: string;
}

/** A decorative stroked icon: hidden from assistive tech; the button around it carries the name. */
export function Icon({ name, size = 20, className }: IconProps) {
  return (
    <svg
      className={className}
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={2}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={ICON_PATHS[name]} />
    </svg>
  );
}
