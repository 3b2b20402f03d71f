/** The app's icon as index.html links it; the badge is drawn over it. */
const ICON = '/favicon.svg';
/** Drawn at 64 px: sharp on high-density tab strips, and small to encode. */
const SIZE = 64;

/** The count a favicon has room for: up to 9, then "9+" (a tab icon is 16 px on screen). */
export function faviconBadgeText(unread: number): string {
  if (unread <= 0) return '';
  return unread > 9 ? '9+' : String(unread);
}

let icon: Promise<HTMLImageElement> | undefined;
const loadIcon = () =>
  (icon ??= new Promise((resolve, reject) => {
    const image = new Image();
    image.onload = () => resolve(image);
    image.onerror = reject;
    image.src = ICON;
  }));

/** The icon with a red disc and the count at its top right, as a PNG data URL. */
async function badgedIcon(text: string): Promise<string | undefined> {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = SIZE;
  const context = canvas.getContext('2d');
  if (!context) return undefined;
  context.drawImage(await loadIcon(), 0, 0, SIZE, SIZE);
  const radius = SIZE * 0.3;
  const [x, y] = [SIZE - radius, radius];
  context.beginPath();
  context.arc(x, y, radius, 0, Math.PI * 2);
  context.fillStyle = '#d93025';
  context.fill();
  context.lineWidth = SIZE * 0.05;
  context.strokeStyle = '#ffffff';
  context.stroke();
  context.fillStyle = '#ffffff';
  context.font = `bold ${text.length > 1 ? SIZE * 0.3 : SIZE * 0.4}px system-ui, sans-serif`;
  context.textAlign = 'center';
  context.textBaseline = 'middle';
  context.fillText(text, x, y + SIZE * 0.02);
  return canvas.toDataURL('image/png');
}

/**
 * Shows the unread count on the tab's icon (seen in a crowded tab strip, and in the taskbar of an
 * installed app), or the plain icon at none. Without canvas (or with the icon unloadable) the
 * plain icon stays: the title still carries the count.
 */
export async function showFaviconBadge(unread: number): Promise<void> {
  const link = document.querySelector<HTMLLinkElement>('link[rel="icon"]');
  if (!link) return;
  const text = faviconBadgeText(unread);
  const href = text ? await badgedIcon(text).catch(() => undefined) : undefined;
  link.type = href ? 'image/png' : 'image/svg+xml';
  link.href = href ?? ICON;
  link.dataset.badge = href ? text : '';
}
