/** Natter's own colour, when the site names none. */
const DEFAULT_ACCENT = '#1a73e8';

/**
 * Paints the site's accent colour (CSS custom properties, set through the CSSOM: allowed by the
 * page's `style-src 'self'`), with black or white text on it, whichever reads better.
 */
export function applyAccent(color: string | undefined): void {
  const accent = color && /^#[0-9a-fA-F]{6}$/.test(color) ? color : DEFAULT_ACCENT;
  const root = document.documentElement.style;
  root.setProperty('--accent', accent);
  root.setProperty('--on-accent', luminance(accent) > 0.4 ? '#111' : '#fff');
}

/** WCAG relative luminance of `#rrggbb`. */
function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}
