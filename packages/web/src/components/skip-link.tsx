import type { MouseEvent, ReactNode } from 'react';

interface SkipLinkProps {
  /** The id of the element that takes focus. */
  targetId: string;
  children: ReactNode;
}

/**
 * A link, hidden until it has keyboard focus, that moves focus past a long stretch of content
 * (WCAG 2.4.1). It focuses the target itself instead of following `#id`: the app's router owns
 * the URL, and a fragment only moves the reading position, not focus, in some browsers.
 */
export function SkipLink({ targetId, children }: SkipLinkProps) {
  const skip = (event: MouseEvent<HTMLAnchorElement>) => {
    const target = document.getElementById(targetId);
    if (!target) return;
    event.preventDefault();
    target.focus();
  };
  return (
    <a className="skip-link" href={`#${targetId}`} onClick={skip}>
      {children}
    </a>
  );
}
